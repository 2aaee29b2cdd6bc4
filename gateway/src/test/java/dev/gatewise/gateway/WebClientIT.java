package dev.gatewise.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web client in a real browser: web/e2e drives Debian's Chromium (playwright-core) against the
 * packaged gateway. Screenshots of every step are kept in target/e2e-screenshots/SCENARIO.
 */
class WebClientIT {
    private static final Path WEB = Path.of("..", "web").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void twoPeopleChatWithReceiptsAndExchangeFiles() throws Exception {
        try (var gateway = new GatewayProcess(dir.resolve("data")).start()) {
            runScenario("chat", gateway);
        }
    }

    @Test
    void aStreamPublishedWithFfmpegIsAnnouncedListedAndPlaysInTheBrowser() throws Exception {
        try (var gateway = new GatewayProcess(dir.resolve("data")).start()) {
            runScenario("live", gateway);
        }
    }

    @Test
    void chromiumsNativePlayerPlaysASignedStreamLinkAsTsAndAsLowLatencyFmp4() throws Exception {
        try (var gateway = new GatewayProcess(dir.resolve("data")).start()) {
            runScenario("native", gateway);
        }
    }

    @Test
    void twoPeopleVideoCallThroughTheTurnRelay() throws Exception {
        try (var turn = new CoturnProcess(dir.resolve("coturn"), "turn-secret-" + System.nanoTime());
             var gateway = new GatewayProcess(dir.resolve("data"), "it-node", turn.gatewayArgs()).start()) {
            runScenario("calls", gateway);
        }
    }

    @Test
    void aVoiceClipRecordedInOnePageIsSentAndPlaysToItsEndInTheOther() throws Exception {
        try (var gateway = new GatewayProcess(dir.resolve("data")).start()) {
            runScenario("voice", gateway);
        }
    }

    private void runScenario(String scenario, GatewayProcess gateway) throws IOException, InterruptedException {
        Path screenshots = Path.of("target", "e2e-screenshots", scenario).toAbsolutePath();
        Path log = Path.of("target", "e2e-" + scenario + ".log").toAbsolutePath();
        Process node = new ProcessBuilder("node", "e2e/run.mjs", scenario, gateway.uri("").toString(),
                screenshots.toString())
                .directory(WEB.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!node.waitFor(5, TimeUnit.MINUTES)) {
            node.destroyForcibly().waitFor();
        }
        assertThat(node.exitValue())
                .as("web/e2e %s scenario (screenshots in %s):%n%s", scenario, screenshots, Files.readString(log))
                .isZero();
    }
}

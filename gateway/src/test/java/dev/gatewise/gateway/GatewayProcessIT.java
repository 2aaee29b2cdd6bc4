package dev.gatewise.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IT helper itself: a gateway that does not come up in time is not left running. */
class GatewayProcessIT {
    @TempDir
    Path temp;

    @Test
    void aStartThatTimesOutKillsTheJvmAndWaitsForIt() throws Exception {
        var gateway = new GatewayProcess(temp.resolve("data"));
        // No JVM starts Spring in 300 ms: the wait times out with the gateway still starting.
        assertThatThrownBy(() -> gateway.start(Duration.ofMillis(300))).isInstanceOf(ConditionTimeoutException.class);
        assertThat(gateway.handle().isAlive()).isFalse();
    }
}

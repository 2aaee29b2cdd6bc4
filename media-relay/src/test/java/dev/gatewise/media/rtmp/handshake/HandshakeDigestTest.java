package dev.gatewise.media.rtmp.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.media.testing.Ffmpeg;
import dev.gatewise.media.testing.TestRelay;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The complex handshake against ffmpeg, which sends a digest in C1 and, when it plays, checks S1 and S2. */
class HandshakeDigestTest {

    @Test
    void ffmpegsC1CarriesADigestWeRecognize() throws Exception {
        try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Ffmpeg client = Ffmpeg.probe("-v", "error", "-rw_timeout", "3000000",
                    "rtmp://127.0.0.1:" + listener.getLocalPort() + "/live/x");
            try (Socket socket = listener.accept()) {
                InputStream in = socket.getInputStream();
                byte[] c0c1 = in.readNBytes(1 + HandshakeDigest.PACKET_SIZE);
                assertThat(c0c1[0]).isEqualTo((byte) 3);
                byte[] c1 = new byte[HandshakeDigest.PACKET_SIZE];
                System.arraycopy(c0c1, 1, c1, 0, c1.length);
                assertThat(HandshakeDigest.clientDigestPosition(c1)).isPositive();
            } finally {
                client.kill();
            }
        }
    }

    @Test
    void plainC1HasNoDigest() {
        assertThat(HandshakeDigest.clientDigestPosition(new byte[HandshakeDigest.PACKET_SIZE])).isEqualTo(-1);
    }

    @Test
    void ffmpegAcceptsOurDigestAndSignature() throws Exception {
        try (var relay = new TestRelay()) {
            // ffmpeg verifies S1's digest and S2's signature before it plays; it reaches play only if both hold.
            Ffmpeg probe = Ffmpeg.probe("-loglevel", "debug", relay.url("nothing"));
            assertThat(probe.waitFor(Duration.ofSeconds(20))).isNotZero();
            assertThat(probe.output()).contains("Server version 4.5.0.1").contains("stream nothing is not live")
                    .doesNotContain("validating failed").doesNotContain("Signature mismatch");
        }
    }
}

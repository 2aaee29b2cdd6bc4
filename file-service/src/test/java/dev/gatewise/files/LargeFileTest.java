package dev.gatewise.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.files.testing.FileServer;
import dev.gatewise.im.testing.TestServer;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A 2 GiB file goes up and comes back down while the heap stays flat: bodies stream between socket and disk and
 * are never held whole. The test JVM has a 256 MiB heap (see the pom), so buffering would fail outright; the peak
 * heap in use is asserted besides.
 */
class LargeFileTest {
    static final long SIZE = 2L * 1024 * 1024 * 1024;
    static final int BLOCK = 1024 * 1024;
    static final long HEAP_BUDGET = 160L * 1024 * 1024;

    @Test
    void twoGibibytesUpAndDownWithAFlatHeap() throws Exception {
        byte[] block = new byte[BLOCK];
        new Random(42).nextBytes(block);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        for (long i = 0; i < SIZE / BLOCK; i++) {
            expected.update(block);
        }
        String sha256 = HexFormat.of().formatHex(expected.digest());

        try (var server = new FileServer(null, settings -> settings.setMaxFileSize(SIZE));
             var heap = new HeapWatch()) {
            TestServer.User alice = server.chat().user("alice");
            var created = server.send(server.request("/files").header("Tus-Resumable", "1.0.0")
                    .header("Upload-Length", Long.toString(SIZE)).POST(BodyPublishers.noBody()), alice.token());
            String location = created.headers().firstValue("Location").orElseThrow();

            var patch = server.send(server.request(location)
                    .header("Tus-Resumable", "1.0.0").header("Upload-Offset", "0")
                    .header("Content-Type", "application/offset+octet-stream")
                    .method("PATCH", BodyPublishers.fromPublisher(
                            BodyPublishers.ofInputStream(() -> new RepeatingStream(block, SIZE)), SIZE)),
                    alice.token());
            assertThat(patch.statusCode()).isEqualTo(204);
            assertThat(patch.headers().firstValue("Upload-Offset")).hasValue(Long.toString(SIZE));

            var download = HttpClient.newHttpClient().send(server.request(location)
                    .header("Authorization", "Bearer " + alice.token()).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.headers().firstValue("ETag")).hasValue("\"" + sha256 + "\"");
            MessageDigest actual = MessageDigest.getInstance("SHA-256");
            long received = 0;
            try (InputStream in = download.body()) {
                byte[] buffer = new byte[BLOCK];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    actual.update(buffer, 0, n);
                    received += n;
                }
            }
            assertThat(received).isEqualTo(SIZE);
            assertThat(HexFormat.of().formatHex(actual.digest())).isEqualTo(sha256);
            System.out.printf("2 GiB up and down; peak heap in use above the start %d MiB%n", heap.peak() >> 20);
            assertThat(heap.peak()).as("peak heap in use above the start, bytes").isLessThan(HEAP_BUDGET);
        }
    }

    /** {@code size} bytes of one block repeated, made as they are read. */
    static final class RepeatingStream extends InputStream {
        private final byte[] block;
        private final long size;
        private long position;

        RepeatingStream(byte[] block, long size) {
            this.block = block;
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? block[(int) (position++ % block.length)] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int inBlock = (int) (position % block.length);
            int n = (int) Math.min(Math.min(len, block.length - inBlock), size - position);
            System.arraycopy(block, inBlock, b, off, n);
            position += n;
            return n;
        }
    }

    /**
     * Samples the heap in use every 20 ms and keeps the highest reading above what was in use when it started (after
     * a GC): the tests that ran before in the same JVM (JavaCV's voice tests, say) leave heap of their own.
     */
    static final class HeapWatch implements AutoCloseable {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private final long baseline;
        private final Thread sampler;
        private volatile boolean running = true;

        HeapWatch() {
            System.gc();
            baseline = memory.getHeapMemoryUsage().getUsed();
            sampler = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watch");
            sampler.setDaemon(true);
            sampler.start();
        }

        long peak() {
            return Math.max(0, peak.get() - baseline);
        }

        @Override
        public void close() {
            running = false;
            sampler.interrupt();
        }
    }
}

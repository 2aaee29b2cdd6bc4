package dev.gatewise.files.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runs the real curl and reads back the status, headers and body of its (last) response. */
public final class Curl {
    private Curl() {}

    public static Response run(String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-i", "--max-time", "30"));
        command.addAll(Arrays.asList(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("curl failed: " + command);
            }
            return Response.parse(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @param headers lower-case names */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        static Response parse(byte[] raw) {
            int start = 0;
            while (true) {
                int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), start);
                String head = new String(raw, start, end - start, StandardCharsets.ISO_8859_1);
                int status = Integer.parseInt(head.split(" ", 3)[1]);
                start = end + 4;
                if (status == 100) {
                    continue; // curl prints the interim answer to Expect: 100-continue first
                }
                Map<String, String> headers = new LinkedHashMap<>();
                for (String line : head.split("\r\n")) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                line.substring(colon + 1).trim());
                    }
                }
                return new Response(status, headers, Arrays.copyOfRange(raw, start, raw.length));
            }
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        private static int indexOf(byte[] data, byte[] pattern, int from) {
            outer:
            for (int i = from; i <= data.length - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (data[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            throw new IllegalStateException("no header end in curl's output");
        }
    }
}

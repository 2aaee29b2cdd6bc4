package dev.gatewise.bench.target;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code INFO} section of a Redis server, read over a plain socket (no client library needed). */
final class RedisInfo {
    private static final Pattern CPU = Pattern.compile("used_cpu_(sys|user):([0-9.]+)");

    private RedisInfo() {}

    static String read(String host, int port, String section) throws IOException {
        try (var socket = new Socket(host, port)) {
            socket.getOutputStream().write(("INFO " + section + "\r\n").getBytes(StandardCharsets.US_ASCII));
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            int length = Integer.parseInt(in.readLine().substring(1));
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    throw new IOException("Redis closed the connection during INFO");
                }
                read += n;
            }
            return new String(body);
        }
    }

    /** used_cpu_sys + used_cpu_user: the server process (not the children it forks to rewrite its files). */
    static double cpuSeconds(String cpuSection) {
        Matcher matcher = CPU.matcher(cpuSection);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(2));
        }
        return total;
    }
}

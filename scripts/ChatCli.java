// A chat client for the terminal, over the raw TCP port: java scripts/ChatCli.java HOST PORT USER PASSWORD PEER
// (registers USER if needed, logs in over HTTP on port 8080 of HOST, then chats with PEER: type a line to send it).
// Run with the JDK alone: no build, no dependencies. The HTTP port can be changed with -Dhttp.port=8081.
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ChatCli {
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: java scripts/ChatCli.java HOST TCP_PORT USER PASSWORD PEER");
            System.exit(2);
        }
        String host = args[0];
        String user = args[2].toLowerCase();
        String peer = args[4].toLowerCase();
        String base = "http://" + host + ":" + Integer.getInteger("http.port", 8080);
        String credentials = "{\"username\":\"" + user + "\",\"password\":\"" + args[3] + "\"}";
        var http = HttpClient.newHttpClient();
        http.send(post(base + "/api/users", credentials), HttpResponse.BodyHandlers.discarding());
        var login = http.send(post(base + "/api/sessions", credentials), HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(login.body());
        if (!token.find()) {
            System.err.println("login failed: " + login.body());
            System.exit(1);
        }
        try (var socket = new Socket(host, Integer.parseInt(args[1]))) {
            var out = new DataOutputStream(socket.getOutputStream());
            var in = new DataInputStream(socket.getInputStream());
            send(out, "{\"type\":\"auth\",\"token\":\"" + token.group(1) + "\",\"device\":\"cli\"}");
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        byte[] frame = new byte[in.readInt()];
                        in.readFully(frame);
                        System.out.println("< " + new String(frame, StandardCharsets.UTF_8));
                    }
                } catch (Exception e) {
                    System.out.println("connection closed");
                    System.exit(0);
                }
            });
            reader.setDaemon(true);
            reader.start();
            var lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = lines.readLine()) != null; ) {
                String text = line.replace("\\", "\\\\").replace("\"", "\\\"");
                send(out, "{\"type\":\"send\",\"to\":\"" + peer + "\",\"clientMsgId\":\"" + UUID.randomUUID()
                        + "\",\"content\":{\"text\":\"" + text + "\"}}");
            }
        }
    }

    private static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static synchronized void send(DataOutputStream out, String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }
}

package io.securitylake.subscriber.alert;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * A webhook receiver for the tests, on the JDK's own HTTP(S) server: keeps every request it gets, and answers
 * 200 unless a test scripted other statuses for a path ({@link #answer}).
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received: path, headers (lower-case names, first value), body. */
    record Received(String path, Map<String, String> headers, byte[] body, Instant at) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripted = new ConcurrentHashMap<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    static WebhookReceiver https(SSLContext ssl) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        return new WebhookReceiver(server);
    }

    static WebhookReceiver http() throws IOException {
        return new WebhookReceiver(HttpServer.create(new InetSocketAddress("localhost", 0), 0));
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The next requests to {@code path} get these statuses, in order; later ones get 200 again. */
    void answer(String path, int... statuses) {
        Deque<Integer> queue = scripted.computeIfAbsent(path, p -> new ArrayDeque<>());
        synchronized (queue) {
            for (int status : statuses) {
                queue.add(status);
            }
        }
    }

    /** The requests whose X-Lake-Delivery is {@code delivery}, in the order they came. */
    List<Received> of(String delivery) {
        return received.stream().filter(r -> delivery.equals(r.header("X-Lake-Delivery"))).toList();
    }

    /** The requests whose body mentions {@code text} (an incident uid, say). */
    List<Received> mentioning(String text) {
        return received.stream().filter(r -> r.text().contains(text)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(path, headers, body, Instant.now()));
        int status = 200;
        Deque<Integer> queue = scripted.get(path);
        if (queue != null) {
            synchronized (queue) {
                if (!queue.isEmpty()) {
                    status = queue.poll();
                }
            }
        }
        byte[] reply = (status == 200 ? "ok" : "refused with " + status).getBytes();
        exchange.sendResponseHeaders(status, reply.length);
        exchange.getResponseBody().write(reply);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

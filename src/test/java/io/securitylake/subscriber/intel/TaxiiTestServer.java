package io.securitylake.subscriber.intel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A TAXII 2.1 server for the tests, on the JDK's HTTPS server on loopback, answering as the examples of the
 * specification (OASIS TAXII 2.1, sections 4 and 5) do: discovery, an API root, its collections, and a collection's
 * objects in envelopes paged with {@code more} / {@code next}, filtered by {@code added_after}, with the
 * {@code X-TAXII-Date-Added-First} / {@code -Last} headers. It is not OASIS's reference server (medallion, a Python
 * package this machine cannot install). Requests without {@code Accept: application/taxii+json;version=2.1} get 406,
 * without the expected {@code Authorization} 401. A test can make {@code next} loop and the objects answer 500.
 */
final class TaxiiTestServer implements AutoCloseable {

    static final String COLLECTION = "91a7b528-80eb-42ed-a74d-c6fbd5a26116";
    static final String LOCKED = "52892447-4d7e-4f70-b94d-d7f22742ff63";

    /** A request as it came: path, decoded query parameters. */
    record Request(String path, Map<String, String> query, String accept, String authorization) {
    }

    private record Stored(String dateAdded, String json) {
    }

    private final HttpsServer server;
    private final List<Stored> objects = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile String authorization;
    private volatile int pageSize = 100;
    private volatile boolean loop;

    TaxiiTestServer(SSLContext ssl, String authorization) throws IOException {
        this.authorization = authorization;
        server = HttpsServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/", this::handle);
        server.start();
    }

    URI discovery() {
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/taxii2/");
    }

    void add(String dateAdded, String objectJson) {
        objects.add(new Stored(dateAdded, objectJson));
    }

    void pageSize(int n) {
        pageSize = n;
    }

    /** From now on every page says {@code more} with the same {@code next}. */
    void loop(boolean on) {
        loop = on;
    }

    /** The next {@code n} object requests answer 500. */
    void fail(int n) {
        failures.set(n);
    }

    List<Request> objectRequests() {
        return requests.stream().filter(r -> r.path().endsWith("/objects/")).toList();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(new Request(path, query, accept, auth));
        if (accept == null || !accept.replace(" ", "").contains(TaxiiClient.MEDIA_TYPE)) {
            send(exchange, 406, "{\"title\": \"Not Acceptable\"}", Map.of());
            return;
        }
        if (authorization != null && !authorization.equals(auth)) {
            send(exchange, 401, "{\"title\": \"Unauthorized\"}", Map.of());
            return;
        }
        String base = "https://localhost:" + server.getAddress().getPort();
        switch (path) {
            case "/taxii2/" -> send(exchange, 200, """
                    {"title": "Some TAXII Server", "description": "This TAXII Server contains a listing of",
                     "contact": "string containing contact information", "default": "%s/api1/",
                     "api_roots": ["%s/api1/", "%s/api2/", "https://example.net/trustgroup1/"]}
                    """.formatted(base, base, base), Map.of());
            case "/api1/" -> send(exchange, 200, """
                    {"title": "Malware Research Group", "description": "A trust group setup for malware researchers",
                     "versions": ["application/taxii+json;version=2.1"], "max_content_length": 104857600}
                    """, Map.of());
            case "/api1/collections/" -> send(exchange, 200, """
                    {"collections": [
                      {"id": "%s", "title": "High Value Indicator Collection",
                       "description": "This data collection contains high value IOCs", "can_read": true,
                       "can_write": false, "media_types": ["application/stix+json;version=2.1"]},
                      {"id": "%s", "title": "Indicators from the past 24-hours",
                       "description": "This data collection is for collecting current IOCs", "can_read": false,
                       "can_write": true, "media_types": ["application/stix+json;version=2.1"]}]}
                    """.formatted(COLLECTION, LOCKED), Map.of());
            case "/api1/collections/" + COLLECTION + "/objects/" -> objects(exchange, query);
            default -> send(exchange, 404, "{\"title\": \"Not Found\"}", Map.of());
        }
    }

    private void objects(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(exchange, 500, "{\"title\": \"Internal Server Error\"}", Map.of());
            return;
        }
        String after = query.get("added_after");
        List<Stored> matching = new ArrayList<>(objects.stream()
                .filter(o -> after == null || o.dateAdded().compareTo(after) > 0).toList());
        matching.sort(Comparator.comparing(Stored::dateAdded));
        int start = query.containsKey("next") ? Integer.parseInt(query.get("next")) : 0;
        int end = Math.min(matching.size(), start + pageSize);
        List<Stored> page = start >= matching.size() ? List.of() : matching.subList(start, end);
        boolean more = loop || end < matching.size();
        StringBuilder body = new StringBuilder("{\"more\": ").append(more);
        if (more) {
            body.append(", \"next\": \"").append(loop ? 1 : end).append('"');
        }
        if (!page.isEmpty()) {
            body.append(", \"objects\": [");
            for (int i = 0; i < page.size(); i++) {
                body.append(i == 0 ? "" : ",").append(page.get(i).json());
            }
            body.append(']');
        }
        body.append('}');
        Map<String, String> headers = page.isEmpty() ? Map.of() : Map.of(
                "X-TAXII-Date-Added-First", page.get(0).dateAdded(),
                "X-TAXII-Date-Added-Last", page.get(page.size() - 1).dateAdded());
        send(exchange, 200, body.toString(), headers);
    }

    private static void send(HttpExchange exchange, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", TaxiiClient.MEDIA_TYPE);
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package io.securitylake.subscriber.intel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Reads a TAXII 2.1 collection's indicators: discovery → its default API root (the first one where it names no
 * default) → the collection (by id or title, readable) → the collection's objects of type {@code indicator}, page by
 * page as the server's {@code more} / {@code next} say, only those added after the last read's
 * {@code X-TAXII-Date-Added-Last} when there was one. Every request asks for
 * {@code application/taxii+json;version=2.1} and carries the feed's Basic or bearer credentials; TLS is verified
 * (the JDK's CAs plus {@code lake.intel.trust-certificates}), redirects are not followed, and an API root on another
 * host or scheme than the discovery URL is refused, so the credentials go nowhere else. A {@code next} that comes
 * again (a loop) fails the read, as does any answer other than 200.
 */
final class TaxiiClient {

    static final String MEDIA_TYPE = "application/taxii+json;version=2.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One read: the indicators added since {@code addedAfter}, and the date to ask from next time. */
    record Read(FeedLoad load, String addedLast, int pages) {
    }

    private final HttpClient http;
    private final IntelSettings settings;

    TaxiiClient(IntelSettings settings, SSLContext ssl) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.fetchTimeout()).sslContext(ssl)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The collection's indicators added after {@code addedAfter} (all of them when null), bounded in all by
     * {@code lake.intel.max-feed-bytes}; {@code Read.addedLast} is the latest {@code X-TAXII-Date-Added-Last} the
     * pages gave, or {@code addedAfter} when they gave none.
     */
    Read read(IntelSettings.Feed feed, String addedAfter) throws IOException {
        URI discovery = feed.url();
        JsonNode root = json(feed, discovery);
        String apiRootText = root.path("default").asText(root.path("api_roots").path(0).asText(""));
        if (apiRootText.isEmpty()) {
            throw new IOException("TAXII discovery at " + discovery + " names no API root");
        }
        URI apiRoot = folder(discovery.resolve(apiRootText));
        if (!apiRoot.getScheme().equals(discovery.getScheme()) || !apiRoot.getAuthority().equals(discovery.getAuthority())) {
            throw new IOException("TAXII API root " + apiRoot + " is not on the discovery's host; refused");
        }
        JsonNode info = json(feed, apiRoot);
        if (info.has("versions") && !versions(info).contains(MEDIA_TYPE)) {
            throw new IOException("TAXII API root " + apiRoot + " does not speak " + MEDIA_TYPE + " but " + versions(info));
        }
        JsonNode collection = collection(feed, apiRoot);
        URI objects = apiRoot.resolve("collections/" + encode(collection.path("id").asText()) + "/objects/");
        FeedLoad load = new FeedLoad();
        Set<String> nexts = new HashSet<>();
        String next = null;
        String addedLast = addedAfter;
        long budget = settings.maxFeedBytes();
        int pages = 0;
        while (true) {
            StringBuilder query = new StringBuilder("match%5Btype%5D=indicator");
            if (addedAfter != null) {
                query.append("&added_after=").append(encode(addedAfter));
            }
            if (next != null) {
                query.append("&next=").append(encode(next));
            }
            HttpResponse<InputStream> response = get(feed, URI.create(objects + "?" + query));
            pages++;
            String last = response.headers().firstValue("X-TAXII-Date-Added-Last").orElse(null);
            if (last != null && (addedLast == null || last.compareTo(addedLast) > 0)) {
                addedLast = last; // RFC 3339 in UTC: the text orders as the time does
            }
            StixBundles.Envelope page;
            try (BoundedInput in = new BoundedInput(response.body(), budget)) {
                page = StixBundles.readObjects(in, feed.name(), feed.confidence(), settings.maxEntryLength(), load);
                budget -= in.count();
            }
            if (!page.more()) {
                return new Read(load, addedLast, pages);
            }
            if (page.next() == null) {
                throw new IOException("TAXII page " + pages + " says more but gives no next");
            }
            if (!nexts.add(page.next())) {
                throw new IOException("TAXII next '" + IndicatorType.cut(page.next()) + "' came twice (a loop); read stopped"
                        + " after " + pages + " pages");
            }
            next = page.next();
        }
    }

    private JsonNode collection(IntelSettings.Feed feed, URI apiRoot) throws IOException {
        for (JsonNode c : json(feed, apiRoot.resolve("collections/")).path("collections")) {
            if (feed.collection().equals(c.path("id").asText()) || feed.collection().equals(c.path("title").asText())) {
                if (!c.path("can_read").asBoolean(false)) {
                    throw new IOException("TAXII collection " + feed.collection() + " cannot be read with these credentials");
                }
                return c;
            }
        }
        throw new IOException("TAXII API root " + apiRoot + " has no collection " + feed.collection());
    }

    private JsonNode json(IntelSettings.Feed feed, URI uri) throws IOException {
        HttpResponse<InputStream> response = get(feed, uri);
        try (InputStream in = new BoundedInput(response.body(), settings.maxFeedBytes())) {
            return JSON.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("TAXII answer from " + uri + " is not JSON", e);
        }
    }

    private HttpResponse<InputStream> get(IntelSettings.Feed feed, URI uri) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.fetchTimeout())
                .header("Accept", MEDIA_TYPE).GET();
        if (feed.username() != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (feed.username() + ":" + feed.password()).getBytes(StandardCharsets.UTF_8)));
        } else if (feed.token() != null) {
            request.header("Authorization", "Bearer " + feed.token());
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("HTTP " + response.statusCode() + " from " + uri);
            }
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + uri, e);
        }
    }

    private static java.util.List<String> versions(JsonNode info) {
        java.util.List<String> out = new java.util.ArrayList<>();
        info.path("versions").forEach(v -> out.add(v.asText().replace(" ", "")));
        return out;
    }

    private static URI folder(URI uri) {
        return uri.getPath().endsWith("/") ? uri : URI.create(uri + "/");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

package io.securitylake.subscriber.intel;

import io.securitylake.subscriber.TrustedCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;

/**
 * Reads one feed, from its file or URL, into a {@link FeedLoad}: at most {@code lake.intel.max-feed-bytes}, a URL
 * answering within {@code lake.intel.fetch-timeout} with 200 (TLS verified: the JDK's CAs and
 * {@code lake.intel.trust-certificates}); a TAXII collection through {@link TaxiiClient}. Any failure is an
 * {@link IOException} whose message is the feed's last error.
 */
final class FeedReader {

    private final HttpClient http;
    private final TaxiiClient taxii;
    private final IntelSettings settings;

    FeedReader(IntelSettings settings) {
        this.settings = settings;
        SSLContext ssl;
        try {
            ssl = TrustedCertificates.sslContext(settings.trustCertificates(), "lake.intel.trust-certificates");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("lake.intel.trust-certificates: " + e.getMessage(), e);
        }
        this.http = HttpClient.newBuilder().connectTimeout(settings.fetchTimeout()).sslContext(ssl)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.taxii = new TaxiiClient(settings, ssl);
    }

    /** A TAXII feed's indicators added after {@code addedAfter} (all when null). */
    TaxiiClient.Read readTaxii(IntelSettings.Feed feed, String addedAfter) throws IOException {
        return taxii.read(feed, addedAfter);
    }

    FeedLoad read(IntelSettings.Feed feed) throws IOException {
        try (InputStream in = new BoundedInput(open(feed), settings.maxFeedBytes())) {
            return switch (feed.format()) {
                case "stix" -> StixBundles.read(in, feed.name(), feed.confidence(), settings.maxEntryLength());
                case "list" -> PlainLists.read(in, feed.name(), IndicatorType.of(feed.type()), null, feed.confidence(),
                        settings.maxEntryLength());
                default -> PlainLists.read(in, feed.name(), IndicatorType.of(feed.type()), feed.column(),
                        feed.confidence(), settings.maxEntryLength());
            };
        }
    }

    private InputStream open(IntelSettings.Feed feed) throws IOException {
        if (feed.file() != null) {
            return Files.newInputStream(feed.file());
        }
        HttpRequest request = HttpRequest.newBuilder(feed.url()).timeout(settings.fetchTimeout()).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("HTTP " + response.statusCode() + " from " + feed.url());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + feed.url(), e);
        }
    }
}

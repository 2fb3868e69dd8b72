package io.securitylake.subscriber.intel;

import io.securitylake.subscriber.LakeProperties;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;

/**
 * Reads one feed, from its file or URL, into a {@link FeedLoad}: at most {@code lake.intel.max-feed-bytes}, a URL
 * answering within {@code lake.intel.fetch-timeout} with 200 (TLS verified by the JDK's trust). Any failure is an
 * {@link IOException} whose message is the feed's last error.
 */
final class FeedReader {

    private final HttpClient http;
    private final LakeProperties.Intel settings;

    FeedReader(LakeProperties.Intel settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.fetchTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    FeedLoad read(LakeProperties.IntelFeed feed) throws IOException {
        try (InputStream in = new Bounded(open(feed), settings.maxFeedBytes())) {
            return switch (feed.format()) {
                case "stix" -> StixBundles.read(in, feed.name(), feed.confidence(), settings.maxEntryLength());
                case "list" -> PlainLists.read(in, feed.name(), IndicatorType.of(feed.type()), null, feed.confidence(),
                        settings.maxEntryLength());
                default -> PlainLists.read(in, feed.name(), IndicatorType.of(feed.type()), feed.column(),
                        feed.confidence(), settings.maxEntryLength());
            };
        }
    }

    private InputStream open(LakeProperties.IntelFeed feed) throws IOException {
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

    /** Fails the read once more than {@code max} bytes came. */
    private static final class Bounded extends FilterInputStream {

        private final long max;
        private long read;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > max) {
                throw new IOException("feed larger than " + max + " bytes (lake.intel.max-feed-bytes)");
            }
        }
    }
}

package io.securitylake.subscriber.intel;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.api.TestCertificates;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.stack.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A TAXII 2.1 collection as a feed, read from a local HTTPS server that answers as the specification's examples
 * ({@link TaxiiTestServer}; not OASIS's reference server): discovery → API root → collection → objects page by page,
 * later reads only what was added since, Basic or bearer credentials, a private CA, and a {@code next} that loops.
 */
class TaxiiFeedTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("lake:s3cret-pass".getBytes());
    private static SSLContext serverSsl;
    private static Path caPem;

    private final SettableClock clock = new SettableClock(T0);
    private final IntelIndicators indicators = new IntelIndicators(clock);
    private TaxiiTestServer server;

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates certs = new TestCertificates(Files.createTempDirectory("taxii-certs"));
        Path ca = certs.keyPair("taxii-ca", "CN=TAXII Test CA", "bc:c");
        caPem = certs.certificatePem(ca);
        Path[] leaf = certs.serverPemSignedBy(ca, "taxii-server");
        serverSsl = TestCertificates.serverContext(leaf[0], leaf[1], caPem);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private IntelFeeds feeds(Path trust, IntelSettings.Feed feed) {
        return new IntelFeeds(IntelSettings.of("max-retry-delay", "2m", "max-feed-bytes", "1048576", "fetch-timeout", "5s",
                "trust-certificates", trust).withFeeds(List.of(feed)), indicators,
                new LakeMetrics(new SimpleMeterRegistry()), clock);
    }

    private IntelSettings.Feed taxii(String collection, String user, String password, String token) {
        return IntelSettings.Feed.of("name", "vendor-taxii", "url", server.discovery(), "format", "taxii",
                "interval", "10m", "collection", collection, "username", user, "password", password, "token", token);
    }

    private static String indicator(String id, String ip, String modified, boolean revoked) {
        return """
                {"type": "indicator", "spec_version": "2.1", "id": "indicator--%s", "created": "2026-01-01T00:00:00.000Z",
                 "modified": "%s", "name": "C2 %s", "pattern": "[ipv4-addr:value = '%s']", "pattern_type": "stix",
                 "valid_from": "2026-01-01T00:00:00Z", "revoked": %s, "confidence": 80}
                """.formatted(id, modified, ip, ip, revoked);
    }

    private List<String> hits(String ip) {
        return indicators.matches("acme", Map.of("dst_endpoint", Map.of("ip", ip))).stream()
                .map(h -> h.indicator().value()).toList();
    }

    private static FeedState state(IntelFeeds feeds) {
        return feeds.states(null).get(0);
    }

    @Test
    void aCollectionIsReadPageByPageAndLaterReadsAskOnlyForWhatWasAddedSince() throws Exception {
        server = new TaxiiTestServer(serverSsl, BASIC);
        server.pageSize(2);
        for (int i = 1; i <= 5; i++) {
            server.add("2026-02-01T00:00:0" + i + ".000Z", indicator("0000000" + i, "198.51.100." + i,
                    "2026-01-01T00:00:00.000Z", false));
        }
        server.add("2026-02-01T00:00:06.000Z", """
                {"type": "malware", "spec_version": "2.1", "id": "malware--1", "name": "not an indicator"}""");
        IntelFeeds feeds = feeds(caPem, taxii(TaxiiTestServer.COLLECTION, "lake", "s3cret-pass", null));

        feeds.poll("vendor-taxii");

        assertThat(state(feeds).status()).as(String.valueOf(state(feeds).lastError())).isEqualTo("ok");
        assertThat(state(feeds).indicators()).isEqualTo(5);
        assertThat(server.objectRequests()).extracting(r -> r.query().get("next")).containsExactly(null, "2", "4");
        assertThat(server.objectRequests()).allSatisfy(r -> {
            assertThat(r.query()).containsEntry("match[type]", "indicator").doesNotContainKey("added_after");
        });
        assertThat(server.requests()).extracting(TaxiiTestServer.Request::path)
                .startsWith("/taxii2/", "/api1/", "/api1/collections/");
        assertThat(server.requests()).allSatisfy(r -> {
            assertThat(r.accept()).isEqualTo("application/taxii+json;version=2.1");
            assertThat(r.authorization()).isEqualTo(BASIC);
        });
        assertThat(hits("198.51.100.1")).containsExactly("198.51.100.1");

        server.add("2026-02-02T00:00:00.000Z", indicator("00000001", "198.51.100.1", "2026-02-02T00:00:00.000Z", true));
        server.add("2026-02-02T00:00:01.000Z", indicator("00000009", "198.51.100.9", "2026-02-02T00:00:00.000Z", false));
        clock.advance(Duration.ofMinutes(10));
        int before = server.objectRequests().size();
        feeds.poll("vendor-taxii");

        List<TaxiiTestServer.Request> since = server.objectRequests().subList(before, server.objectRequests().size());
        assertThat(since).extracting(r -> r.query().get("added_after"))
                .as("the last read's X-TAXII-Date-Added-Last").containsOnly("2026-02-01T00:00:06.000Z");
        assertThat(state(feeds).indicators()).as("one added, one replaced by its revoked version").isEqualTo(6);
        assertThat(hits("198.51.100.1")).as("revoked in the feed").isEmpty();
        assertThat(hits("198.51.100.9")).containsExactly("198.51.100.9");
        assertThat(hits("198.51.100.4")).as("the earlier reads' indicators stay").containsExactly("198.51.100.4");
    }

    @Test
    void aNextThatLoopsStopsTheReadWithAnErrorAndTheLastGoodSetStays() throws Exception {
        server = new TaxiiTestServer(serverSsl, null);
        server.add("2026-02-01T00:00:01.000Z", indicator("00000001", "198.51.100.1", "2026-01-01T00:00:00.000Z", false));
        IntelFeeds feeds = feeds(caPem, taxii("High Value Indicator Collection", null, null, null));
        feeds.poll("vendor-taxii");
        assertThat(state(feeds).status()).isEqualTo("ok");

        server.add("2026-02-02T00:00:01.000Z", indicator("00000002", "198.51.100.2", "2026-01-01T00:00:00.000Z", false));
        server.loop(true);
        clock.advance(Duration.ofMinutes(10));
        feeds.poll("vendor-taxii");

        assertThat(state(feeds).status()).isEqualTo("failing");
        assertThat(state(feeds).lastError()).contains("next '1' came twice");
        assertThat(hits("198.51.100.1")).as("the last good set").containsExactly("198.51.100.1");
        assertThat(hits("198.51.100.2")).as("nothing of the stopped read").isEmpty();

        server.loop(false);
        clock.advance(Duration.ofMinutes(1));
        int before = server.objectRequests().size();
        feeds.poll("vendor-taxii");
        assertThat(state(feeds).status()).isEqualTo("ok");
        assertThat(server.objectRequests().get(before).query()).as("asked from the last good read on")
                .containsEntry("added_after", "2026-02-01T00:00:01.000Z");
        assertThat(hits("198.51.100.2")).containsExactly("198.51.100.2");
    }

    @Test
    void aBearerTokenIsSentAndAWrongOneFailsTheRead() throws Exception {
        server = new TaxiiTestServer(serverSsl, "Bearer t0ken-of-the-feed");
        server.add("2026-02-01T00:00:01.000Z", indicator("00000001", "198.51.100.1", "2026-01-01T00:00:00.000Z", false));

        IntelFeeds right = feeds(caPem, taxii(TaxiiTestServer.COLLECTION, null, null, "t0ken-of-the-feed"));
        right.poll("vendor-taxii");
        IntelFeeds wrong = feeds(caPem, taxii(TaxiiTestServer.COLLECTION, null, null, "another"));
        wrong.poll("vendor-taxii");

        assertThat(state(right).status()).isEqualTo("ok");
        assertThat(state(wrong).status()).isEqualTo("failing");
        assertThat(state(wrong).lastError()).startsWith("HTTP 401");
    }

    @Test
    void aCollectionThatCannotBeReadOrIsNotThereFailsWithItsReason() throws Exception {
        server = new TaxiiTestServer(serverSsl, null);
        IntelFeeds locked = feeds(caPem, taxii(TaxiiTestServer.LOCKED, null, null, null));
        locked.poll("vendor-taxii");
        IntelFeeds missing = feeds(caPem, taxii("no-such-collection", null, null, null));
        missing.poll("vendor-taxii");

        assertThat(state(locked).lastError()).contains("cannot be read");
        assertThat(state(missing).lastError()).contains("has no collection no-such-collection");
    }

    @Test
    void theServerCertificateIsVerifiedAgainstThePrivateCaOnlyWhenOneIsConfigured() throws Exception {
        server = new TaxiiTestServer(serverSsl, null);
        server.add("2026-02-01T00:00:01.000Z", indicator("00000001", "198.51.100.1", "2026-01-01T00:00:00.000Z", false));

        IntelFeeds untrusted = feeds(null, taxii(TaxiiTestServer.COLLECTION, null, null, null));
        untrusted.poll("vendor-taxii");

        assertThat(state(untrusted).status()).isEqualTo("failing");
        assertThat(server.requests()).as("no request passed the handshake").isEmpty();
        assertThat(hits("198.51.100.1")).isEmpty();
    }

    @Test
    void anObjectsPageAnswering500FailsTheReadAndTheNextReadRecovers() throws Exception {
        server = new TaxiiTestServer(serverSsl, null);
        server.add("2026-02-01T00:00:01.000Z", indicator("00000001", "198.51.100.1", "2026-01-01T00:00:00.000Z", false));
        server.fail(1);
        IntelFeeds feeds = feeds(caPem, taxii(TaxiiTestServer.COLLECTION, null, null, null));

        feeds.poll("vendor-taxii");
        assertThat(state(feeds).lastError()).startsWith("HTTP 500");
        clock.advance(Duration.between(clock.instant(), state(feeds).nextPoll()));
        assertThat(feeds.due()).containsExactly("vendor-taxii");
        feeds.poll("vendor-taxii");

        assertThat(state(feeds).status()).isEqualTo("ok");
        assertThat(hits("198.51.100.1")).containsExactly("198.51.100.1");
    }
}

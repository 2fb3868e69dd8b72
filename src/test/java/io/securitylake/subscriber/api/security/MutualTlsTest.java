package io.securitylake.subscriber.api.security;

import io.securitylake.subscriber.api.TestCertificates;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantStores;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * HTTPS with optional client certificates: a certificate mapped to a tenant (by DN or by CN) reads that
 * tenant only; a trusted but unmapped certificate, or none, authenticates nobody (401).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MutualTlsTest {

    private static final Path DIR;
    private static final Path SERVER;
    private static final Path ACME_CLIENT;
    private static final Path GLOBEX_CLIENT;
    private static final Path STRANGER;
    private static final Path SERVER_TRUST;
    private static final Path CLIENT_TRUST;

    static {
        try {
            DIR = Files.createTempDirectory("mtls");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        TestCertificates certs = new TestCertificates(DIR);
        SERVER = certs.keyPair("server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
        ACME_CLIENT = certs.keyPair("acme-machine", "CN=acme-machine,OU=SOC,O=Acme");
        GLOBEX_CLIENT = certs.keyPair("globex-machine", "CN=globex-machine,O=Globex");
        STRANGER = certs.keyPair("stranger", "CN=stranger,O=Nobody");
        SERVER_TRUST = certs.trustStore("server-trust", ACME_CLIENT, GLOBEX_CLIENT, STRANGER);
        CLIENT_TRUST = certs.trustStore("client-trust", SERVER);
    }

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry r) {
        LakeTestStack.register(r, "api-mtls");
        r.add("server.ssl.enabled", () -> "true");
        r.add("server.ssl.key-store", SERVER::toString);
        r.add("server.ssl.key-store-password", () -> TestCertificates.PASSWORD);
        r.add("server.ssl.key-store-type", () -> "PKCS12");
        r.add("server.ssl.trust-store", SERVER_TRUST::toString);
        r.add("server.ssl.trust-store-password", () -> TestCertificates.PASSWORD);
        r.add("server.ssl.trust-store-type", () -> "PKCS12");
        r.add("server.ssl.client-auth", () -> "want");
        r.add("lake.api.client-certificates[CN=acme-machine, OU=SOC, O=Acme]", () -> "acme");
        r.add("lake.api.client-certificates.globex-machine", () -> "globex");
        r.add("lake.tenants.acme.api-keys", () -> "mtls-acme-key");
    }

    @LocalServerPort
    int port;
    @Autowired
    TenantStores stores;

    @Test
    void mappedCertificatesReadTheirOwnTenantOnly() throws Exception {
        String uid = "mtls-" + System.nanoTime();
        insert("acme", uid + "-acme");
        insert("globex", uid + "-globex");
        assertThat(get(ACME_CLIENT, "/api/v1/events/" + uid + "-acme").statusCode()).isEqualTo(200);
        assertThat(get(ACME_CLIENT, "/api/v1/events/" + uid + "-globex").statusCode()).isEqualTo(404);
        assertThat(get(GLOBEX_CLIENT, "/api/v1/events/" + uid + "-globex").statusCode()).isEqualTo(200);
        assertThat(get(GLOBEX_CLIENT, "/api/v1/events/" + uid + "-acme").statusCode()).isEqualTo(404);
        JsonNode events = new ObjectMapper().readTree(get(ACME_CLIENT, "/api/v1/events?limit=1000").body());
        assertThat(events.path("items").findValuesAsText("tenant")).isNotEmpty().containsOnly("acme");
    }

    @Test
    void unmappedCertificateOrNoneIsUnauthorized() throws Exception {
        HttpResponse<String> stranger = get(STRANGER, "/api/v1/events");
        assertThat(stranger.statusCode()).isEqualTo(401);
        assertThat(stranger.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(get(null, "/api/v1/events").statusCode()).isEqualTo(401);
        assertThat(get(ACME_CLIENT, "/api/v1/admin/tenants").statusCode()).isEqualTo(403);
    }

    @Test
    void apiKeysStillWorkOverHttpsAndPlainHttpGetsNoData() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TestCertificates.clientContext(null, CLIENT_TRUST)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/api/v1/events/count"))
                .header("X-API-Key", "mtls-acme-key").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        HttpClient plain = HttpClient.newHttpClient();
        HttpRequest http = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/events/count"))
                .header("X-API-Key", "mtls-acme-key").build();
        // Tomcat answers plain HTTP on the TLS port itself (400 "requires TLS"), before any application code
        HttpResponse<String> refused = plain.send(http, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).doesNotContain("count");
    }

    @Test
    void aKeyBesideACertificateIsServedOnlyWhenBothNameTheSameTenant() throws Exception {
        assertThat(get(ACME_CLIENT, "/api/v1/events/count", "mtls-acme-key").statusCode()).isEqualTo(200);
        HttpResponse<String> disagree = get(GLOBEX_CLIENT, "/api/v1/events/count", "mtls-acme-key");
        assertThat(disagree.statusCode()).as(disagree.body()).isEqualTo(400);
        assertThat(disagree.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(disagree.body()).contains("client certificate");
        assertThat(get(STRANGER, "/api/v1/events/count", "mtls-acme-key").statusCode())
                .as("an unmapped certificate names nobody: the key decides").isEqualTo(200);
    }

    private HttpResponse<String> get(Path clientKeyStore, String path, String key) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(TestCertificates.clientContext(clientKeyStore, CLIENT_TRUST)).build();
        return client.send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", key).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(Path clientKeyStore, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(TestCertificates.clientContext(clientKeyStore, CLIENT_TRUST)).build();
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("https://localhost:" + port + path);
    }

    private void insert(String tenant, String uid) {
        new JdbcTemplate(stores.dataSource(tenant)).execute((org.springframework.jdbc.core.ConnectionCallback<Void>) c -> {
            io.securitylake.subscriber.store.EventPartitions.ensure(c,
                    java.util.List.of(java.time.LocalDate.now(java.time.ZoneOffset.UTC)));
            return null;
        });
        new JdbcTemplate(stores.dataSource(tenant)).update("""
                INSERT INTO events (event_uid, event_time, class_uid, bucket, object_key, event)
                VALUES (?, ?, 3002, 'b', 'k', CAST(? AS jsonb))""", uid, Timestamp.from(Instant.now()),
                "{\"metadata\":{\"uid\":\"" + uid + "\"},\"_lake\":{\"tenant\":\"" + tenant + "\"}}");
    }
}

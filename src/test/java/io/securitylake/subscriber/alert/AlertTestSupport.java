package io.securitylake.subscriber.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.api.TestCertificates;
import io.securitylake.subscriber.incident.IncidentChange;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Spring context for the alerting tests, on the embedded lake: a local HTTPS receiver whose certificate is
 * signed by a CA the test makes (trusted through {@code lake.alerting.trust-certificates}, as a user trusts a
 * private CA), a plain-http receiver, and a receiver whose self-signed certificate nobody trusts.
 * Tenants: acme (a webhook and an SQS queue), globex (its own webhook and queue), umbrella (an http webhook with
 * allow-insecure, and the untrusted one), initech (no destinations).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AlertTestSupport {

    static final String ACME_SECRET = "acme-webhook-secret-0123456789";
    static final String GLOBEX_SECRET = "globex-webhook-secret-9876543210";
    static final String UMBRELLA_SECRET = "umbrella-webhook-secret-00000000";
    static final String ADMIN_KEY = "alert-admin-key";
    static final String ACME_KEY = "alert-acme-key";
    static final String ACME_HOOK = "/hooks/acme";
    static final String GLOBEX_HOOK = "/hooks/globex";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Longest wait for a delivery to reach a state: the senders are shared, and a loaded machine is slow. */
    static final Duration WAIT = Duration.ofSeconds(90);

    static final WebhookReceiver HTTPS;
    static final WebhookReceiver PLAIN;
    static final WebhookReceiver ROGUE;
    static final Path CA_PEM;

    static {
        try {
            TestCertificates certs = new TestCertificates(Files.createTempDirectory("alert-certs"));
            Path ca = certs.keyPair("alert-ca", "CN=Alert Test CA", "bc:c");
            CA_PEM = certs.certificatePem(ca);
            Path[] server = certs.serverPemSignedBy(ca, "alert-receiver");
            HTTPS = WebhookReceiver.https(serverContext(server[0], server[1], CA_PEM));
            PLAIN = WebhookReceiver.http();
            Path rogue = certs.keyPair("rogue", "CN=localhost", "san=dns:localhost,ip:127.0.0.1");
            Path rogueCert = certs.certificatePem(rogue);
            Path[] rogueServer = certs.serverPemSignedBy(rogue, "rogue-receiver");
            ROGUE = WebhookReceiver.https(serverContext(rogueServer[0], rogueServer[1], rogueCert));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry r) {
        LakeTestStack.register(r, "alerts");
        r.add("lake.admin.api-keys", () -> ADMIN_KEY);
        r.add("lake.tenants.acme.api-keys", () -> ACME_KEY);
        r.add("lake.api.cursor-secret", () -> "alert-cursor-secret");
        webhook(r, "acme", 0, "soc", "https://localhost:" + HTTPS.port() + ACME_HOOK, ACME_SECRET, false);
        sqs(r, "acme", 1, "queue", "alerts-acme");
        webhook(r, "globex", 0, "globex-hook", "https://localhost:" + HTTPS.port() + GLOBEX_HOOK, GLOBEX_SECRET, false);
        sqs(r, "globex", 1, "globex-queue", "alerts-globex");
        r.add("lake.tenants.umbrella.accounts", () -> "444444444444");
        webhook(r, "umbrella", 0, "plain", "http://localhost:" + PLAIN.port() + "/hooks/plain", UMBRELLA_SECRET, true);
        webhook(r, "umbrella", 1, "rogue", "https://localhost:" + ROGUE.port() + "/hooks/rogue", UMBRELLA_SECRET, false);
        r.add("lake.tenants.initech.accounts", () -> "333333333333");
        r.add("lake.alerting.trust-certificates", CA_PEM::toString);
        r.add("lake.alerting.max-attempts", () -> "3");
        r.add("lake.alerting.initial-delay", () -> "300ms");
        r.add("lake.alerting.multiplier", () -> "2");
        r.add("lake.alerting.max-delay", () -> "2s");
        // generous: a cold JVM makes its first TLS connection slowly on a loaded machine (a timeout is retried, which
        // would add an attempt where a test counts them)
        r.add("lake.alerting.connect-timeout", () -> "15s");
        r.add("lake.alerting.request-timeout", () -> "15s");
        r.add("lake.alerting.sweep-interval", () -> "1s");
    }

    private static void webhook(DynamicPropertyRegistry r, String tenant, int i, String name, String url,
                                String secret, boolean insecure) {
        String p = "lake.tenants." + tenant + ".alerts[" + i + "].";
        r.add(p + "name", () -> name);
        r.add(p + "type", () -> "webhook");
        r.add(p + "url", () -> url);
        r.add(p + "secret", () -> secret);
        if (insecure) {
            r.add(p + "allow-insecure", () -> "true");
        }
    }

    private static void sqs(DynamicPropertyRegistry r, String tenant, int i, String name, String queue) {
        String p = "lake.tenants." + tenant + ".alerts[" + i + "].";
        r.add(p + "name", () -> name);
        r.add(p + "type", () -> "sqs");
        r.add(p + "queue-url", () -> LakeTestStack.queueUrl(queue));
    }

    @Autowired
    ProducerTemplate producer;
    @Autowired
    AlertDeliveryTable table;
    @Autowired
    org.apache.camel.CamelContext camel;
    @LocalServerPort
    int port;

    /** The control database is migrated by the start-up task; alert_deliveries exists once ingestion runs. */
    @BeforeEach
    void migrated() {
        LakeTestStack.await(Duration.ofSeconds(120), "the databases are migrated",
                () -> camel.getRouteController().getRouteStatus("lake-notifications").isStarted());
    }

    /** An OCSF Incident Finding as route correlate sends it. */
    static String incident(String uid, long version, int severityId) {
        return """
                {"uid":"%s","class_uid":2005,"category_uid":2,"severity_id":%d,"status_id":1,"status":"New",
                 "version":%d,"detection_count":2,"finding_info_list":[{"uid":"d1","title":"Console login from a new country"}],
                 "entities":[{"type":"user","value":"alice"}],"message":"ünïcödé & \\"quotes\\""}"""
                .formatted(uid, severityId, version);
    }

    static String newIncidentUid() {
        return "inc-" + UUID.randomUUID();
    }

    /** Sends an incident change to route alert as route correlate does. */
    void alert(String tenant, String incidentUid, String change, long version) {
        producer.sendBody("direct:alert", new IncidentChange(tenant, incidentUid, change, version,
                incident(incidentUid, version, 4)));
    }

    static String delivery(String tenant, String incidentUid, long version, String destination) {
        return AlertRecorder.deliveryUid(tenant, incidentUid, version, destination);
    }

    AlertDelivery awaitStatus(String uid, String status) {
        LakeTestStack.await(WAIT, "delivery " + uid + " is " + status,
                () -> table.find(uid).map(d -> d.status().equals(status)).orElse(false));
        return table.find(uid).orElseThrow();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    record Reply(int status, String contentType, String body) {
        JsonNode json() {
            return AlertTestSupport.json(body);
        }
    }

    Reply call(String method, String pathAndQuery, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            b.header("X-API-Key", key);
        }
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The receiver's side of TLS: its key and certificate (chained to the CA) from PEM files. */
    private static SSLContext serverContext(Path certPem, Path keyPem, Path caPem) throws Exception {
        return TestCertificates.serverContext(certPem, keyPem, caPem);
    }
}

package io.securitylake.subscriber.alert;

import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.securitylake.subscriber.incident.IncidentChange;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Route {@code alert} and its deliveries, against a real local HTTPS receiver (a CA of the test's own, trusted by
 * configuration), a plain-http one, an untrusted one, and the embedded SQS: what each destination gets, retries,
 * failures kept for resend, no duplicates, and each tenant's alerts at its own destinations only.
 */
class AlertDeliveryTest extends AlertTestSupport {

    @Autowired
    MeterRegistry meters;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate control;

    @Test
    void webhookGetsTheIncidentSignedOverHttps() throws Exception {
        double sent = count("lake.alerts.sent", "acme", "webhook");
        String incident = newIncidentUid();
        alert("acme", incident, "created", 1);

        String uid = delivery("acme", incident, 1, "soc");
        AlertDelivery row = awaitStatus(uid, "delivered");
        assertThat(row.attempts()).isEqualTo(1);
        List<WebhookReceiver.Received> got = HTTPS.of(uid);
        assertThat(got).hasSize(1);
        WebhookReceiver.Received request = got.get(0);
        assertThat(request.path()).isEqualTo(ACME_HOOK);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-Lake-Event")).isEqualTo("incident.created");
        long timestamp = Long.parseLong(request.header("X-Lake-Timestamp"));
        assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(60);
        // verified as a receiver would, with nothing of the service's code
        assertThat(request.header("X-Lake-Signature"))
                .isEqualTo("sha256=" + hmac(ACME_SECRET, timestamp + "." + request.text()));
        assertThat(request.header("X-Lake-Signature"))
                .isNotEqualTo("sha256=" + hmac(GLOBEX_SECRET, timestamp + "." + request.text()));

        JsonNode body = json(request.text());
        assertThat(body.path("delivery").asText()).isEqualTo(uid);
        assertThat(body.path("tenant").asText()).isEqualTo("acme");
        assertThat(body.path("change").asText()).isEqualTo("created");
        assertThat(body.path("version").asLong()).isEqualTo(1);
        assertThat(body.path("incident")).isEqualTo(json(incident(incident, 1, 4)));
        assertThat(count("lake.alerts.sent", "acme", "webhook") - sent).isEqualTo(1.0);
    }

    @Test
    void sqsDestinationGetsTheSameJsonWithTenantAndChangeAttributes() {
        double sent = count("lake.alerts.sent", "acme", "sqs");
        String incident = newIncidentUid();
        alert("acme", incident, "severity_raised", 3);

        String uid = delivery("acme", incident, 3, "queue");
        awaitStatus(uid, "delivered");
        List<Message> messages = receive("alerts-acme", uid);
        assertThat(messages).hasSize(1);
        Message message = messages.get(0);
        Map<String, MessageAttributeValue> attributes = message.messageAttributes();
        assertThat(attributes.get("tenant").stringValue()).isEqualTo("acme");
        assertThat(attributes.get("change").stringValue()).isEqualTo("severity_raised");
        assertThat(attributes.get("delivery").stringValue()).isEqualTo(uid);
        assertThat(attributes.keySet()).containsExactlyInAnyOrder("tenant", "change", "delivery");
        JsonNode body = json(message.body());
        assertThat(body.path("tenant").asText()).isEqualTo("acme");
        assertThat(body.path("change").asText()).isEqualTo("severity_raised");
        assertThat(body.path("version").asLong()).isEqualTo(3);
        assertThat(body.path("incident")).isEqualTo(json(incident(incident, 3, 4)));
        // the webhook of the same tenant got the same change, in the same shape
        JsonNode webhook = json(awaitOne(HTTPS, delivery("acme", incident, 3, "soc")).text());
        assertThat(webhook.path("incident")).isEqualTo(body.path("incident"));
        assertThat(count("lake.alerts.sent", "acme", "sqs") - sent).isEqualTo(1.0);
    }

    @Test
    void failedAttemptsAreRetriedWithBackoffUntilOneIsAccepted() {
        double retried = count("lake.alerts.retried", "globex", "webhook");
        HTTPS.answer(GLOBEX_HOOK, 503, 500);
        String incident = newIncidentUid();
        alert("globex", incident, "created", 1);

        String uid = delivery("globex", incident, 1, "globex-hook");
        AlertDelivery row = awaitStatus(uid, "delivered");
        assertThat(row.attempts()).isEqualTo(3);
        List<WebhookReceiver.Received> got = HTTPS.of(uid);
        assertThat(got).hasSize(3);
        assertThat(got).extracting(WebhookReceiver.Received::text).containsOnly(got.get(0).text());
        // 300 ms after the first failure, 600 ms after the second
        assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(Duration.between(got.get(1).at(), got.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(count("lake.alerts.retried", "globex", "webhook") - retried).isEqualTo(2.0);
    }

    @Test
    void exhaustedRetriesLeaveAFailedRecordThatAResendDelivers() {
        double failed = count("lake.alerts.failed", "acme", "webhook");
        HTTPS.answer(ACME_HOOK, 503, 503, 503);
        String incident = newIncidentUid();
        alert("acme", incident, "created", 1);

        String uid = delivery("acme", incident, 1, "soc");
        AlertDelivery row = awaitStatus(uid, "failed");
        assertThat(row.attempts()).isEqualTo(3);
        assertThat(row.lastError()).startsWith("HTTP 503");
        assertThat(row.failedAt()).isNotNull();
        assertThat(HTTPS.of(uid)).hasSize(3);
        assertThat(count("lake.alerts.failed", "acme", "webhook") - failed).isEqualTo(1.0);
        // the queue of the same tenant is another destination: delivered all the same
        awaitStatus(delivery("acme", incident, 1, "queue"), "delivered");

        Reply resent = call("POST", "/api/v1/admin/alerts/" + uid + "/resend", ADMIN_KEY);
        assertThat(resent.status()).as(resent.body()).isEqualTo(202);
        assertThat(resent.json().path("uid").asText()).isEqualTo(uid);
        assertThat(resent.json().path("status").asText()).isEqualTo("pending");
        row = awaitStatus(uid, "delivered");
        assertThat(row.resends()).isEqualTo(1);
        assertThat(row.lastError()).isNull();
        List<WebhookReceiver.Received> got = HTTPS.of(uid);
        assertThat(got).hasSize(4);
        assertThat(got.get(3).text()).isEqualTo(got.get(0).text());
    }

    @Test
    void aRefusalIsNotRetried() {
        HTTPS.answer(ACME_HOOK, 401);
        String incident = newIncidentUid();
        alert("acme", incident, "created", 1);

        String uid = delivery("acme", incident, 1, "soc");
        AlertDelivery row = awaitStatus(uid, "failed");
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.lastError()).startsWith("HTTP 401");
        assertThat(HTTPS.of(uid)).hasSize(1);
    }

    @Test
    void aRedeliveredChangeIsNotSentAgain() throws InterruptedException {
        String incident = newIncidentUid();
        alert("acme", incident, "created", 1);
        String hook = delivery("acme", incident, 1, "soc");
        String queue = delivery("acme", incident, 1, "queue");
        awaitStatus(hook, "delivered");
        awaitStatus(queue, "delivered");
        alert("acme", incident, "created", 1); // the same change, redelivered after it was sent
        alert("acme", incident, "severity_raised", 2); // a new version is a new change
        String raised = delivery("acme", incident, 2, "soc");
        awaitStatus(raised, "delivered");
        awaitStatus(delivery("acme", incident, 2, "queue"), "delivered");
        Thread.sleep(1500); // a sweep runs every second: time for a duplicate to show

        assertThat(HTTPS.of(hook)).hasSize(1);
        assertThat(HTTPS.of(raised)).hasSize(1);
        assertThat(HTTPS.mentioning(incident)).hasSize(2);
        assertThat(receive("alerts-acme", queue)).hasSize(1);
        assertThat(table.find(hook).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void aTenantWithoutDestinationsSendsNothing() throws InterruptedException {
        String incident = newIncidentUid();
        Exchange done = producer.send("direct:alert", e -> e.getIn().setBody(
                new IncidentChange("initech", incident, "created", 1, incident(incident, 1, 5))));
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(List.class)).isEmpty();
        Thread.sleep(1000);
        assertThat(HTTPS.mentioning(incident)).isEmpty();
        assertThat(PLAIN.mentioning(incident)).isEmpty();
        assertThat(countRows(incident)).isZero();
    }

    @Test
    void eachTenantsAlertsGoToItsOwnDestinationsOnly() throws Exception {
        String acme = newIncidentUid();
        String globex = newIncidentUid();
        alert("acme", acme, "created", 1);
        alert("globex", globex, "created", 1);
        awaitStatus(delivery("acme", acme, 1, "soc"), "delivered");
        awaitStatus(delivery("acme", acme, 1, "queue"), "delivered");
        WebhookReceiver.Received toGlobex = awaitOne(HTTPS, delivery("globex", globex, 1, "globex-hook"));
        awaitStatus(delivery("globex", globex, 1, "globex-queue"), "delivered");
        Thread.sleep(1000);

        assertThat(HTTPS.mentioning(acme)).extracting(WebhookReceiver.Received::path).containsExactly(ACME_HOOK);
        assertThat(HTTPS.mentioning(globex)).extracting(WebhookReceiver.Received::path).containsExactly(GLOBEX_HOOK);
        assertThat(toGlobex.header("X-Lake-Signature")).isEqualTo("sha256="
                + hmac(GLOBEX_SECRET, toGlobex.header("X-Lake-Timestamp") + "." + toGlobex.text()));
        assertThat(receiveAll("alerts-globex")).extracting(Message::body).noneMatch(b -> b.contains(acme))
                .anyMatch(b -> b.contains(globex));
        assertThat(countRows(acme)).isEqualTo(2);
        assertThat(countRows(globex)).isEqualTo(2);
    }

    @Test
    void plainHttpOnlyWhereAllowedAndAnUntrustedCertificateIsNeverSentTo() {
        String incident = newIncidentUid();
        alert("umbrella", incident, "created", 7);

        String plain = delivery("umbrella", incident, 7, "plain");
        awaitStatus(plain, "delivered");
        assertThat(PLAIN.of(plain)).hasSize(1);
        AlertDelivery rogue = awaitStatus(delivery("umbrella", incident, 7, "rogue"), "failed");
        assertThat(rogue.attempts()).isEqualTo(3);
        assertThat(rogue.lastError()).contains("SSLHandshakeException");
        assertThat(ROGUE.mentioning(incident)).isEmpty(); // the body never left: TLS failed before it
    }

    @Test
    void aFailingDestinationOrABadChangeNeverFailsNorHoldsUpTheCaller() {
        String incident = newIncidentUid();
        long start = System.nanoTime();
        // InOut, as a caller that waits for a reply would send it: the sending still happens elsewhere
        Exchange done = producer.send("direct:alert", ExchangePattern.InOut, e -> e.getIn().setBody(
                new IncidentChange("umbrella", incident, "created", 1, incident(incident, 1, 5))));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(done.getException()).isNull();

        for (String bad : new String[] {"not json", "[]", "{\"no_uid\":1}"}) {
            Exchange refused = producer.send("direct:alert", e -> e.getIn().setBody(
                    new IncidentChange("acme", "inc-bad", "created", 1, bad)));
            assertThat(refused.getException()).as(bad).isNull();
        }
        String nobodys = newIncidentUid();
        Exchange unknownTenant = producer.send("direct:alert", e -> e.getIn().setBody(
                new IncidentChange("nobody", nobodys, "created", 1, incident(nobodys, 1, 5))));
        assertThat(unknownTenant.getException()).isNull();
        awaitStatus(delivery("umbrella", incident, 1, "rogue"), "failed");
    }

    @Test
    void thePendingDeliveriesOfAProcessThatDiedAreTakenUpByTheSweep() {
        String incident = newIncidentUid();
        String uid = delivery("acme", incident, 1, "soc");
        // recorded pending, as a process does before it hands the delivery on, then killed: nobody sends it
        assertThat(table.insert(uid, "acme", incident, 1, "created", "soc", "webhook",
                "{\"delivery\":\"" + uid + "\",\"incident\":{\"uid\":\"" + incident + "\"}}")).isTrue();

        awaitStatus(uid, "delivered");
        assertThat(HTTPS.of(uid)).hasSize(1);
    }

    private WebhookReceiver.Received awaitOne(WebhookReceiver receiver, String delivery) {
        await(WAIT, "delivery " + delivery + " arrives", () -> !receiver.of(delivery).isEmpty());
        return receiver.of(delivery).get(0);
    }

    private long countRows(String incident) {
        Long n = control.queryForObject("SELECT count(*) FROM alert_deliveries WHERE incident_uid = ?", Long.class,
                incident);
        return n == null ? 0 : n;
    }

    private double count(String name, String tenant, String type) {
        Counter c = meters.find(name).tags("tenant", tenant, "type", type).counter();
        return c == null ? 0 : c.count();
    }

    /** The messages of a queue that carry the delivery, read (and deleted) until none is left. */
    private static List<Message> receive(String queue, String delivery) {
        return receiveAll(queue).stream()
                .filter(m -> m.messageAttributes().containsKey("delivery")
                        && delivery.equals(m.messageAttributes().get("delivery").stringValue()))
                .toList();
    }

    private static final Map<String, List<Message>> SEEN = new java.util.concurrent.ConcurrentHashMap<>();

    /** Every message the queue ever gave this test JVM (received once, then kept here). */
    private static synchronized List<Message> receiveAll(String queue) {
        var sqs = LakeTestStack.lake().sqs();
        String url = LakeTestStack.queueUrl(queue);
        List<Message> seen = SEEN.computeIfAbsent(queue, q -> new ArrayList<>());
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                return List.copyOf(seen);
            }
            for (Message m : batch) {
                seen.add(m);
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    private static String hmac(String secret, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }
}

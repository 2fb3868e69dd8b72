package io.securitylake.subscriber.alert;

import io.securitylake.subscriber.LakeExchange;
import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.TrustedCertificates;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Sends one attempt of a delivery to a webhook: a POST of the JSON body, signed (see docs/alerting.md):
 * {@code X-Lake-Timestamp: <unix seconds>} and {@code X-Lake-Signature: sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<body>" with the destination's secret>}, plus {@code X-Lake-Delivery} (the same on every attempt:
 * a receiver drops a repeat by it) and {@code X-Lake-Event}. Java's HttpClient rather than Camel's http component:
 * the bytes signed are exactly the bytes sent, the TLS trust (JDK CAs plus {@code lake.alerting.trust-certificates})
 * and the timeouts are set in one place, redirects are never followed, and no endpoint is made per URL.
 */
@Component("webhookSender")
class WebhookSender {

    static final String USER_AGENT = "security-lake-subscriber";
    private static final int MAX_DETAIL = 200;

    private final HttpClient http;
    private final AlertSettings settings;

    WebhookSender(AlertSettings alerting) throws GeneralSecurityException, IOException {
        this.settings = alerting;
        this.http = HttpClient.newBuilder()
                .sslContext(TrustedCertificates.sslContext(settings.trustCertificates(), "lake.alerting.trust-certificates"))
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public void send(@Body String body,
                     @ExchangeProperty(LakeExchange.ALERT_ATTEMPT) DeliveryAttempt sending)
            throws IOException, InterruptedException {
        TenantSettings.AlertDestination destination = sending.destination();
        AlertDeliveryTable.Attempt attempt = sending.attempt();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(destination.url())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("X-Lake-Delivery", attempt.uid())
                .header("X-Lake-Event", "incident." + attempt.change())
                .header("X-Lake-Timestamp", timestamp)
                .header("X-Lake-Signature", "sha256=" + signature(destination.secret(), timestamp, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new WebhookRefused(response.statusCode(), printable(response.body()));
        }
    }

    /** Hex HMAC-SHA256 of {@code <timestamp>.<body>} with the secret. */
    static String signature(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String printable(String text) {
        String cut = text == null ? "" : text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) : text;
        return cut.replaceAll("[\\p{Cntrl}]", " ").strip();
    }
}

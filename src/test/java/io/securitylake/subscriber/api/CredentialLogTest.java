package io.securitylake.subscriber.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * No credential in a log: requests that carry keys, Basic passwords or cursors in every malformed way the
 * server refuses leave none of them in what the service and its server log.
 */
@ExtendWith(OutputCaptureExtension.class)
class CredentialLogTest extends ApiTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialLogTest.class);

    @Test
    void refusedRequestsLogNoKeyPasswordOrCursorSecret(CapturedOutput output) {
        String unknownKey = "unknown-key-" + UUID.randomUUID();
        String wrongPassword = "wrong-password-" + UUID.randomUUID();
        String host = "Host: localhost\r\n";
        String close = "Connection: close\r\n\r\n";
        List<String> raw = List.of(
                "GET /api/v1/events HTTP/1.1\r\n" + host + "X-API-Key: " + ACME_KEY + "\0\r\n" + close,
                "GET /api/v1/events HTTP/1.1\r\n" + host + "X-API-Key: \0" + GLOBEX_KEY + "\r\n" + close,
                "GET /api/v1/events HTTP/1.1\r\n" + host + "X-API-Key: " + ADMIN_KEY + "\u0001\r\n" + close,
                "GET /api/v1/events HTTP/1.1\r\n" + host + "X-API Key: " + ACME_KEY + "\r\n" + close,
                "GET /api/v1/events HTTP/1.1\r\n" + host + "Authorization: Bearer " + ACME_KEY + "\0\r\n" + close,
                "GET /actuator/info HTTP/1.1\r\n" + host + "Authorization: Basic "
                        + basic("operator", "operator-secret") + "\0\r\n" + close,
                "GET /api/v1/events?key=" + ACME_KEY + "\0 HTTP/1.1\r\n" + host + close,
                "GET /api/v1/events/a%00" + ACME_KEY + " HTTP/1.1\r\n" + host + "X-API-Key: " + ACME_KEY + "\r\n" + close,
                "GET /api/v1/events HTTP/1.1\r\n" + "X-API-Key: " + ACME_KEY + "\r\n" + close);
        for (String request : raw) {
            RawHttp.Answer a = RawHttp.exchange(port, request);
            assertThat(a.status()).as(request).isEqualTo(400);
        }
        send("GET", "/api/v1/events", Map.of("X-API-Key", unknownKey));
        send("GET", "/api/v1/events", Map.of("Authorization", "Bearer " + unknownKey));
        send("GET", "/actuator/info", Map.of("Authorization", "Basic " + basic("operator", wrongPassword)));
        send("GET", "/actuator/info", Map.of("Authorization", "Basic " + basic("OPERATOR", "operator-secret")));
        send("GET", "/api/v1/events", Map.of("X-API-Key", ACME_KEY, "Authorization", "Bearer " + GLOBEX_KEY));
        String cursor = get("/api/v1/events?limit=1", ACME_KEY).json().path("next_cursor").asText("x");
        get("/api/v1/events?cursor=" + enc(cursor + "A"), ACME_KEY);
        get("/api/v1/events?cursor=" + enc(cursor), GLOBEX_KEY);
        get("/api/v1/events?source=other&cursor=" + enc(cursor), ACME_KEY);
        LOG.info("credential log check done");

        assertThat(output.getAll()).as("the log was captured").contains("credential log check done");
        assertThat(output.getAll()).doesNotContain(ACME_KEY, GLOBEX_KEY, ADMIN_KEY, unknownKey, "operator-secret",
                wrongPassword, basic("operator", "operator-secret"), "test-cursor-secret");
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }
}

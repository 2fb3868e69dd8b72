package io.securitylake.subscriber.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every refusal, including the ones Tomcat answers before Spring sees the request, is a problem body with the
 * security headers. Sent as raw bytes: HTTP clients refuse to send most of these requests.
 */
class RefusalMatrixTest extends ApiTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalMatrixTest.class);

    record Case(String name, String request, int... statuses) {
    }

    @Test
    void everyRefusalIsAProblemBodyWithTheSecurityHeaders() throws IOException {
        String key = "X-API-Key: " + ACME_KEY + "\r\n";
        String host = "Host: localhost\r\n";
        String close = "Connection: close\r\n\r\n";
        List<Case> cases = List.of(
                new Case("%00 in the path", "GET /api/v1/events/a%00b HTTP/1.1\r\n" + host + key + close, 400),
                new Case("%2F in the path", "GET /api/v1/events/a%2Fb HTTP/1.1\r\n" + host + key + close, 400),
                new Case("%5C in the path", "GET /api/v1/events/a%5Cb HTTP/1.1\r\n" + host + key + close, 400),
                new Case("%FF in the path", "GET /api/v1/events/a%FFb HTTP/1.1\r\n" + host + key + close, 400),
                new Case("/.. in the path", "GET /api/v1/../v1/events HTTP/1.1\r\n" + host + key + close, 400),
                new Case("header over 8 KB", "GET /api/v1/events HTTP/1.1\r\n" + host + key + "X-Pad: "
                        + "a".repeat(9000) + "\r\n" + close, 400, 431),
                new Case("1 MB query string", "GET /api/v1/events?source=" + "a".repeat(1 << 20) + " HTTP/1.1\r\n"
                        + host + key + close, 400, 414),
                new Case("NUL in a header", "GET /api/v1/events HTTP/1.1\r\n" + host + key + "X-Note: a\0b\r\n"
                        + close, 400),
                new Case("no Host", "GET /api/v1/events HTTP/1.1\r\n" + key + close, 400),
                new Case("absolute-form URI of another host", "GET http://elsewhere.example/api/v1/events HTTP/1.1\r\n"
                        + host + key + close, 400),
                new Case("TRACE", "TRACE /api/v1/events HTTP/1.1\r\n" + host + key + close, 400, 405),
                new Case("unknown method", "BREW /api/v1/events HTTP/1.1\r\n" + host + key + close, 400, 405),
                new Case("invalid character in the method", "G@T /api/v1/events HTTP/1.1\r\n" + host + key + close,
                        400),
                new Case("space in the request target", "GET /api/v1/ev ents HTTP/1.1\r\n" + host + key + close, 400),
                new Case("no credential", "GET /api/v1/events HTTP/1.1\r\n" + host + close, 401),
                new Case("unknown key", "GET /api/v1/events HTTP/1.1\r\n" + host + "X-API-Key: nope\r\n" + close, 401),
                new Case("two keys", "GET /api/v1/events HTTP/1.1\r\n" + host + key + "X-API-Key: " + GLOBEX_KEY
                        + "\r\n" + close, 400),
                new Case("tenant key on admin path", "GET /api/v1/admin/tenants HTTP/1.1\r\n" + host + key + close, 403),
                new Case("bad parameter", "GET /api/v1/events?limit=0 HTTP/1.1\r\n" + host + key + close, 400),
                new Case("unknown path", "GET /api/v1/nothing HTTP/1.1\r\n" + host + key + close, 404),
                new Case("/error by name", "GET /error HTTP/1.1\r\n" + host + key + close, 404),
                new Case("method not allowed", "DELETE /api/v1/events HTTP/1.1\r\n" + host + key + close, 405),
                new Case("operator path without Basic", "GET /actuator/info HTTP/1.1\r\n" + host + close, 401));
        List<String> matrix = new ArrayList<>();
        for (Case c : cases) {
            RawHttp.Answer a = RawHttp.exchange(port, c.request());
            matrix.add(String.format("%-36s -> %d %s", c.name(), a.status(), a.header("Content-Type")));
            assertThat(a.status()).as(c.name() + ": " + a.body()).isIn(box(c.statuses()));
            assertThat(a.header("Content-Type")).as(c.name()).startsWith("application/problem+json");
            assertThat(a.header("X-Content-Type-Options")).as(c.name()).isEqualTo("nosniff");
            assertThat(a.header("X-Frame-Options")).as(c.name()).isEqualTo("DENY");
            assertThat(a.header("Cache-Control")).as(c.name()).contains("no-store");
            JsonNode problem = JSON.readTree(a.body());
            assertThat(problem.path("status").asInt()).as(c.name()).isEqualTo(a.status());
            assertThat(problem.path("title").asText()).as(c.name()).isNotBlank();
            assertThat(a.body()).as(c.name()).doesNotContain("Tomcat", "<html", "Exception", ACME_KEY);
        }
        LOG.info("refusal matrix:\n{}", String.join("\n", matrix));
    }

    private static Integer[] box(int[] statuses) {
        return java.util.Arrays.stream(statuses).boxed().toArray(Integer[]::new);
    }
}

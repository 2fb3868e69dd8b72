package io.securitylake.subscriber.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tenant A's credential never reaches tenant B's events, detections or incidents: not by filter, uid, cursor or count. */
class TenantIsolationTest extends ApiTestSupport {

    private static final Instant T = Instant.parse("2026-04-01T12:00:00Z");

    @org.springframework.beans.factory.annotation.Autowired
    private io.securitylake.subscriber.incident.Incidents incidents;

    @Test
    void eachKeySeesOnlyItsOwnTenantsEvents() {
        String source = uniqueSource();
        for (int i = 0; i < 5; i++) {
            store("acme", new TestEvent("acme-" + source + i, T.plusSeconds(i), 3002, 1, "111111111111", source, "198.51.100.1", "a"));
            store("globex", new TestEvent("globex-" + source + i, T.plusSeconds(i), 3002, 1, "222222222222", source, "198.51.100.2", "g"));
        }
        Reply acme = get("/api/v1/events" + query(Map.of("source", source)), ACME_KEY);
        Reply globex = get("/api/v1/events" + query(Map.of("source", source)), GLOBEX_KEY);
        assertThat(acme.json().path("items")).hasSize(5).allSatisfy(e -> assertThat(e.at("/_lake/tenant").asText()).isEqualTo("acme"));
        assertThat(globex.json().path("items")).hasSize(5).allSatisfy(e -> assertThat(e.at("/_lake/tenant").asText()).isEqualTo("globex"));
        assertThat(get("/api/v1/events/count" + query(Map.of("source", source)), ACME_KEY).json().path("count").asLong()).isEqualTo(5);
    }

    @Test
    void anotherTenantsUidIsNotFound() {
        String source = uniqueSource();
        store("globex", new TestEvent("globex-only-" + source, T, 3002, 1, "222222222222", source, "198.51.100.2", "g"));
        assertThat(get("/api/v1/events/globex-only-" + source, GLOBEX_KEY).status()).isEqualTo(200);
        assertProblem(get("/api/v1/events/globex-only-" + source, ACME_KEY), 404);
    }

    @Test
    void aCursorFromAnotherTenantsPagesIsRefused() {
        String source = uniqueSource();
        for (int i = 0; i < 3; i++) {
            store("globex", new TestEvent("g-" + source + i, T.plusSeconds(i), 3002, 1, "222222222222", source, "198.51.100.2", "g"));
            store("acme", new TestEvent("a-" + source + i, T.plusSeconds(i), 3002, 1, "111111111111", source, "198.51.100.1", "a"));
        }
        String globexCursor = get("/api/v1/events" + query(Map.of("source", source, "limit", "1")), GLOBEX_KEY)
                .json().path("next_cursor").asText();
        assertThat(get("/api/v1/events" + query(Map.of("source", source, "cursor", globexCursor)), GLOBEX_KEY).status())
                .isEqualTo(200);
        assertProblem(get("/api/v1/events" + query(Map.of("source", source, "cursor", globexCursor)), ACME_KEY), 400);
    }

    @Test
    void aCursorWithAFlippedSignatureByteIsABadRequest() {
        String source = uniqueSource();
        for (int i = 0; i < 3; i++) {
            store("acme", new TestEvent("t-" + source + i, T.plusSeconds(i), 3002, 1, "111111111111", source, "198.51.100.1", "a"));
        }
        String cursor = get("/api/v1/events" + query(Map.of("source", source, "limit", "1")), ACME_KEY)
                .json().path("next_cursor").asText();
        byte[] bytes = java.util.Base64.getUrlDecoder().decode(cursor);
        bytes[bytes.length - 1] ^= 0x01; // the last byte of the signature: the position stays readable
        String tampered = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        assertThat(get("/api/v1/events" + query(Map.of("source", source, "cursor", cursor)), ACME_KEY).status())
                .isEqualTo(200);
        assertProblem(get("/api/v1/events" + query(Map.of("source", source, "cursor", tampered)), ACME_KEY), 400);
    }

    @Test
    void anotherTenantsDetectionsAreNeitherListedNorFoundNorCounted() {
        String rule = "isolation-" + uniqueSource();
        String globexOnly = io.securitylake.subscriber.detect.TestDetections.store(stores, "globex", rule, "g-" + rule, T, 5);

        assertThat(get("/api/v1/detections" + query(Map.of("rule", rule)), GLOBEX_KEY).json().path("items")).hasSize(1);
        assertThat(get("/api/v1/detections/" + globexOnly, GLOBEX_KEY).status()).isEqualTo(200);
        assertThat(get("/api/v1/detections" + query(Map.of("rule", rule)), ACME_KEY).json().path("items")).isEmpty();
        assertThat(get("/api/v1/detections" + query(Map.of("severity_id_min", "5", "from", T.toString(),
                "to", T.plusSeconds(1).toString())), ACME_KEY).json().path("items"))
                .noneSatisfy(d -> assertThat(d.path("uid").asText()).isEqualTo(globexOnly));
        assertProblem(get("/api/v1/detections/" + globexOnly, ACME_KEY), 404);
        String globexCursor = pageCursorOfTwo("globex", GLOBEX_KEY);
        assertProblem(get("/api/v1/detections" + query(Map.of("cursor", globexCursor)), ACME_KEY), 400);
    }

    @Test
    void anotherTenantsIncidentsAreNeitherListedNorFoundNorChangedNorAnnotated() {
        String user = "isolation-" + uniqueSource();
        io.securitylake.subscriber.detect.Detection d = io.securitylake.subscriber.detect.StoredDetections.of(
                "isolation-rule", user, T.toEpochMilli(), 4, java.util.List.of(),
                io.securitylake.subscriber.detect.StoredDetections.entity("user", user));
        incidents.correlate("globex", io.securitylake.subscriber.detect.StoredDetections.store(stores::dataSource,
                "globex", java.util.List.of(d)));
        String globexOnly = new org.springframework.jdbc.core.JdbcTemplate(stores.dataSource("globex")).queryForObject(
                "SELECT incident_uid FROM detections WHERE uid = ?", String.class, d.uid());

        assertThat(get("/api/v1/incidents/" + globexOnly, GLOBEX_KEY).status()).isEqualTo(200);
        assertThat(get("/api/v1/incidents" + query(Map.of("limit", "1000")), GLOBEX_KEY).body()).contains(globexOnly);
        assertThat(get("/api/v1/incidents" + query(Map.of("limit", "1000")), ACME_KEY).body()).doesNotContain(globexOnly);
        assertProblem(get("/api/v1/incidents/" + globexOnly, ACME_KEY), 404);
        Map<String, String> json = Map.of("X-API-Key", ACME_KEY, "Content-Type", "application/json", "If-Match", "1");
        assertProblem(sendBody("PATCH", "/api/v1/incidents/" + globexOnly, json, "{\"status_id\": 5}"), 404);
        assertProblem(sendBody("POST", "/api/v1/incidents/" + globexOnly + "/notes", json, "{\"text\": \"x\"}"), 404);
        assertThat(get("/api/v1/incidents/" + globexOnly, GLOBEX_KEY).json().path("version").asLong()).isEqualTo(1);
        assertThat(get("/api/v1/incidents/" + globexOnly, GLOBEX_KEY).json().path("notes")).isEmpty();
    }

    private String pageCursorOfTwo(String tenant, String key) {
        String rule = "isolation-page-" + uniqueSource();
        io.securitylake.subscriber.detect.TestDetections.store(stores, tenant, rule, "p1-" + rule, T, 1);
        io.securitylake.subscriber.detect.TestDetections.store(stores, tenant, rule, "p2-" + rule, T.plusSeconds(1), 1);
        return get("/api/v1/detections" + query(Map.of("rule", rule, "limit", "1")), key).json().path("next_cursor").asText();
    }
}

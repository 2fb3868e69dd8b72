package io.securitylake.subscriber.api.incident;

import static io.securitylake.subscriber.detect.StoredDetections.entity;
import static io.securitylake.subscriber.detect.StoredDetections.of;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.api.ApiTestSupport;
import io.securitylake.subscriber.detect.Detection;
import io.securitylake.subscriber.detect.StoredDetections;
import io.securitylake.subscriber.incident.Incidents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The incidents API on the running service: listing, one incident, the analyst's changes and notes. */
class IncidentApiTest extends ApiTestSupport {

    private static final Instant T = Instant.parse("2026-04-02T08:00:00Z");

    private static final java.util.concurrent.atomic.AtomicLong IP = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() % 1_000_000);

    @Autowired
    private Incidents incidents;

    /** Opens an incident of two detections of one new user in the tenant's store; returns its uid. */
    private String incident(String tenant, int severity) {
        return incident(tenant, severity, 0);
    }

    /** The same, its detections {@code laterMs} after the usual time. */
    private String incident(String tenant, int severity, long laterMs) {
        String user = "user-" + UUID.randomUUID();
        String ip = "198.51.100." + IP.incrementAndGet(); // an address of this incident's only: a shared one would merge
        Detection login = of("aws-console-login-without-mfa", user + "-1", T.toEpochMilli() + laterMs, 3, List.of("t1078"),
                entity("user", user), entity("ip", ip));
        Detection key = of("aws-iam-access-key-created", user + "-2", T.toEpochMilli() + laterMs + 60_000, severity,
                List.of("t1098.001"), entity("user", user));
        incidents.correlate(tenant, StoredDetections.store(stores::dataSource, tenant, List.of(login, key)));
        return new org.springframework.jdbc.core.JdbcTemplate(stores.dataSource(tenant)).queryForObject(
                "SELECT incident_uid FROM detections WHERE uid = ?", String.class, login.uid());
    }

    private static List<String> uids(Reply page) {
        List<String> uids = new java.util.ArrayList<>();
        page.json().path("items").forEach(item -> uids.add(item.path("uid").asText()));
        return uids;
    }

    private Reply patch(String uid, String ifMatch, String body, String key) {
        Map<String, String> headers = ifMatch == null ? Map.of("X-API-Key", key, "Content-Type", "application/json")
                : Map.of("X-API-Key", key, "Content-Type", "application/json", "If-Match", ifMatch);
        return sendBody("PATCH", "/api/v1/incidents/" + uid, headers, body);
    }

    private Reply note(String uid, String body, String key) {
        return sendBody("POST", "/api/v1/incidents/" + uid + "/notes",
                Map.of("X-API-Key", key, "Content-Type", "application/json"), body);
    }

    @Test
    void anIncidentIsAnOcsfIncidentFindingWithItsDetections() {
        String uid = incident("acme", 4);

        Reply r = get("/api/v1/incidents/" + uid, ACME_KEY);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode i = r.json();
        assertThat(i.path("class_uid").asInt()).isEqualTo(2005);
        assertThat(i.path("category_uid").asInt()).isEqualTo(2);
        assertThat(i.path("status_id").asInt()).isEqualTo(1);
        assertThat(i.path("status").asText()).isEqualTo("New");
        assertThat(i.path("severity_id").asInt()).isEqualTo(4);
        assertThat(i.path("detection_count").asInt()).isEqualTo(2);
        assertThat(i.path("detection_uids")).hasSize(2);
        assertThat(i.path("finding_info_list")).hasSize(2);
        assertThat(i.path("finding_info_list").get(0).path("analytic").path("uid").asText())
                .isEqualTo("aws-console-login-without-mfa");
        assertThat(i.path("start_time").asLong()).isEqualTo(T.toEpochMilli());
        assertThat(i.path("end_time").asLong()).isEqualTo(T.toEpochMilli() + 60_000);
        assertThat(i.path("attacks").toString()).contains("t1078", "t1098.001");
        assertThat(i.path("entities").toString()).contains("\"ip\"", "198.51.100.");
        assertThat(i.path("history")).isNotEmpty();
        assertThat(i.path("notes")).isEmpty();
        assertThat(i.path("version").asLong()).isEqualTo(2);
        assertThat(r.etag()).isEqualTo("\"2\"");
    }

    private JsonNode ruleItem(String uid) {
        for (JsonNode r : get("/api/v1/rules", ACME_KEY).json().path("items")) {
            if (r.path("uid").asText().equals(uid)) {
                return r;
            }
        }
        throw new AssertionError("no rule " + uid);
    }

    @Test
    void aVerdictIsRecordedAsOcsfHasItAndCountedInTheFalsePositiveRateOfItsRules() {
        String benign = incident("acme", 3);
        String falsePositive = incident("acme", 3);
        JsonNode before = ruleItem("aws-iam-access-key-created").path("incidents_by_verdict");

        Reply r = patch(falsePositive, "2", "{\"verdict_id\": 1, \"status_id\": 2}", ACME_KEY);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("verdict_id").asInt()).isEqualTo(1);
        assertThat(r.json().path("verdict").asText()).isEqualTo("False Positive");
        assertThat(r.json().path("history").toString()).contains("verdict_id");
        assertThat(patch(benign, "2", "{\"verdict_id\": 5}", ACME_KEY).json().path("verdict").asText()).isEqualTo("Benign");
        assertProblem(patch(benign, "3", "{\"verdict_id\": 11}", ACME_KEY), 400);

        JsonNode after = ruleItem("aws-iam-access-key-created");
        assertThat(after.at("/incidents_by_verdict/False Positive").asLong())
                .isEqualTo(before.path("False Positive").asLong() + 1);
        assertThat(after.at("/incidents_by_verdict/Benign").asLong()).isEqualTo(before.path("Benign").asLong() + 1);
        long fp = after.at("/incidents_by_verdict/False Positive").asLong();
        long all = 0;
        for (JsonNode n : after.path("incidents_by_verdict")) {
            all += n.asLong();
        }
        assertThat(after.path("false_positive_rate").asDouble()).isEqualTo(fp / (double) all);
        assertThat(get("/api/v1/incidents/" + benign, GLOBEX_KEY).status()).isEqualTo(404);
    }

    @Test
    void theListingFiltersAndPagesMostRecentlyActiveFirst() {
        String a = incident("acme", 5);
        String b = incident("acme", 5);
        String assignee = "analyst-" + UUID.randomUUID();
        for (String uid : List.of(a, b)) {
            assertThat(patch(uid, "2", "{\"assignee\": \"" + assignee + "\"}", ACME_KEY).status()).isEqualTo(200);
        }
        Reply first = get("/api/v1/incidents" + query(Map.of("assignee", assignee, "limit", "1",
                "status", "new,2", "severity_id_min", "5")), ACME_KEY);
        assertThat(first.json().path("items")).hasSize(1);
        String cursor = first.json().path("next_cursor").asText();
        Reply second = get("/api/v1/incidents" + query(Map.of("assignee", assignee, "limit", "1",
                "status", "new,2", "severity_id_min", "5", "cursor", cursor)), ACME_KEY);
        assertThat(second.json().path("items")).hasSize(1);
        assertThat(List.of(first.json().at("/items/0/uid").asText(), second.json().at("/items/0/uid").asText()))
                .containsExactlyInAnyOrder(a, b);
        assertThat(second.json().path("next_cursor").isNull()).isTrue();

        assertThat(get("/api/v1/incidents" + query(Map.of("assignee", assignee, "status", "closed")), ACME_KEY)
                .json().path("items")).isEmpty();
        assertProblem(get("/api/v1/incidents" + query(Map.of("status", "gone")), ACME_KEY), 400);
        assertProblem(get("/api/v1/incidents" + query(Map.of("assignee", assignee, "cursor", cursor, "limit", "1")),
                ACME_KEY), 400);
        assertProblem(get("/api/v1/incidents" + query(Map.of("severity", "5")), ACME_KEY), 400);
    }

    @Test
    void theQueueOrderIsMostSevereFirstPagedByTheService() {
        // the most recently active is the least severe: the two orders differ
        String high = incident("acme", 4, 7_200_000);
        String critical = incident("acme", 6, 0);
        String veryHigh = incident("acme", 5, 3_600_000);
        String assignee = "analyst-" + UUID.randomUUID();
        for (String uid : List.of(high, critical, veryHigh)) {
            assertThat(patch(uid, "2", "{\"assignee\": \"" + assignee + "\"}", ACME_KEY).status()).isEqualTo(200);
        }
        Reply first = get("/api/v1/incidents" + query(Map.of("assignee", assignee, "sort", "severity", "limit", "2")),
                ACME_KEY);
        assertThat(uids(first)).containsExactly(critical, veryHigh);
        String cursor = first.json().path("next_cursor").asText();
        Reply second = get("/api/v1/incidents" + query(Map.of("assignee", assignee, "sort", "severity", "limit", "2",
                "cursor", cursor)), ACME_KEY);
        assertThat(uids(second)).containsExactly(high);
        assertThat(second.json().path("next_cursor").isNull()).isTrue();

        assertProblem(get("/api/v1/incidents" + query(Map.of("assignee", assignee, "sort", "recent", "limit", "2",
                "cursor", cursor)), ACME_KEY), 400);
        assertProblem(get("/api/v1/incidents" + query(Map.of("sort", "priority")), ACME_KEY), 400);
    }

    @Test
    void anIncidentsDetectionsAreListedInOneRequestAndOnlyForItsTenant() {
        String uid = incident("acme", 5);
        List<String> expected = new java.util.ArrayList<>();
        get("/api/v1/incidents/" + uid, ACME_KEY).json().path("detection_uids").forEach(d -> expected.add(d.asText()));
        assertThat(expected).hasSize(2);

        Reply page = get("/api/v1/detections" + query(Map.of("incident", uid)), ACME_KEY);
        assertThat(uids(page)).containsExactlyInAnyOrderElementsOf(expected);
        page.json().path("items").forEach(d -> assertThat(d.path("event_uids")).isNotEmpty());
        assertThat(get("/api/v1/detections" + query(Map.of("incident", uid)), GLOBEX_KEY).json().path("items")).isEmpty();
        assertProblem(get("/api/v1/detections" + query(Map.of("incident", "inc-1")), ACME_KEY), 400);
    }

    @Test
    void aPatchAtTheCurrentVersionChangesTheIncidentAndRecordsWhoDidIt() {
        String uid = incident("acme", 3);

        Reply r = patch(uid, "\"2\"", "{\"status_id\": 2, \"assignee\": \"alice\", \"priority_id\": 3}", ACME_KEY);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("In Progress");
        assertThat(r.json().at("/assignee/name").asText()).isEqualTo("alice");
        assertThat(r.json().path("priority_id").asInt()).isEqualTo(3);
        assertThat(r.json().path("version").asLong()).isEqualTo(3);
        assertThat(r.etag()).isEqualTo("\"3\"");
        assertThat(r.json().path("history").toString()).contains("\"field\":\"status_id\"", "\"from\":\"1\"",
                "\"to\":\"2\"", "\"actor\":\"tenant:acme (api-key)\"", "\"field\":\"assignee\"", "\"to\":\"alice\"");
        // unassign with null
        assertThat(patch(uid, "3", "{\"assignee\": null}", ACME_KEY).json().path("assignee").isNull()).isTrue();
    }

    @Test
    void aPatchIsRefusedWithTheRightProblem() {
        String uid = incident("acme", 3);
        assertProblem(patch(uid, null, "{\"status_id\": 2}", ACME_KEY), 428);
        assertProblem(patch(uid, "v2", "{\"status_id\": 2}", ACME_KEY), 400);
        assertProblem(patch(uid, "*", "{\"status_id\": 2}", ACME_KEY), 400);
        assertProblem(patch(uid, "2", "{\"severity_id\": 5}", ACME_KEY), 400);
        assertProblem(patch(uid, "2", "{\"status_id\": 9}", ACME_KEY), 400);
        assertProblem(patch(uid, "2", "{\"status_id\": \"2\"}", ACME_KEY), 400);
        assertProblem(patch(uid, "2", "{\"priority_id\": 7}", ACME_KEY), 400);
        assertProblem(patch(uid, "2", "{}", ACME_KEY), 400);
        assertProblem(patch(uid, "2", "[1]", ACME_KEY), 400);
        assertProblem(patch(uid, "2", "{\"status_id\": 2", ACME_KEY), 400);
        assertProblem(patch(uid, "2", "{\"status_id\": 2, \"status_id\": 3}", ACME_KEY), 400);
        assertProblem(patch(uid, "1", "{\"status_id\": 2}", ACME_KEY), 412);
        assertProblem(patch("inc-" + "0".repeat(32), "1", "{\"status_id\": 2}", ACME_KEY), 404);
        assertProblem(patch("not-an-incident", "1", "{\"status_id\": 2}", ACME_KEY), 400);

        assertThat(patch(uid, "2", "{\"status_id\": 5}", ACME_KEY).status()).isEqualTo(200);
        Reply reopen = patch(uid, "3", "{\"status_id\": 2}", ACME_KEY);
        assertProblem(reopen, 409);
        assertThat(reopen.json().path("detail").asText()).contains("Closed");
        assertThat(get("/api/v1/incidents/" + uid, ACME_KEY).json().path("version").asLong()).isEqualTo(3);
    }

    @Test
    void aNoteIsCreatedWithTheCallerAsAuthor() {
        String uid = incident("acme", 3);

        Reply r = note(uid, "{\"text\": \"checked with alice: not her\"}", ACME_KEY);

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().path("author").asText()).isEqualTo("tenant:acme (api-key)");
        assertThat(r.json().path("text").asText()).isEqualTo("checked with alice: not her");
        JsonNode incident = get("/api/v1/incidents/" + uid, ACME_KEY).json();
        assertThat(incident.path("notes")).hasSize(1);
        assertThat(incident.at("/notes/0/author").asText()).isEqualTo("tenant:acme (api-key)");
        assertThat(incident.path("version").asLong()).isEqualTo(r.json().path("version").asLong());
        assertProblem(note(uid, "{\"text\": \"\"}", ACME_KEY), 400);
        assertProblem(note(uid, "{\"text\": \"x\", \"author\": \"someone else\"}", ACME_KEY), 400);
        assertProblem(note("inc-" + "0".repeat(32), "{\"text\": \"x\"}", ACME_KEY), 404);
    }

    @Test
    void theAdminKeyDoesNotActAsATenant() {
        String uid = incident("acme", 3);
        assertProblem(get("/api/v1/incidents", ADMIN_KEY), 403);
        assertProblem(get("/api/v1/incidents/" + uid, ADMIN_KEY), 403);
        assertProblem(patch(uid, "2", "{\"status_id\": 2}", ADMIN_KEY), 403);
        assertProblem(note(uid, "{\"text\": \"x\"}", ADMIN_KEY), 403);
    }
}

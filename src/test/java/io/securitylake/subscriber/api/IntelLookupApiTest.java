package io.securitylake.subscriber.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The look-up of one value across the caller's indicators and events: the indicators an event holding it would be
 * found by (shared feeds and the tenant's own, in force or not), the caller's events holding it in a field matching
 * reads (not a longer value that merely contains its text, never another tenant's), newest first, limited, and a
 * clear refusal of what is not a value or not a range. Each test owns an hour of its own, a day far back.
 */
class IntelLookupApiTest extends ApiTestSupport {

    private Instant hour;
    private String from;
    private String to;

    @BeforeEach
    void ownHourAndFeedsRead() {
        hour = Instant.now().truncatedTo(ChronoUnit.HOURS)
                .minus(Duration.ofHours(24 * ThreadLocalRandom.current().nextLong(40, 400) + 5));
        from = hour.toString();
        to = hour.plus(Duration.ofHours(1)).toString();
        LakeTestStack.await(Duration.ofSeconds(60), "both feeds read", () -> {
            JsonNode items = get("/api/v1/admin/intel/feeds", ADMIN_KEY).json().get("items");
            return items.size() == 2 && "ok".equals(items.get(0).get("status").asText())
                    && "ok".equals(items.get(1).get("status").asText());
        });
    }

    private String storeEvent(String tenant, int minute, Map<String, Object> fields) {
        String uid = "lookup-" + java.util.UUID.randomUUID();
        Instant time = hour.plus(Duration.ofMinutes(minute));
        Map<String, Object> event = new java.util.LinkedHashMap<>(fields);
        event.put("metadata", Map.of("uid", uid, "version", "1.1.0"));
        event.put("time", time.toEpochMilli());
        event.put("class_uid", 4001);
        event.put("_lake", Map.of("tenant", tenant, "event_uid", uid, "source", "lookup_test"));
        partitionsFor(tenant, time);
        try {
            new JdbcTemplate(stores.dataSource(tenant)).update("""
                    INSERT INTO events (event_uid, event_time, class_uid, category_uid, severity_id, source, bucket,
                                        object_key, event)
                    VALUES (?, ?, 4001, 4, 1, 'lookup_test', ?, 'test/lookup', CAST(? AS jsonb))""",
                    uid, Timestamp.from(time), LakeTestStack.BUCKET, JSON.writeValueAsString(event));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return uid;
    }

    private Reply lookUp(String key, String value, String... more) {
        StringBuilder q = new StringBuilder("/api/v1/intel/lookup?value=" + enc(value) + "&from=" + enc(from) + "&to=" + enc(to));
        for (String m : more) {
            q.append('&').append(m);
        }
        return get(q.toString(), key);
    }

    private static List<String> eventUids(Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("events").forEach(e -> out.add(e.get("event_uid").asText()));
        return out;
    }

    private static List<String> indicators(Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("indicators").forEach(i -> out.add(i.get("feed").asText() + ":" + i.get("value").asText()));
        return out;
    }

    @Test
    void anAddressFindsTheNetworkHoldingItAndTheCallersEventsHoldingItOnly() {
        String group = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100, 0xffff));
        String address = "2001:db8:ffff:" + group + "::9";
        String acme = storeEvent("acme", 10, Map.of("src_endpoint", Map.of("ip", address)));
        String longer = storeEvent("acme", 20, Map.of("src_endpoint", Map.of("ip", address + "0"),
                "message", "not from " + address + "0"));
        String globex = storeEvent("globex", 30, Map.of("dst_endpoint", Map.of("ip", address)));

        Reply r = lookUp(ACME_KEY, address);
        assertThat(r.json().get("type").asText()).isEqualTo("ipv6-addr");
        assertThat(indicators(r)).containsExactly("api-shared:2001:db8:ffff:0:0:0:0:0/48");
        assertThat(r.json().get("indicators").get(0).get("labels").get(0).asText()).isEqualTo("c2");
        assertThat(eventUids(r)).as("not the longer address %s, not globex's %s", longer, globex).containsExactly(acme);
        assertThat(r.json().get("events").get(0).get("fields").get(0).asText()).isEqualTo("src_endpoint.ip");
        assertThat(r.json().get("events").get(0).get("event").get("metadata").get("uid").asText()).isEqualTo(acme);
        assertThat(r.json().get("more_events").asBoolean()).isFalse();

        assertThat(eventUids(lookUp(GLOBEX_KEY, address))).containsExactly(globex);
        // the full form finds the event written in the short one
        String full = "2001:db8:ffff:" + group + ":0:0:0:9";
        assertThat(eventUids(lookUp(ACME_KEY, full))).containsExactly(acme);
    }

    @Test
    void aDomainFindsTheTenantsOwnFeedOnlyForThatTenantAndEventsWhateverTheCase() {
        String acme = storeEvent("acme", 5, Map.of("query", Map.of("hostname", "API-GLOBEX.example.")));
        String globex = storeEvent("globex", 6, Map.of("observables", List.of(Map.of("type_id", 1,
                "value", "api-globex.example"))));

        Reply forAcme = lookUp(ACME_KEY, "api-globex.example");
        assertThat(forAcme.json().get("type").asText()).isEqualTo("domain-name");
        assertThat(indicators(forAcme)).as("globex's own feed").isEmpty();
        assertThat(eventUids(forAcme)).containsExactly(acme);
        assertThat(forAcme.json().get("events").get(0).get("fields").get(0).asText()).isEqualTo("query.hostname");

        Reply forGlobex = lookUp(GLOBEX_KEY, "API-Globex.Example");
        assertThat(indicators(forGlobex)).containsExactly("api-globex:api-globex.example");
        assertThat(eventUids(forGlobex)).containsExactly(globex);
        assertThat(forGlobex.json().get("events").get(0).get("fields").get(0).asText()).isEqualTo("observables");

        // in force or not: api-two.example's valid_until is past, it is still shown, marked
        Reply expired = lookUp(ACME_KEY, "api-two.example");
        assertThat(indicators(expired)).containsExactly("api-shared:api-two.example");
        assertThat(expired.json().get("indicators").get(0).get("in_force").asBoolean()).isFalse();
    }

    @Test
    void aHashFindsItsEventsNewestFirstUpToTheLimitAndSaysMoreExist() {
        String hash = java.util.HexFormat.of().formatHex(java.security.SecureRandom.getSeed(32));
        Map<String, Object> file = Map.of("file", Map.of("hashes", List.of(Map.of("algorithm_id", 3, "value", hash.toUpperCase()))));
        String first = storeEvent("acme", 1, file);
        String second = storeEvent("acme", 2, Map.of("process", file));
        String third = storeEvent("acme", 3, file);

        Reply all = lookUp(ACME_KEY, hash);
        assertThat(all.json().get("type").asText()).isEqualTo("sha-256");
        assertThat(eventUids(all)).containsExactly(third, second, first);
        assertThat(all.json().get("events").get(1).get("fields").get(0).asText()).isEqualTo("process.file.hashes");
        Reply two = lookUp(ACME_KEY, hash, "limit=2");
        assertThat(eventUids(two)).containsExactly(third, second);
        assertThat(two.json().get("more_events").asBoolean()).isTrue();
        assertThat(lookUp(ACME_KEY, hash, "limit=3").json().get("more_events").asBoolean()).isFalse();
    }

    @Test
    void whatIsNotAValueOrARangeIsRefusedAndOnlyATenantLooksUp() {
        assertProblem(get("/api/v1/intel/lookup", ACME_KEY), 400);
        Reply notAValue = get("/api/v1/intel/lookup?value=" + enc("not a value!"), ACME_KEY);
        assertProblem(notAValue, 400);
        assertThat(notAValue.json().get("detail").asText()).contains("not an IP address, domain, URL");
        assertProblem(get("/api/v1/intel/lookup?value=10.0.0.0%2F8", ACME_KEY), 400);
        Reply wide = get("/api/v1/intel/lookup?value=192.0.2.1&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", ACME_KEY);
        assertProblem(wide, 400);
        assertThat(wide.json().get("detail").asText()).contains("31 days");
        assertProblem(get("/api/v1/intel/lookup?value=192.0.2.1&limit=0", ACME_KEY), 400);
        assertProblem(get("/api/v1/intel/lookup?value=192.0.2.1&tenant=globex", ACME_KEY), 400);
        assertThat(get("/api/v1/intel/lookup?value=192.0.2.1", ADMIN_KEY).status()).isEqualTo(403);
        assertThat(get("/api/v1/intel/lookup?value=192.0.2.1", null).status()).isEqualTo(401);
        Reply url = get("/api/v1/intel/lookup?value=" + enc("https://api-one.example/x_%"), ACME_KEY);
        assertThat(url.status()).as(url.body()).isEqualTo(200);
        assertThat(url.json().get("type").asText()).isEqualTo("url");
    }
}

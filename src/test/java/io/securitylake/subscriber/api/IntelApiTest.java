package io.securitylake.subscriber.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The threat-intelligence API: a tenant sees the shared feeds and its own, never another tenant's, nor where a
 * feed is read from; indicators by address (networks holding it), by text, type and feed, paged; the admin sees
 * every feed with its source.
 */
class IntelApiTest extends ApiTestSupport {

    static final Path SHARED_FEED = write("api-shared", """
            {"type": "bundle", "id": "bundle--0f9b2a52-3c1e-4f6e-9d7a-1c2b3d4e5f60", "objects": [
             {"type": "indicator", "spec_version": "2.1", "id": "indicator--a1", "modified": "2026-01-01T00:00:00Z",
              "pattern": "[ipv6-addr:value = '2001:db8:ffff::/48' OR domain-name:value = 'api-one.example']",
              "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z", "confidence": 90, "labels": ["c2"]},
             {"type": "indicator", "spec_version": "2.1", "id": "indicator--a2", "modified": "2026-01-01T00:00:00Z",
              "pattern": "[domain-name:value = 'api-two.example']", "pattern_type": "stix",
              "valid_from": "2026-01-01T00:00:00Z", "valid_until": "2026-01-02T00:00:00Z"},
             {"type": "indicator", "spec_version": "2.1", "id": "indicator--a3", "modified": "2026-01-01T00:00:00Z",
              "pattern": "[process:name = 'x']", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z"}]}
            """);
    static final Path GLOBEX_FEED = write("api-globex", "api-globex.example\n");

    private static Path write(String name, String text) {
        try {
            Path file = Files.createTempFile(name, ".feed");
            Files.writeString(file, text);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void feedsRead() {
        io.securitylake.subscriber.stack.LakeTestStack.await(Duration.ofSeconds(60), "both feeds read", () -> {
            JsonNode items = get("/api/v1/admin/intel/feeds", ADMIN_KEY).json().get("items");
            return items.size() == 2 && "ok".equals(items.get(0).get("status").asText())
                    && "ok".equals(items.get(1).get("status").asText());
        });
    }

    private List<String> names(Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("items").forEach(i -> out.add(i.has("name") && i.has("status") ? i.get("name").asText()
                : i.get("feed").asText() + ":" + i.get("value").asText()));
        return out;
    }

    @Test
    void aTenantSeesTheSharedFeedsAndItsOwnWithoutTheirSource() {
        assertThat(names(get("/api/v1/intel/feeds", ACME_KEY))).containsExactly("api-shared");
        assertThat(names(get("/api/v1/intel/feeds", GLOBEX_KEY))).containsExactly("api-shared", "api-globex");
        JsonNode shared = get("/api/v1/intel/feeds", ACME_KEY).json().get("items").get(0);
        assertThat(shared.has("source")).isFalse();
        assertThat(shared.get("indicators").asInt()).isEqualTo(3);
        assertThat(shared.get("refused").asInt()).isEqualTo(1);
        assertThat(shared.get("refused_by_reason").get("unsupported object path").asInt()).isEqualTo(1);
        assertThat(shared.get("last_poll").asLong()).isPositive();

        JsonNode all = get("/api/v1/admin/intel/feeds", ADMIN_KEY).json().get("items");
        assertThat(all.get(1).get("source").asText()).isEqualTo(GLOBEX_FEED.toString());
        assertThat(all.get(1).get("tenant").asText()).isEqualTo("globex");
        assertThat(get("/api/v1/admin/intel/feeds", ACME_KEY).status()).isEqualTo(403);
        assertThat(get("/api/v1/intel/feeds", ADMIN_KEY).status()).isEqualTo(403);
        assertThat(get("/api/v1/intel/feeds", null).status()).isEqualTo(401);
    }

    @Test
    void indicatorsByAddressTextTypeAndFeedOfTheCallersFeedsOnly() {
        String v6 = "/api/v1/intel/indicators" + query(Map.of("value", "2001:db8:ffff:1::9"));
        assertThat(names(get(v6, ACME_KEY))).containsExactly("api-shared:2001:db8:ffff:0:0:0:0:0/48");
        JsonNode network = get(v6, ACME_KEY).json().get("items").get(0);
        assertThat(network.get("stix_id").asText()).isEqualTo("indicator--a1");
        assertThat(network.get("confidence").asInt()).isEqualTo(90);
        assertThat(network.get("in_force").asBoolean()).isTrue();
        assertThat(network.get("labels").get(0).asText()).isEqualTo("c2");

        assertThat(names(get("/api/v1/intel/indicators?value=API-TWO", ACME_KEY))).containsExactly("api-shared:api-two.example");
        assertThat(get("/api/v1/intel/indicators?value=api-two", ACME_KEY).json().get("items").get(0).get("in_force")
                .asBoolean()).as("past its valid_until").isFalse();
        assertThat(names(get("/api/v1/intel/indicators?value=api-globex", ACME_KEY))).isEmpty();
        assertThat(names(get("/api/v1/intel/indicators?value=api-globex", GLOBEX_KEY))).containsExactly("api-globex:api-globex.example");
        assertThat(names(get("/api/v1/intel/indicators?feed=api-globex", ACME_KEY))).isEmpty();
        assertThat(names(get("/api/v1/intel/indicators?type=domain-name&feed=api-shared", GLOBEX_KEY)))
                .containsExactlyInAnyOrder("api-shared:api-one.example", "api-shared:api-two.example");
    }

    @Test
    void pagesFollowTheirCursorWhichIsTheCallersAndFiltersOwn() {
        Reply first = get("/api/v1/intel/indicators?feed=api-shared&limit=2", ACME_KEY);
        List<String> seen = new ArrayList<>(names(first));
        String cursor = first.json().get("next_cursor").asText();
        Reply second = get("/api/v1/intel/indicators?feed=api-shared&limit=2&cursor=" + enc(cursor), ACME_KEY);
        seen.addAll(names(second));
        assertThat(second.json().get("next_cursor").isNull()).isTrue();
        assertThat(seen).containsExactlyInAnyOrder("api-shared:2001:db8:ffff:0:0:0:0:0/48", "api-shared:api-one.example",
                "api-shared:api-two.example");

        assertThat(get("/api/v1/intel/indicators?feed=api-shared&limit=2&cursor=" + enc(cursor), GLOBEX_KEY).status())
                .isEqualTo(400);
        assertThat(get("/api/v1/intel/indicators?feed=api-globex&limit=2&cursor=" + enc(cursor), ACME_KEY).status())
                .isEqualTo(400);
        assertThat(get("/api/v1/intel/indicators?type=ip", ACME_KEY).status()).isEqualTo(400);
        assertThat(get("/api/v1/intel/indicators?feed=Bad%20Name", ACME_KEY).status()).isEqualTo(400);
        assertThat(get("/api/v1/intel/indicators?tenant=globex", ACME_KEY).status()).isEqualTo(400);
        assertThat(get("/api/v1/intel/indicators?limit=0", ACME_KEY).status()).isEqualTo(400);
    }

    private Reply addFeed(String key, String body) {
        return sendBody("POST", "/api/v1/admin/intel/feeds", Map.of("X-API-Key", key, "Content-Type", "application/json"),
                body);
    }

    private JsonNode feedNamed(String key, String path, String name) {
        for (JsonNode item : get(path, key).json().get("items")) {
            if (name.equals(item.get("name").asText())) {
                return item;
            }
        }
        return null;
    }

    @Test
    void theAdminAddsAFeedWhichTheNextPollReadsForItsTenantOnlyAndDeletesIt() {
        Reply added = addFeed(ADMIN_KEY, """
                {"name": "api-added", "kind": "stix", "url": "https://127.0.0.1:9/indicators.json", "tenant": "globex",
                 "interval": "15m", "confidence": 70}""");
        Reply deleted;
        try {
            assertThat(added.status()).as(added.body()).isEqualTo(201);
            assertThat(added.json().get("status").asText()).isEqualTo("pending");
            assertThat(added.json().get("interval").asText()).isEqualTo("PT15M");
            io.securitylake.subscriber.stack.LakeTestStack.await(Duration.ofSeconds(60), "the added feed read", () -> {
                JsonNode feed = feedNamed(GLOBEX_KEY, "/api/v1/intel/feeds", "api-added");
                return feed != null && !"pending".equals(feed.get("status").asText());
            });
            JsonNode read = feedNamed(GLOBEX_KEY, "/api/v1/intel/feeds", "api-added");
            assertThat(read.get("status").asText()).as("nothing answers there").isEqualTo("failing");
            assertThat(read.get("last_error").asText()).isNotBlank();
            assertThat(feedNamed(ACME_KEY, "/api/v1/intel/feeds", "api-added")).as("globex's own feed").isNull();
            assertThat(feedNamed(ADMIN_KEY, "/api/v1/admin/intel/feeds", "api-added").get("source").asText())
                    .isEqualTo("https://127.0.0.1:9/indicators.json");
            assertProblem(addFeed(ADMIN_KEY, """
                    {"name": "api-added", "kind": "list", "type": "url", "url": "https://127.0.0.1:9/other.txt"}"""), 409);
            assertProblem(addFeed(ADMIN_KEY, """
                    {"name": "api-shared", "kind": "list", "type": "url", "url": "https://127.0.0.1:9/other.txt"}"""), 409);
        } finally {
            deleted = send("DELETE", "/api/v1/admin/intel/feeds/api-added", Map.of("X-API-Key", ADMIN_KEY));
        }
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        io.securitylake.subscriber.stack.LakeTestStack.await(Duration.ofSeconds(60), "the deleted feed gone", () ->
                feedNamed(ADMIN_KEY, "/api/v1/admin/intel/feeds", "api-added") == null);
        assertProblem(send("DELETE", "/api/v1/admin/intel/feeds/api-added", Map.of("X-API-Key", ADMIN_KEY)), 404);
        assertProblem(send("DELETE", "/api/v1/admin/intel/feeds/api-shared", Map.of("X-API-Key", ADMIN_KEY)), 409);
        assertThat(send("DELETE", "/api/v1/admin/intel/feeds/api-shared", Map.of("X-API-Key", GLOBEX_KEY)).status())
                .isEqualTo(403);
    }

    @Test
    void aWrongFeedIsRefusedWithItsReasonAndOnlyTheAdminAddsOne() {
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("not json", "body is not valid JSON");
        refusals.put("{\"kind\": \"stix\", \"url\": \"https://intel.example.com/f\"}", "field name is required");
        refusals.put("{\"name\": \"w1\", \"kind\": \"stix\"}", "field url is required");
        refusals.put("{\"name\": \"w2\", \"kind\": \"stix\", \"url\": \"http://intel.example.com/f\"}", "https");
        refusals.put("{\"name\": \"w3\", \"kind\": \"misp\", \"url\": \"https://intel.example.com/f\"}", "kind must be");
        refusals.put("{\"name\": \"w4\", \"kind\": \"list\", \"url\": \"https://intel.example.com/f\"}", "needs a type");
        refusals.put("{\"name\": \"w5\", \"kind\": \"taxii\", \"url\": \"https://intel.example.com/t/\"}", "collection");
        refusals.put("{\"name\": \"w6\", \"kind\": \"stix\", \"url\": \"https://intel.example.com/f\", \"tenant\": \"initech\"}",
                "names no tenant");
        refusals.put("{\"name\": \"w7\", \"kind\": \"stix\", \"url\": \"https://intel.example.com/f\", \"interval\": \"1s\"}",
                "interval must be from 1m");
        refusals.put("{\"name\": \"w8\", \"kind\": \"stix\", \"url\": \"https://intel.example.com/f\", \"file\": \"/etc/passwd\"}",
                "unknown field 'file'");
        refusals.put("{\"name\": \"Bad Name\", \"kind\": \"stix\", \"url\": \"https://intel.example.com/f\"}", "name");
        refusals.forEach((body, reason) -> {
            Reply r = addFeed(ADMIN_KEY, body);
            assertProblem(r, 400);
            assertThat(r.json().get("detail").asText()).as(body).contains(reason);
        });
        assertThat(addFeed(ACME_KEY, "{\"name\": \"w9\", \"kind\": \"stix\", \"url\": \"https://intel.example.com/f\"}")
                .status()).isEqualTo(403);
        assertThat(feedNamed(ADMIN_KEY, "/api/v1/admin/intel/feeds", "w9")).isNull();
    }
}

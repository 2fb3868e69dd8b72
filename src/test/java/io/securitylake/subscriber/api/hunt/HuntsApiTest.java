package io.securitylake.subscriber.api.hunt;

import static io.securitylake.subscriber.hunt.HuntEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.api.ApiTestSupport;
import io.securitylake.subscriber.hunt.HuntEvents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The saved hunts on seeded, realistic events of two tenants: each hunt returns the rows an analyst expects,
 * pages, renders CSV, refuses bad input, and never returns the other tenant's rows.
 */
class HuntsApiTest extends HuntApiSupport {

    @Test
    void theHuntListNamesEverySavedHuntWithItsTypedParameters() {
        JsonNode list = get("/api/v1/hunts", ACME_KEY).json();
        assertThat(list.path("items").size()).isGreaterThanOrEqualTo(12);
        JsonNode ip = null;
        for (JsonNode h : list.path("items")) {
            assertThat(h.path("title").asText()).isNotBlank();
            assertThat(h.path("description").asText()).isNotBlank();
            assertThat(h.has("attack")).isTrue();
            if (h.path("id").asText().equals("ip-activity")) {
                ip = h;
            }
        }
        assertThat(ip).isNotNull();
        assertThat(ip.path("params").get(0).path("name").asText()).isEqualTo("ip");
        assertThat(ip.path("params").get(0).path("type").asText()).isEqualTo("ip");
    }

    @Test
    void consoleLoginsCountLoginsWithoutMfaAndSourceAddressesPerUser() {
        JsonNode page = run(ACME_KEY, "console-logins", "{}");
        assertThat(rows(page)).extracting(r -> r.get(0) + " " + r.get(2) + " " + r.get(3) + " " + r.get(4) + " " + r.get(5))
                .containsExactly(
                        "alice 2 0 1 [\"198.51.100.7\",\"203.0.113.5\"]",
                        "bob 1 1 1 [\"203.0.113.9\"]");
        assertThat(page.path("columns").get(6).path("type").asText()).isEqualTo("timestamptz");
        assertThat(page.path("rows").get(0).get(6).asLong()).isEqualTo(T.plusSeconds(3600).toEpochMilli());
        assertThat(rows(run(ACME_KEY, "console-logins", "{\"user\":\"bob\"}"))).hasSize(1);
    }

    @Test
    void iamChangesAreGroupedByPrincipal() {
        JsonNode page = run(ACME_KEY, "iam-changes", "{}");
        assertThat(column(page, "principal")).containsExactly("arn:aws:iam::" + ACME + ":user/alice");
        assertThat(column(page, "operations")).containsExactly("[\"AttachRolePolicy\",\"CreateAccessKey\"]");
    }

    @Test
    void aCreatedAccessKeyIsShownWithItsFirstUse() {
        JsonNode page = run(ACME_KEY, "access-keys-created", "{}");
        assertThat(column(page, "key_user")).containsExactly("svc-deploy");
        assertThat(column(page, "created_by")).containsExactly("alice");
        assertThat(column(page, "first_use_ip")).containsExactly("192.0.2.44");
        assertThat(column(page, "credential_uid")).containsExactly("AKIANEWKEY0000000001");
    }

    @Test
    void apiCallsFromAddressesSeenInThePrevious30DaysAreNotNew() {
        JsonNode page = run(ACME_KEY, "api-calls-from-new-ips", "{}");
        assertThat(column(page, "src_ip")).containsExactlyInAnyOrder("203.0.113.5", "192.0.2.44", "203.0.113.9")
                .doesNotContain("198.51.100.7");
        assertThat(column(run(ACME_KEY, "api-calls-from-new-ips", "{\"lookback_days\":5}"), "src_ip"))
                .contains("198.51.100.7");
    }

    @Test
    void deniedCallsAreCountedPerPrincipal() {
        JsonNode page = run(ACME_KEY, "denied-api-calls", "{}");
        assertThat(rows(page)).extracting(r -> r.get(0) + " " + r.get(2))
                .containsExactly("arn:aws:iam::" + ACME + ":user/bob 2");
        assertThat(rows(run(ACME_KEY, "denied-api-calls", "{\"min_denied\":3}"))).isEmpty();
    }

    @Test
    void vpcTopTalkersAndRarePorts() {
        JsonNode top = run(ACME_KEY, "vpc-top-talkers", "{\"top\":2}");
        assertThat(rows(top)).extracting(r -> r.get(0) + ">" + r.get(1) + " " + r.get(3))
                .containsExactly("10.0.0.7>203.0.113.200 90000", "10.0.0.5>10.0.0.9 12040");
        JsonNode rare = run(ACME_KEY, "vpc-rare-ports", "{\"max_sources\":1}");
        assertThat(column(rare, "dst_port")).containsExactly("22", "4444");
    }

    @Test
    void rarelySeenDomainsAreTheOnesFewHostsAsked() {
        JsonNode page = run(ACME_KEY, "rare-dns-domains", "{}");
        assertThat(column(page, "domain")).containsExactly("evil-c2.test");
        assertThat(column(page, "source_ips")).containsExactly("[\"10.0.0.7\"]");
    }

    @Test
    void securityHubFindingsOfBothOcsfVersionsAreGroupedByResource() {
        JsonNode page = run(ACME_KEY, "security-hub-findings-by-resource", "{}");
        assertThat(rows(page)).extracting(r -> r.get(0) + " " + r.get(3) + " " + r.get(4))
                .containsExactly("sg-1 2 4", "arn:aws:s3:::logs 1 2");
    }

    @Test
    void crowdStrikeDetectionsByHostAndUser() {
        JsonNode page = run(ACME_KEY, "crowdstrike-detections", "{}");
        assertThat(rows(page)).extracting(r -> r.get(0) + " " + r.get(1) + " " + r.get(2) + " " + r.get(4))
                .containsExactly("WS-01 CORP\\carol 1 [\"T1003.001\"]");
    }

    @Test
    void theProcessTreeOfAHostFollowsParentLinks() {
        JsonNode page = run(ACME_KEY, "process-tree", "{\"host\":\"WS-01\"}");
        assertThat(rows(page)).extracting(r -> r.get(0) + " " + r.get(3))
                .containsExactly("0 explorer.exe", "1 cmd.exe", "2 powershell.exe");
    }

    @Test
    void oneUsersActivityAcrossSources() {
        JsonNode page = run(ACME_KEY, "user-activity", "{\"user\":\"alice\"}");
        assertThat(column(page, "event_uid")).containsExactly("api-6", "api-3", "api-1", "auth-2", "auth-1");
    }

    @Test
    void oneAddressesActivityAcrossSourcesAndNeverAnotherTenants() {
        JsonNode page = run(ACME_KEY, "ip-activity", "{\"ip\":\"203.0.113.200\"}");
        assertThat(column(page, "event_uid")).containsExactly("flow-3", "dns-3");
        JsonNode shared = run(ACME_KEY, "ip-activity", "{\"ip\":\"203.0.113.5\"}");
        assertThat(column(shared, "event_uid")).containsExactly("api-3", "api-1", "auth-1");
        JsonNode theirs = run(GLOBEX_KEY, "ip-activity", "{\"ip\":\"203.0.113.5\"}");
        assertThat(column(theirs, "event_uid")).containsExactly("g-api-1", "g-auth-1");
        assertThat(column(run(GLOBEX_KEY, "console-logins", "{}"), "user_name")).containsExactly("mallory");
    }

    @Test
    void aResultIsPagedWithSignedCursors() {
        String body = "{\"from\":\"" + T.minus(Duration.ofDays(1)) + "\",\"to\":\"" + T.plus(Duration.ofDays(1))
                + "\",\"params\":{\"user\":\"alice\"}}";
        List<String> uids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply r = post("/api/v1/hunts/user-activity/run?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    ACME_KEY, body, null);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().path("rows").size()).isLessThanOrEqualTo(2);
            uids.addAll(column(r.json(), "event_uid"));
            cursor = r.json().path("next_cursor").isNull() ? null : r.json().path("next_cursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(uids).containsExactly("api-6", "api-3", "api-1", "auth-2", "auth-1");

        String first = post("/api/v1/hunts/user-activity/run?limit=2", ACME_KEY, body, null).json().path("next_cursor").asText();
        assertRefused(post("/api/v1/hunts/user-activity/run?limit=2&cursor=" + first, GLOBEX_KEY, body, null), 400);
        assertRefused(post("/api/v1/hunts/user-activity/run?limit=2&cursor=" + first, ACME_KEY,
                body.replace("alice", "bob"), null), 400);
    }

    @Test
    void csvWhenTheCallerAcceptsIt() {
        String body = "{\"from\":\"" + T.minus(Duration.ofDays(1)) + "\",\"to\":\"" + T.plus(Duration.ofDays(1)) + "\"}";
        Reply r = post("/api/v1/hunts/crowdstrike-detections/run?format=csv", ACME_KEY, body, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/csv");
        String[] lines = r.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("hostname,user_name,detections,max_severity_id,techniques,titles,first_detection,last_detection");
        assertThat(lines[1]).startsWith("WS-01,CORP\\carol,1,5,\"[\"\"T1003.001\"\"]\",");
        assertThat(lines).hasSize(2);
    }

    @Test
    void badInputIsA400AndAnUnknownHuntA404() {
        String range = "\"from\":\"" + T + "\",\"to\":\"" + T.plus(Duration.ofDays(1)) + "\"";
        assertRefused(post("/api/v1/hunts/no-such-hunt/run", ACME_KEY, "{}", null), 404);
        assertRefused(post("/api/v1/hunts/denied-api-calls/run", ACME_KEY, "{" + range + ",\"params\":{\"min_denied\":\"many\"}}", null),
                400, "min_denied", "integer");
        assertRefused(post("/api/v1/hunts/ip-activity/run", ACME_KEY, "{" + range + ",\"params\":{\"ip\":\"evil.example.com\"}}", null),
                400, "ip");
        assertRefused(post("/api/v1/hunts/ip-activity/run", ACME_KEY, "{" + range + ",\"params\":{\"nope\":1}}", null),
                400, "nope");
        assertRefused(post("/api/v1/hunts/ip-activity/run", ACME_KEY, "{\"from\":\"2025-01-01T00:00:00Z\",\"to\":\"2025-06-01T00:00:00Z\"}", null),
                400, "wider");
        assertRefused(post("/api/v1/hunts/ip-activity/run", ACME_KEY, "{\"from\":\"yesterday\"}", null), 400, "from");
        assertRefused(post("/api/v1/hunts/ip-activity/run", ACME_KEY, "{" + range + ",\"engine\":\"spark\"}", null), 400, "spark");
        assertRefused(post("/api/v1/hunts/ip-activity/run", ACME_KEY, "{" + range + ",\"engine\":\"lake\"}", null), 400, "runs on [store]");
        assertRefused(post("/api/v1/hunts/console-logins/run", ACME_KEY, "{" + range + ",\"engine\":\"lake\"}", null), 400,
                "lake engine is not configured");
        assertRefused(post("/api/v1/hunts/ip-activity/run", ACME_KEY, "not json", null), 400);
        assertRefused(post("/api/v1/hunts/ip-activity/run?limit=0", ACME_KEY, "{}", null), 400, "limit");
    }
}

package io.securitylake.subscriber.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The admin API of alerting: the failed deliveries, page by page, of one tenant or all; resending one; and the
 * refusals (no key, a tenant's key, bad input, unknown ids, a delivery that is not failed).
 */
class AlertAdminApiTest extends AlertTestSupport {

    private static final String FAILED = "/api/v1/admin/alerts/failed";

    @Test
    void failedDeliveriesArePagedNewestFailureFirstAndFilteredByTenant() {
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HTTPS.answer(ACME_HOOK, 403); // refused: failed at once
            String incident = newIncidentUid();
            alert("acme", incident, "created", 1);
            String uid = delivery("acme", incident, 1, "soc");
            awaitStatus(uid, "failed");
            failed.add(0, uid);
        }
        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply page = call("GET", FAILED + "?tenant=acme&limit=2" + (cursor == null ? "" : "&cursor=" + cursor), ADMIN_KEY);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().path("items").size()).isLessThanOrEqualTo(2);
            for (JsonNode item : page.json().path("items")) {
                assertThat(item.path("tenant").asText()).isEqualTo("acme");
                assertThat(item.path("status").asText()).isEqualTo("failed");
                listed.add(item.path("uid").asText());
            }
            cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(pages).isGreaterThanOrEqualTo(2);
        assertThat(listed).doesNotHaveDuplicates();
        // newest failure first: this test's three, in the reverse order of their failures, one after the other
        int first = listed.indexOf(failed.get(0));
        assertThat(first).isNotNegative();
        assertThat(listed.subList(first, first + 3)).isEqualTo(failed);

        JsonNode item = call("GET", FAILED + "?tenant=acme&limit=1", ADMIN_KEY).json().path("items").get(0);
        assertThat(item.path("uid").asText()).isEqualTo(failed.get(0));
        assertThat(item.path("destination").asText()).isEqualTo("soc");
        assertThat(item.path("destination_type").asText()).isEqualTo("webhook");
        assertThat(item.path("change").asText()).isEqualTo("created");
        assertThat(item.path("attempts").asInt()).isEqualTo(1);
        assertThat(item.path("last_error").asText()).startsWith("HTTP 403");
        assertThat(item.path("failed_at").asLong()).isGreaterThan(item.path("created_at").asLong() - 1);

        Reply globex = call("GET", FAILED + "?tenant=globex&limit=1000", ADMIN_KEY);
        assertThat(globex.status()).isEqualTo(200);
        assertThat(globex.body()).doesNotContain(failed.get(0));
        Reply all = call("GET", FAILED + "?limit=1000", ADMIN_KEY);
        assertThat(all.body()).contains(failed);
    }

    @Test
    void resendAnswersForEachStateOfADelivery() {
        String incident = newIncidentUid();
        alert("acme", incident, "created", 1);
        String delivered = delivery("acme", incident, 1, "soc");
        awaitStatus(delivered, "delivered");

        Reply conflict = call("POST", "/api/v1/admin/alerts/" + delivered + "/resend", ADMIN_KEY);
        assertProblem(conflict, 409);
        assertThat(HTTPS.of(delivered)).hasSize(1);
        assertProblem(call("POST", "/api/v1/admin/alerts/" + "0".repeat(32) + "/resend", ADMIN_KEY), 404);
        assertProblem(call("POST", "/api/v1/admin/alerts/not-a-delivery/resend", ADMIN_KEY), 400);
        assertProblem(call("POST", "/api/v1/admin/alerts/" + delivered.toUpperCase() + "/resend", ADMIN_KEY), 400);
        assertProblem(call("POST", "/api/v1/admin/alerts/" + delivered + "/resend?now=1", ADMIN_KEY), 400);
    }

    @Test
    void badInputIsA400AndAnUnknownTenantA404() {
        assertProblem(call("GET", FAILED + "?tenant=Not-A-Tenant", ADMIN_KEY), 400);
        assertProblem(call("GET", FAILED + "?tenant=nobody", ADMIN_KEY), 404);
        assertProblem(call("GET", FAILED + "?limit=0", ADMIN_KEY), 400);
        assertProblem(call("GET", FAILED + "?limit=1001", ADMIN_KEY), 400);
        assertProblem(call("GET", FAILED + "?limit=ten", ADMIN_KEY), 400);
        assertProblem(call("GET", FAILED + "?cursor=bm90LWEtY3Vyc29y", ADMIN_KEY), 400);
        assertProblem(call("GET", FAILED + "?status=failed", ADMIN_KEY), 400);
        assertProblem(call("GET", FAILED + "?tenant=acme&tenant=globex", ADMIN_KEY), 400);
    }

    @Test
    void aCursorOfOneTenantsListIsRefusedForAnother() {
        HTTPS.answer(ACME_HOOK, 403, 403);
        for (int i = 0; i < 2; i++) {
            String incident = newIncidentUid();
            alert("acme", incident, "created", 1);
            awaitStatus(delivery("acme", incident, 1, "soc"), "failed");
        }
        String cursor = call("GET", FAILED + "?tenant=acme&limit=1", ADMIN_KEY).json().path("next_cursor").asText();
        assertThat(call("GET", FAILED + "?tenant=acme&limit=1&cursor=" + cursor, ADMIN_KEY).status()).isEqualTo(200);
        assertProblem(call("GET", FAILED + "?tenant=globex&limit=1&cursor=" + cursor, ADMIN_KEY), 400);
        assertProblem(call("GET", FAILED + "?limit=1&cursor=" + cursor, ADMIN_KEY), 400);
    }

    @Test
    void onlyTheAdminKeyReachesTheAlertAdminApi() {
        assertProblem(call("GET", FAILED, null), 401);
        assertProblem(call("GET", FAILED, ACME_KEY), 403);
        assertProblem(call("POST", "/api/v1/admin/alerts/" + "0".repeat(32) + "/resend", ACME_KEY), 403);
        assertProblem(call("POST", "/api/v1/admin/alerts/" + "0".repeat(32) + "/resend", null), 401);
        assertThat(call("GET", FAILED, ADMIN_KEY).status()).isEqualTo(200);
    }

    private static void assertProblem(Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("status").asInt()).isEqualTo(status);
        assertThat(r.body()).doesNotContain("at io.", "SQL", "postgres");
    }
}

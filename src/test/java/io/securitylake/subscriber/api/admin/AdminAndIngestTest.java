package io.securitylake.subscriber.api.admin;

import io.securitylake.subscriber.api.ApiTestSupport;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantDirectory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The ingestion view per tenant, and the admin API: tenants, account claims, replay of unassigned objects. */
class AdminAndIngestTest extends ApiTestSupport {

    @Autowired
    JdbcTemplate control;
    @Autowired
    TenantDirectory directory;

    @Test
    void ingestViewShowsOnlyTheCallersLedgerRowsAndPages() {
        String prefix = "ingest-view-" + System.nanoTime() + "/";
        for (int i = 0; i < 7; i++) {
            ledger(prefix + "acme-" + i, "acme", LakeTestStack.ACME_ACCOUNT, i % 2 == 0 ? "done" : "failed");
        }
        ledger(prefix + "globex", "globex", LakeTestStack.GLOBEX_ACCOUNT, "done");
        JsonNode page = get("/api/v1/ingest/objects?limit=2&status=failed", ACME_KEY).json();
        assertThat(page.path("items")).allSatisfy(r -> {
            assertThat(r.path("status").asText()).isEqualTo("failed");
            assertThat(r.path("account").asText()).startsWith("11111111111");
            assertThat(r.has("rows_duplicate") && r.has("rows_expired") && r.has("rows_refused")
                    && r.has("refused_reason")).as("the outcome counts, apart").isTrue();
        });
        JsonNode all = get("/api/v1/ingest/objects?limit=1000", GLOBEX_KEY).json();
        assertThat(all.path("items").toString()).contains(prefix + "globex").doesNotContain(prefix + "acme");
        assertThat(page.path("items")).hasSize(2);
        String cursor = page.path("next_cursor").asText();
        Reply next = get("/api/v1/ingest/objects?limit=2&status=failed&cursor=" + cursor, ACME_KEY);
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertProblem(get("/api/v1/ingest/objects?status=failed&cursor=" + cursor, GLOBEX_KEY), 400);
        assertProblem(get("/api/v1/ingest/objects?status=done&cursor=" + cursor, ACME_KEY), 400);
        assertProblem(get("/api/v1/ingest/objects?cursor=" + cursor, ACME_KEY), 400);
        assertProblem(get("/api/v1/ingest/objects?status=gone", ACME_KEY), 400);
    }

    @Test
    void adminListsTenantsWithTheirAccounts() {
        JsonNode t = get("/api/v1/admin/tenants", ADMIN_KEY).json();
        assertThat(t.path("tenants").findValuesAsText("id")).contains("acme", "globex");
        assertThat(t.path("tenants").get(0).path("accounts").toString()).contains(LakeTestStack.ACME_ACCOUNT);
    }

    @Test
    void claimingAnAccountMakesTheDirectoryResolveItAndReplayQueuesItsUnassignedObjects() {
        String account = "5" + (10_000_000_000L + ThreadLocalRandom.current().nextLong(80_000_000_000L));
        String key = "aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=" + account + "/eventDay=20260101/x.gz.parquet";
        control.update("""
                INSERT INTO lake_objects (bucket, object_key, account, source, status, error)
                VALUES (?, ?, ?, 'CLOUD_TRAIL_MGMT', 'unassigned', 'no tenant claims account')""",
                LakeTestStack.BUCKET, key, account);
        assertProblem(send("POST", "/api/v1/admin/replay?account=" + account, admin()), 409);

        Reply claim = send("PUT", "/api/v1/admin/tenants/acme/accounts/" + account, admin());
        assertThat(claim.status()).as(claim.body()).isEqualTo(201);
        assertThat(claim.json().path("unassigned_objects").asLong()).isEqualTo(1);
        assertThat(directory.tenantOf(account)).contains("acme");
        assertThat(send("POST", "/api/v1/admin/tenants/acme/accounts/" + account, admin()).status()).isEqualTo(200);
        assertProblem(send("PUT", "/api/v1/admin/tenants/globex/accounts/" + account, admin()), 409);
        assertProblem(send("PUT", "/api/v1/admin/tenants/globex/accounts/" + LakeTestStack.ACME_ACCOUNT,
                admin()), 409);

        Reply replay = send("POST", "/api/v1/admin/replay?account=" + account, admin());
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        assertThat(replay.json().path("queued").asLong()).isEqualTo(1);
        assertThat(replay.json().path("tenant").asText()).isEqualTo("acme");
        // the object is not in S3 here: what matters is that the pipeline took it up for acme
        await(Duration.ofSeconds(30), "the replayed object is taken up for acme", () -> "acme".equals(
                control.queryForList("SELECT coalesce(tenant, '') FROM lake_objects WHERE object_key = ?", String.class, key)
                        .stream().findFirst().orElse(null)));
        assertThat(control.queryForObject("SELECT status FROM lake_objects WHERE object_key = ?", String.class, key))
                .isNotEqualTo("unassigned");
    }

    @Test
    void claimsOfAnImpossibleAccountAreRefusedAndAConfiguredAccountIsAlreadyTheTenants() {
        Reply zeros = send("PUT", "/api/v1/admin/tenants/acme/accounts/000000000000", admin());
        assertProblem(zeros, 400);
        assertThat(directory.tenantOf("000000000000")).isEmpty();

        Reply own = send("PUT", "/api/v1/admin/tenants/acme/accounts/" + LakeTestStack.ACME_ACCOUNT, admin());
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().path("created").asBoolean(true)).isFalse();
        assertThat(control.queryForObject("SELECT count(*) FROM lake_account_claims WHERE account = ?", Integer.class,
                LakeTestStack.ACME_ACCOUNT)).as("no redundant claim row").isZero();
        assertThat(send("POST", "/api/v1/admin/tenants/globex/accounts/" + LakeTestStack.GLOBEX_ACCOUNT, admin())
                .status()).isEqualTo(200);
        assertProblem(send("PUT", "/api/v1/admin/tenants/acme/accounts/" + LakeTestStack.GLOBEX_ACCOUNT,
                admin()), 409);
    }

    @Test
    void adminRefusesBadClaimsAndReplays() {
        assertProblem(send("PUT", "/api/v1/admin/tenants/acme/accounts/12345", admin()), 400);
        assertProblem(send("PUT", "/api/v1/admin/tenants/nobody/accounts/123456789012", admin()), 404);
        assertProblem(send("PUT", "/api/v1/admin/tenants/acme/accounts/123456789012?x=1", admin()), 400);
        assertProblem(send("POST", "/api/v1/admin/replay", admin()), 400);
        assertProblem(send("POST", "/api/v1/admin/replay?account=" + enc("1' OR 1=1"), admin()), 400);
    }

    @Test
    void registeringPublishedSourcesRefusesBadBodiesUnknownTenantsAndTenantsThatDoNotPublish() {
        String good = "{\"crawler_role_arn\": \"arn:aws:iam::123456789012:role/lake-crawler\", \"external_id\": \"x-1\"}";
        Map<String, String> admin = Map.of("X-API-Key", ADMIN_KEY, "Content-Type", "application/json");
        assertProblem(sendBody("POST", "/api/v1/admin/publish/nobody/register", admin, good), 404);
        assertProblem(sendBody("POST", "/api/v1/admin/publish/globex/register", admin, good), 400);
        assertProblem(sendBody("POST", "/api/v1/admin/publish/globex/register", admin,
                "{\"crawler_role_arn\": \"lake-crawler\", \"external_id\": \"x-1\"}"), 400);
        assertProblem(sendBody("POST", "/api/v1/admin/publish/globex/register", admin,
                "{\"external_id\": \"x-1\"}"), 400);
        assertProblem(sendBody("POST", "/api/v1/admin/publish/globex/register", admin,
                good.replace("}", ", \"region\": \"eu-west-1\"}")), 400);
        assertProblem(sendBody("POST", "/api/v1/admin/publish/globex/register",
                Map.of("X-API-Key", GLOBEX_KEY, "Content-Type", "application/json"), good), 403);
    }

    @Test
    void openApiDocumentIsServedWithoutCredentials() {
        Reply r = get("/api/v1/openapi.json", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("openapi").asText()).startsWith("3.");
        assertThat(r.json().path("paths").fieldNames()).toIterable().contains("/api/v1/events",
                "/api/v1/events/count", "/api/v1/events/{uid}", "/api/v1/stats/timeline", "/api/v1/stats/top",
                "/api/v1/ingest/objects", "/api/v1/admin/tenants", "/api/v1/admin/tenants/{tenant}/accounts/{account}",
                "/api/v1/admin/replay", "/api/v1/openapi.json");
    }

    private Map<String, String> admin() {
        return Map.of("X-API-Key", ADMIN_KEY);
    }

    private void ledger(String key, String tenant, String account, String status) {
        control.update("""
                INSERT INTO lake_objects (bucket, object_key, tenant, account, source, status, rows_stored)
                VALUES (?, ?, ?, ?, 'CLOUD_TRAIL_MGMT', ?, 10)""", LakeTestStack.BUCKET, key, tenant, account, status);
    }
}

package io.securitylake.subscriber.backfill;

import static io.securitylake.subscriber.backfill.LakeHistory.Layout.CUSTOM;
import static io.securitylake.subscriber.backfill.LakeHistory.Layout.NATIVE_1_0;
import static io.securitylake.subscriber.backfill.LakeHistory.Layout.NATIVE_2_0;
import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT_2;
import static io.securitylake.subscriber.stack.LakeTestStack.GLOBEX_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.api.ApiTestSupport;
import io.securitylake.subscriber.backfill.LakeHistory.Written;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfill through the whole service on the embedded lake: a history of 1,200 tiny objects over several days,
 * sources, layouts and accounts is listed by prefix and read through ingest-object, each object once; a second
 * backfill of the same range stores nothing again; an empty range is done at once; cancel stops it; bad requests
 * are 400s.
 */
class BackfillFlowTest extends ApiTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final LocalDate DAY_1 = LocalDate.of(2019, 3, 1);

    private final LakeProbe probe = new LakeProbe();
    @TempDir
    Path tmp;

    @Test
    void backfillStoresEveryObjectOfTheRangeOnceAcrossDaysSourcesLayoutsAndAccounts() {
        LakeHistory lake = new LakeHistory("backfill-history-" + System.nanoTime() % 1_000_000, tmp);
        List<Written> wanted = new ArrayList<>();
        List<Written> other = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            LocalDate day = DAY_1.plusDays(d);
            for (String account : List.of(ACME_ACCOUNT, ACME_ACCOUNT_2)) {
                wanted.addAll(lake.write(DemoSource.CLOUD_TRAIL_MGMT, NATIVE_2_0, account, "us-east-1", day, 60, 2));
                wanted.addAll(lake.write(DemoSource.VPC_FLOW, NATIVE_1_0, account, "eu-west-1", day, 60, 2));
                wanted.addAll(lake.write(DemoSource.CROWDSTRIKE_PROCESS, CUSTOM, account, "us-east-1", day, 40, 2));
                wanted.addAll(lake.write(DemoSource.CROWDSTRIKE_DETECTIONS, CUSTOM, account, "us-east-1", day, 40, 1));
            }
            other.addAll(lake.write(DemoSource.CLOUD_TRAIL_MGMT, NATIVE_2_0, GLOBEX_ACCOUNT, "us-east-1", day, 20, 2));
        }
        // the day before and the day after the range, and an Iceberg metadata file beside the partitions
        other.addAll(lake.write(DemoSource.CLOUD_TRAIL_MGMT, NATIVE_2_0, ACME_ACCOUNT, "us-east-1", DAY_1.minusDays(1), 15, 2));
        other.addAll(lake.write(DemoSource.VPC_FLOW, NATIVE_2_0, ACME_ACCOUNT, "us-east-1", DAY_1.plusDays(3), 15, 2));
        lake.put("aws/CLOUD_TRAIL_MGMT/2.0/metadata/00001-abc.metadata.json", "{}".getBytes());

        long start = System.nanoTime();
        String uid = start(body(lake.bucket(), "acme", null, DAY_1, DAY_1.plusDays(2)));
        JsonNode done = awaitEnd(uid, Duration.ofSeconds(240));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("backfill of %d objects: %.1f s, %.0f objects/s%n", wanted.size(), seconds,
                wanted.size() / seconds);

        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("done");
        assertThat(done.path("objects_listed").asLong()).isEqualTo(wanted.size());
        assertThat(done.path("objects_done").asLong()).isEqualTo(wanted.size());
        assertThat(done.path("objects_failed").asLong()).isZero();
        assertThat(done.path("events_stored").asLong()).isEqualTo(LakeHistory.events(wanted));
        assertThat(done.path("accounts").toString()).contains(ACME_ACCOUNT, ACME_ACCOUNT_2);
        List<String> keys = LakeHistory.keys(wanted);
        assertThat(probe.rows("acme", keys)).as("every event once").isEqualTo(LakeHistory.events(wanted));
        assertThat(probe.events("acme", keys)).isEqualTo(LakeHistory.events(wanted));
        for (Written o : other) {
            assertThat(probe.status(o.key())).as("not asked for: " + o.key()).isNull();
        }

        // the same range again: the ledger has it all, nothing is read or stored twice
        JsonNode again = awaitEnd(start(body(lake.bucket(), null, ACME_ACCOUNT_2, DAY_1, DAY_1.plusDays(2))),
                Duration.ofSeconds(120));
        assertThat(again.path("status").asText()).isEqualTo("done");
        assertThat(again.path("tenant").asText()).isEqualTo("acme");
        assertThat(again.path("objects_listed").asLong()).isEqualTo(wanted.size() / 2);
        assertThat(again.path("objects_already_stored").asLong()).isEqualTo(wanted.size() / 2);
        assertThat(again.path("events_stored").asLong()).isZero();
        assertThat(probe.rows("acme", keys)).isEqualTo(LakeHistory.events(wanted));

        JsonNode recent = get("/api/v1/admin/backfill?limit=2", ADMIN_KEY).json();
        assertThat(recent.path("items").findValuesAsText("uid")).contains(uid);
    }

    @Test
    void oneSourceAndRegionOnlyAndAFailedObjectIsCountedNotRetriedForever() {
        LakeHistory lake = new LakeHistory("backfill-filter-" + System.nanoTime() % 1_000_000, tmp);
        LocalDate day = LocalDate.of(2019, 5, 5);
        List<Written> wanted = lake.write(DemoSource.VPC_FLOW, NATIVE_2_0, GLOBEX_ACCOUNT, "us-west-2", day, 8, 3);
        List<Written> otherRegion = lake.write(DemoSource.VPC_FLOW, NATIVE_2_0, GLOBEX_ACCOUNT, "us-east-1", day, 3, 3);
        List<Written> otherSource = lake.write(DemoSource.ROUTE53, NATIVE_2_0, GLOBEX_ACCOUNT, "us-west-2", day, 3, 3);
        String corrupt = "aws/VPC_FLOW/2.0/region=us-west-2/accountId=" + GLOBEX_ACCOUNT + "/eventDay=20190505/bad.gz.parquet";
        lake.put(corrupt, "not parquet at all".getBytes());

        String uid = start("""
                {"bucket": "%s", "tenant": "globex", "source": "vpc_flow", "region": "us-west-2",
                 "from": "2019-05-05", "to": "2019-05-05"}""".formatted(lake.bucket()));
        JsonNode done = awaitEnd(uid, Duration.ofSeconds(120));
        assertThat(done.path("status").asText()).isEqualTo("done");
        assertThat(done.path("objects_listed").asLong()).isEqualTo(wanted.size() + 1);
        assertThat(done.path("objects_failed").asLong()).isEqualTo(1);
        assertThat(done.path("objects_done").asLong()).isEqualTo(wanted.size());
        assertThat(probe.rows("globex", LakeHistory.keys(wanted))).isEqualTo(LakeHistory.events(wanted));
        assertThat(probe.status(corrupt)).isEqualTo("failed");
        for (Written o : otherRegion) {
            assertThat(probe.status(o.key())).isNull();
        }
        for (Written o : otherSource) {
            assertThat(probe.status(o.key())).isNull();
        }
    }

    @Test
    void anObjectWhoseEventsAnotherObjectStoredIsDoneNotFailed() throws Exception {
        LakeHistory lake = new LakeHistory("backfill-copy-" + System.nanoTime() % 1_000_000, tmp);
        LocalDate day = LocalDate.of(2018, 3, 3);
        List<Written> original = lake.write(DemoSource.CLOUD_TRAIL_MGMT, NATIVE_2_0, GLOBEX_ACCOUNT, "eu-west-1", day, 1, 5);
        // the same bytes under a second name, as a re-delivered copy of an object: its chunk meets stored events
        String copy = "aws/CLOUD_TRAIL_MGMT/2.0/region=eu-west-1/accountId=" + GLOBEX_ACCOUNT + "/eventDay=20180303/copy.gz.parquet";
        lake.put(copy, LakeTestStack.lake().s3().getObjectAsBytes(b -> b.bucket(lake.bucket())
                .key(original.get(0).key())).asByteArray());

        JsonNode done = awaitEnd(start(body(lake.bucket(), "globex", null, day, day)), Duration.ofSeconds(120));
        assertThat(done.path("status").asText()).isEqualTo("done");
        assertThat(done.path("objects_failed").asLong()).as(done.toString()).isZero();
        assertThat(done.path("objects_done").asLong()).isEqualTo(2);
        assertThat(probe.rows("globex", List.of(original.get(0).key(), copy))).isEqualTo(5);
    }

    @Test
    void aRangeWithNothingInItIsDoneWithNothing() {
        String uid = start(body(LakeTestStack.BUCKET, "globex", null, LocalDate.of(2001, 1, 1), LocalDate.of(2001, 1, 3)));
        JsonNode done = awaitEnd(uid, Duration.ofSeconds(60));
        assertThat(done.path("status").asText()).isEqualTo("done");
        assertThat(done.path("objects_listed").asLong()).isZero();
        assertThat(done.path("objects_done").asLong()).isZero();
        assertThat(done.path("events_stored").asLong()).isZero();
    }

    @Test
    void aBucketThatDoesNotExistFailsTheBackfillWithTheReason() {
        String uid = start(body("no-such-bucket-" + System.nanoTime() % 1_000_000, "acme", null,
                LocalDate.of(2020, 1, 1), LocalDate.of(2020, 1, 1)));
        JsonNode failed = awaitEnd(uid, Duration.ofSeconds(60));
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").asText()).contains("NoSuchBucket");
    }

    @Test
    void aCancelledBackfillReadsNoMoreObjects() throws InterruptedException {
        LakeHistory lake = new LakeHistory("backfill-cancel-" + System.nanoTime() % 1_000_000, tmp);
        LocalDate day = LocalDate.of(2019, 7, 7);
        List<Written> objects = lake.write(DemoSource.ROUTE53, NATIVE_2_0, ACME_ACCOUNT, "us-east-1", day, 300, 1);
        String uid = start(body(lake.bucket(), "acme", null, day, day));
        Reply cancel = send("DELETE", "/api/v1/admin/backfill/" + uid, java.util.Map.of("X-API-Key", ADMIN_KEY));
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        assertThat(cancel.json().path("status").asText()).isEqualTo("cancelled");
        Thread.sleep(1500); // objects claimed before the cancel finish
        long settled = status(uid).path("objects_done").asLong();
        Thread.sleep(5000);
        JsonNode later = status(uid);
        assertThat(later.path("status").asText()).isEqualTo("cancelled");
        assertThat(later.path("objects_done").asLong()).as("nothing read after the cancel").isEqualTo(settled)
                .isLessThan(objects.size());
        assertThat(probe.rows("acme", LakeHistory.keys(objects))).isLessThan(objects.size());
        // cancelling again, or by POST, answers the backfill as it stands
        Reply again = send("POST", "/api/v1/admin/backfill/" + uid + "/cancel", java.util.Map.of("X-API-Key", ADMIN_KEY));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void badRequestsAreRefusedWithAProblem() {
        LocalDate from = LocalDate.of(2024, 1, 1);
        assertProblem(post(body(null, "acme", null, from, from)), 400); // no bucket and no default
        assertProblem(post(body(LakeTestStack.BUCKET, null, LakeTestStack.UNCLAIMED, from, from)), 400);
        assertProblem(post(body(LakeTestStack.BUCKET, "globex", ACME_ACCOUNT, from, from)), 400);
        assertProblem(post(body(LakeTestStack.BUCKET, "nobody", null, from, from)), 400);
        assertProblem(post(body(LakeTestStack.BUCKET, "acme", "12345", from, from)), 400);
        assertProblem(post(body(LakeTestStack.BUCKET, null, null, from, from)), 400);
        assertProblem(post(body(LakeTestStack.BUCKET, "acme", null, from, from.minusDays(1))), 400);
        assertProblem(post(body(LakeTestStack.BUCKET, "acme", null, from, from.plusDays(31))), 400);
        assertProblem(post(body("Bad_Bucket", "acme", null, from, from)), 400);
        assertProblem(post("{\"bucket\": \"b-1\", \"tenant\": \"acme\", \"from\": \"2024-13-01\", \"to\": \"2024-12-01\"}"), 400);
        assertProblem(post("{\"tenant\": \"acme\", \"from\": 20240101, \"to\": \"2024-01-01\"}"), 400);
        assertProblem(post("{\"tenant\": \"acme\", \"from\": \"2024-01-01\"}"), 400);
        assertProblem(post("{\"tenant\": \"acme\", \"from\": \"2024-01-01\", \"to\": \"2024-01-01\", \"x\": 1}"), 400);
        assertProblem(post("[1, 2]"), 400);
        assertProblem(post("{not json"), 400);
        assertProblem(post(""), 400);
        assertProblem(post("{\"bucket\": \"b-1\", \"tenant\": \"acme\", \"region\": \"../x\", \"from\": \"2024-01-01\", \"to\": \"2024-01-01\"}"), 400);
        assertProblem(get("/api/v1/admin/backfill/00000000-0000-0000-0000-000000000000", ADMIN_KEY), 404);
        assertProblem(get("/api/v1/admin/backfill/" + enc("' OR 1=1"), ADMIN_KEY), 400);
        assertProblem(get("/api/v1/admin/backfill/00000000-0000-0000-0000-000000000000", ACME_KEY), 403);
        assertProblem(get("/api/v1/admin/backfill?limit=0", ADMIN_KEY), 400);
        assertThat(post(body(LakeTestStack.BUCKET, "acme", null, from, from), ACME_KEY).status()).isEqualTo(403);
        // with a tenant that claims it, the account is fine
        assertThat(post(body(LakeTestStack.BUCKET, "acme", ACME_ACCOUNT, from, from)).status()).isEqualTo(202);
    }

    private static String body(String bucket, String tenant, String account, LocalDate from, LocalDate to) {
        StringBuilder b = new StringBuilder("{");
        if (bucket != null) {
            b.append("\"bucket\": \"").append(bucket).append("\", ");
        }
        if (tenant != null) {
            b.append("\"tenant\": \"").append(tenant).append("\", ");
        }
        if (account != null) {
            b.append("\"account\": \"").append(account).append("\", ");
        }
        return b.append("\"from\": \"").append(from).append("\", \"to\": \"").append(to).append("\"}").toString();
    }

    private String start(String body) {
        Reply r = post(body);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().path("uid").asText();
    }

    private JsonNode status(String uid) {
        Reply r = get("/api/v1/admin/backfill/" + uid, ADMIN_KEY);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private JsonNode awaitEnd(String uid, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        LakeTestStack.await(timeout, "backfill " + uid + " ends", () -> {
            last[0] = status(uid);
            return List.of("done", "cancelled", "failed").contains(last[0].path("status").asText());
        });
        return last[0];
    }

    private Reply post(String body) {
        return post(body, ADMIN_KEY);
    }

    private Reply post(String body, String key) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/admin/backfill"))
                .header("X-API-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package io.securitylake.subscriber.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.ingest.IngestPlan;
import io.securitylake.subscriber.ingest.IngestPlan.Action;
import io.securitylake.subscriber.ingest.IngestProgress;
import io.securitylake.subscriber.notification.LakeObject;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantDirectory;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ledger on a real control database, without a Spring context: what it decides for each object, what it
 * records for each ending, and that every status is counted in {@code lake_objects_total}.
 */
class ObjectLedgerTest {

    private static final String ACCOUNT = "111111111111";
    private static final String CLAIMED = "333333333333";
    private static final AtomicLong SEED = new AtomicLong(System.nanoTime());
    private static JdbcTemplate control;

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ObjectLedger ledger = new ObjectLedger(new LedgerTable(control),
            new TenantDirectory(TenantSettings.of("tenants.acme.accounts", ACCOUNT, "tenants.acme.retention-days", "36500",
                    "tenants.globex.retention-days", "36500"), control),
            new LakeMetrics(registry), "ledger-test", java.time.Duration.ofMinutes(5));

    @BeforeAll
    static void controlDatabase() {
        control = new JdbcTemplate(LakeTestStack.controlDatabase("ledger_test"));
        control.update("INSERT INTO lake_account_claims (account, tenant) VALUES (?, 'globex') ON CONFLICT DO NOTHING",
                CLAIMED);
    }

    @Test
    void aNewDataObjectIsClaimedForItsTenantAndDoneOnceStored() {
        LakeObject object = object(ACCOUNT);
        ObjectInFlight inFlight = ledger.begin(object);
        IngestPlan plan = inFlight.plan();

        assertThat(plan).isEqualTo(new IngestPlan(Action.INGEST, object, "acme"));
        assertThat(inFlight.context().tenant()).isEqualTo("acme");
        assertThat(inFlight.tenantOf("any account")).as("the object's tenant, resolved once by the ledger").contains("acme");
        assertThat(row(object)).containsEntry("status", "processing").containsEntry("attempts", 1)
                .containsEntry("tenant", "acme").containsEntry("account", ACCOUNT).containsEntry("source", "CLOUD_TRAIL_MGMT")
                .containsEntry("size", 42L).containsEntry("etag", "etag-1");
        assertThat(((java.sql.Timestamp) row(object).get("notified_at")).toInstant())
                .isEqualTo(object.notifiedAt());
        assertThat(counted("done", "acme")).isZero();

        IngestProgress progress = inFlight.progress();
        progress.stored(7);
        progress.bytes(42);
        assertThat(ledger.finish(inFlight).outcome()).as("the route's outcome")
                .isEqualTo(new IngestOutcome(plan, "done", 7, null));

        assertThat(row(object)).containsEntry("status", "done").containsEntry("rows_stored", 7L)
                .containsEntry("bytes_read", 42L).containsEntry("error", null);
        assertThat(row(object).get("finished_at")).isNotNull();
        assertThat(row(object).get("duration_ms")).isNotNull();
        assertThat(counted("done", "acme")).isEqualTo(1);
        assertThat(registry.get("lake.bytes.read").counter().count()).isEqualTo(42);
        assertThat(registry.get("lake.lag").timer().count()).isEqualTo(1);
    }

    @Test
    void aDoneObjectAnnouncedAgainIsNotClaimedButCountedAsDone() {
        LakeObject object = object(ACCOUNT);
        ledger.finish(ledger.begin(object));

        ObjectInFlight again = ledger.begin(object);
        IngestPlan plan = again.plan();

        assertThat(plan.action()).isEqualTo(Action.DONE);
        assertThat(again.ingest()).isFalse();
        assertThat(again.progress()).as("nothing to read").isNull();
        assertThat(ledger.notRead(again)).as("the route's outcome").isEqualTo(new IngestOutcome(plan, null, 0, null));
        assertThat(row(object)).containsEntry("status", "done").containsEntry("attempts", 1);
        assertThat(counted("done", "acme")).isEqualTo(2);
        assertThat(registry.get("lake.lag").timer().count()).as("lag only for the object read").isEqualTo(1);
    }

    @Test
    void aRetryingObjectIsClaimedAgainWithOneMoreAttemptAndItsErrorCleared() throws Exception {
        LakeObject object = object(ACCOUNT);
        ObjectInFlight first = ledger.begin(object);
        SocketTimeoutException timeout = new SocketTimeoutException("Read timed out");

        assertThatThrownBy(() -> ledger.failed(first, timeout)).as("not permanent: rethrown, so SQS delivers it again")
                .isSameAs(timeout);
        assertThat(row(object)).containsEntry("status", "retrying")
                .containsEntry("error", "SocketTimeoutException: Read timed out");
        assertThat(counted("retrying", "acme")).isEqualTo(1);
        assertThat(registry.get("lake.lag").timer().count()).as("no lag for an object not stored").isZero();

        IngestPlan again = ledger.begin(object).plan();
        assertThat(again.action()).isEqualTo(Action.INGEST);
        assertThat(row(object)).containsEntry("status", "processing").containsEntry("attempts", 2)
                .containsEntry("error", null);
    }

    @Test
    void anUnreadableObjectIsFailedWithItsReason() {
        LakeObject object = object(ACCOUNT);
        IngestOutcome outcome = ledger.fail(ledger.begin(object), new IOException("x".repeat(3000))).outcome();
        assertThat(outcome.failed()).as("the route's outcome").isTrue();
        assertThat(outcome.error()).startsWith("IOException: xxx").hasSize(2000);

        assertThat(row(object)).containsEntry("status", "failed");
        assertThat((String) row(object).get("error")).startsWith("IOException: xxx").hasSize(2000);
        assertThat(counted("failed", "acme")).isEqualTo(1);

        LakeObject other = object(ACCOUNT);
        ledger.fail(ledger.begin(other), new IllegalStateException());
        assertThat(row(other)).containsEntry("error", "IllegalStateException");
    }

    @Test
    void anEndingWithoutACaughtErrorSaysSo() {
        LakeObject object = object(ACCOUNT);
        ledger.fail(ledger.begin(object), null);
        assertThat(row(object)).containsEntry("error", "unknown error");
    }

    @Test
    void anUnreadableObjectWrappedInAnotherFailureIsFailedWithItsOwnReason() throws Exception {
        LakeObject object = object(ACCOUNT);
        ObjectInFlight inFlight = ledger.begin(object);
        assertThat(ledger.failed(inFlight, new org.apache.camel.RuntimeCamelException(
                new io.securitylake.subscriber.parquet.UnreadableObjectException("bad-value", "actor.user.uid", "no", null)))
                .outcome().failed()).as("permanent: recorded, not rethrown").isTrue();
        assertThat(row(object)).containsEntry("status", "failed").containsEntry("refused_reason", "bad-value");
    }

    @Test
    void anObjectWhoseRowsBelongToNoTenantEndsUnassigned() {
        LakeObject object = object(ACCOUNT);
        ObjectInFlight inFlight = ledger.begin(object);
        inFlight.progress().unassigned(3);
        ledger.finish(inFlight);
        assertThat(row(object)).containsEntry("status", "unassigned").containsEntry("rows_unassigned", 3L);
        assertThat(counted("unassigned", "acme")).isEqualTo(1);
    }

    @Test
    void anAccountOfNoTenantIsUnassignedWithoutBeingRead() {
        LakeObject object = object("999999999999");
        ObjectInFlight inFlight = ledger.begin(object);
        IngestPlan plan = inFlight.plan();

        assertThat(plan.action()).isEqualTo(Action.UNASSIGNED);
        assertThat(plan.tenant()).isNull();
        assertThat(row(object)).containsEntry("status", "unassigned").containsEntry("account", "999999999999")
                .containsEntry("error", "no tenant claims account 999999999999");
        assertThat(counted("unassigned", "none")).isEqualTo(1);
        assertThat(inFlight.progress()).isNull();
    }

    @Test
    void anAccountClaimedAtRunTimeBelongsToItsTenant() {
        LakeObject object = object(CLAIMED);
        assertThat(ledger.begin(object).plan()).isEqualTo(new IngestPlan(Action.INGEST, object, "globex"));
        assertThat(row(object)).containsEntry("tenant", "globex");
    }

    @Test
    void aNonDataObjectIsSkippedAndStaysSkipped() {
        LakeObject metadata = new LakeObject(LakeTestStack.BUCKET,
                "aws/CLOUD_TRAIL_MGMT/2.0/metadata/" + SEED.incrementAndGet() + "-snap.avro", 3L, null, null);
        assertThat(ledger.begin(metadata).plan().action()).isEqualTo(Action.SKIP);
        assertThat(ledger.begin(metadata).plan().action()).isEqualTo(Action.SKIP);
        assertThat(row(metadata)).containsEntry("status", "skipped").containsEntry("error", "not a Parquet data object");
        assertThat(counted("skip", "none")).isEqualTo(2);
    }

    @Test
    void aDoneObjectStaysDoneWhenItsAccountIsNoLongerClaimed() {
        String account = "4444" + String.format("%08d", SEED.incrementAndGet() % 100_000_000);
        control.update("INSERT INTO lake_account_claims (account, tenant) VALUES (?, 'globex')", account);
        LakeObject object = object(account);
        ledger.finish(ledger.begin(object));
        control.update("DELETE FROM lake_account_claims WHERE account = ?", account);

        assertThat(ledger.begin(object).plan().action()).isEqualTo(Action.UNASSIGNED);
        assertThat(row(object)).containsEntry("status", "done").containsEntry("tenant", "globex");
    }

    @Test
    void everyLedgerStatusIsCountedByStatusAndTenant() throws Exception {
        ledger.begin(object("999999999999"));
        ledger.begin(new LakeObject(LakeTestStack.BUCKET, "ext/readme-" + SEED.incrementAndGet() + ".txt", 1L, null, null));
        LakeObject stored = object(ACCOUNT);
        ledger.finish(ledger.begin(stored));
        ledger.begin(stored);
        ledger.fail(ledger.begin(object(ACCOUNT)), null);
        ObjectInFlight retrying = ledger.begin(object(ACCOUNT));
        assertThatThrownBy(() -> ledger.retryLater(retrying, new IOException("503"))).isInstanceOf(IOException.class);

        assertThat(registry.find("lake.objects").counters()).extracting(c -> c.getId().getTag("status") + "/"
                + c.getId().getTag("tenant") + "=" + (long) c.count())
                .containsExactlyInAnyOrder("unassigned/none=1", "skip/none=1", "done/acme=2", "failed/acme=1",
                        "retrying/acme=1");
    }

    private static LakeObject object(String account) {
        String key = DemoSource.CLOUD_TRAIL_MGMT.key(account, "us-east-1", LocalDate.now(), SEED.incrementAndGet());
        return new LakeObject(LakeTestStack.BUCKET, key, 42L, "etag-1", Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static Map<String, Object> row(LakeObject object) {
        return control.queryForMap("SELECT * FROM lake_objects WHERE bucket = ? AND object_key = ?",
                object.bucket(), object.key());
    }

    private double counted(String status, String tenant) {
        var counter = registry.find("lake.objects").tags("status", status, "tenant", tenant).counter();
        return counter == null ? 0 : counter.count();
    }
}

package io.securitylake.subscriber.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.ingest.IngestPlan.Action;
import io.securitylake.subscriber.notification.LakeObject;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Two ledgers (two replicas) on one real control database: one reader per object at a time, leases run out. */
class ObjectLedgerLeaseTest {

    private static final String SCHEMA = "lease_control";
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static JdbcTemplate control;
    private static ObjectLedger replicaA;
    private static ObjectLedger replicaB;

    @BeforeAll
    static void twoReplicas() {
        String url = LakeTestStack.lake().jdbcUrl("postgres");
        Flyway.configure().dataSource(url, "postgres", "").schemas(SCHEMA).locations("classpath:db/control").load().migrate();
        DriverManagerDataSource controlDb = new DriverManagerDataSource(url, "postgres", "");
        controlDb.setSchema(SCHEMA);
        control = new JdbcTemplate(controlDb);
        TenantSettings tenants = TenantSettings.of("tenants.acme.accounts", LakeTestStack.ACME_ACCOUNT);
        TenantDirectory directory = new TenantDirectory(tenants, control);
        LakeMetrics metrics = new LakeMetrics(new SimpleMeterRegistry());
        replicaA = new ObjectLedger(new LedgerTable(control), directory, metrics, "replica-a", LEASE);
        replicaB = new ObjectLedger(new LedgerTable(control), directory, metrics, "replica-b", LEASE);
    }

    @Test
    void aSecondReplicaRefusesAnObjectWhoseLeaseIsLive() {
        LakeObject object = newObject();
        assertThat(replicaA.begin(object).plan().action()).isEqualTo(Action.INGEST);

        assertThatThrownBy(() -> replicaB.begin(object))
                .isInstanceOf(ObjectInProgressException.class).hasMessageContaining("replica-a");
        assertThat(attempts(object)).as("the refused reader is not counted as an attempt").isEqualTo(1);
        assertThat(leaseOwner(object)).isEqualTo("replica-a");
    }

    @Test
    void aSecondConsumerOfTheSameReplicaRefusesTheObjectToo() {
        LakeObject object = newObject();
        replicaA.begin(object);
        assertThatThrownBy(() -> replicaA.begin(object)).isInstanceOf(ObjectInProgressException.class);
        assertThat(attempts(object)).isEqualTo(1);
    }

    @Test
    void aLeaseThatRanOutIsTakenOver() throws InterruptedException {
        LakeObject object = newObject();
        replicaA.begin(object); // replica a dies here: no renewal, no release
        Thread.sleep(LEASE.toMillis() + 500);

        assertThat(replicaB.begin(object).plan().action()).isEqualTo(Action.INGEST);
        assertThat(leaseOwner(object)).isEqualTo("replica-b");
        assertThat(attempts(object)).isEqualTo(2);
    }

    @Test
    void renewalKeepsTheLeaseBeyondItsFirstExpiry() throws InterruptedException {
        LakeObject object = newObject();
        replicaA.begin(object);
        Instant firstExpiry = leaseUntil(object);
        for (int i = 0; i < 4; i++) {
            Thread.sleep(LEASE.toMillis() / 3);
            replicaA.renewLeases();
        }
        assertThat(leaseUntil(object)).isAfter(firstExpiry);
        assertThat(Instant.now()).as("the first expiry has passed").isAfter(firstExpiry);
        assertThatThrownBy(() -> replicaB.begin(object)).isInstanceOf(ObjectInProgressException.class);
    }

    @Test
    void releasedObjectIsFreeAndAFinishedOneIsDoneForEveryone() {
        LakeObject object = newObject();
        ObjectInFlight a = replicaA.begin(object);
        replicaA.release(a);
        assertThat(leaseUntil(object)).isNull();
        ObjectInFlight b = replicaB.begin(object);
        assertThat(b.plan().action()).as("a released lease is free at once").isEqualTo(Action.INGEST);

        replicaB.finish(b);
        replicaB.release(b);
        assertThat(replicaA.begin(object).plan().action()).isEqualTo(Action.DONE);
        assertThat(attempts(object)).isEqualTo(2);
    }

    private static LakeObject newObject() {
        String key = "aws/VPC_FLOW/2.0/region=us-east-1/accountId=" + LakeTestStack.ACME_ACCOUNT
                + "/eventDay=20261130/" + UUID.randomUUID() + ".gz.parquet";
        return new LakeObject(LakeTestStack.BUCKET, key, 100L, "etag", Instant.now());
    }


    private static int attempts(LakeObject o) {
        return control.queryForObject("SELECT attempts FROM lake_objects WHERE object_key = ?", Integer.class, o.key());
    }

    private static String leaseOwner(LakeObject o) {
        return control.queryForObject("SELECT lease_owner FROM lake_objects WHERE object_key = ?", String.class, o.key());
    }

    private static Instant leaseUntil(LakeObject o) {
        java.sql.Timestamp t = control.queryForObject("SELECT lease_until FROM lake_objects WHERE object_key = ?",
                java.sql.Timestamp.class, o.key());
        return t == null ? null : t.toInstant();
    }
}

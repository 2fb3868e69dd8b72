package io.securitylake.subscriber.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.notification.LakeKey;
import io.securitylake.subscriber.notification.LakeObject;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The ledger's table on real PostgreSQL: a tenant's page (status, keyset order), unassigned objects, leases. */
class LedgerTableTest {

    private static JdbcTemplate control;
    private static LedgerTable table;

    @BeforeAll
    static void controlDatabase() {
        control = new JdbcTemplate(LakeTestStack.controlDatabase("ledger_table_test"));
        table = new LedgerTable(control);
    }

    @Test
    void aTenantsPageIsNewestFirstFilteredByStatusAndContinuesAfterItsLastRow() {
        for (int i = 0; i < 5; i++) {
            LakeObject o = object("page/" + i);
            table.claim(o, LakeKey.parse(o.key()), "pager", "owner", Duration.ofMinutes(1));
            control.update("UPDATE lake_objects SET first_seen_at = ?::timestamptz WHERE object_key = ?",
                    "2026-01-0" + (i + 1) + "T00:00:00Z", o.key());
            if (i % 2 == 0) {
                table.end(o, "done", new IngestProgress(), null);
            }
        }
        table.claim(object("other/1"), LakeKey.parse(object("other/1").key()), "someone-else", "owner", Duration.ofMinutes(1));

        List<LedgerRow> all = table.page("pager", null, null, 10);
        assertThat(all).extracting(LedgerRow::key).containsExactly(key("page/4"), key("page/3"), key("page/2"),
                key("page/1"), key("page/0"));
        assertThat(table.page("pager", "done", null, 10)).extracting(LedgerRow::key)
                .containsExactly(key("page/4"), key("page/2"), key("page/0"));
        LedgerRow second = all.get(1);
        LedgerTable.After after = new LedgerTable.After(second.firstSeenAt().toInstant(), second.bucket(), second.key());
        assertThat(table.page("pager", null, after, 2)).extracting(LedgerRow::key)
                .containsExactly(key("page/2"), key("page/1"));
        assertThat(table.page("pager", "processing", after, 10)).extracting(LedgerRow::key).containsExactly(key("page/1"));
        assertThat(all.get(0).status()).isEqualTo("done");
        assertThat(all.get(0).attempts()).isEqualTo(1);
    }

    @Test
    void unassignedObjectsOfAnAccountAreCountedAndListedOldestFirst() {
        String account = "555555555555";
        assertThat(table.countUnassigned(account)).isZero();
        for (int i = 0; i < 3; i++) {
            LakeObject o = object("unassigned/" + i, account);
            table.record(o, LakeKey.parse(o.key()), null, "unassigned", "no tenant");
        }
        LakeObject done = object("unassigned/done", account);
        table.record(done, LakeKey.parse(done.key()), null, "skipped", "not data");

        assertThat(table.countUnassigned(account)).isEqualTo(3);
        assertThat(table.unassigned(account)).extracting(LakeObject::key)
                .containsExactly(object("unassigned/0", account).key(), object("unassigned/1", account).key(),
                        object("unassigned/2", account).key());
    }

    @Test
    void onlyTheLeaseOwnerRenewsItsLease() {
        LakeObject o = object("lease/1");
        table.claim(o, LakeKey.parse(o.key()), "leaser", "owner-a", Duration.ofSeconds(30));
        assertThat(table.renewLease(o.bucket(), o.key(), "owner-a", Duration.ofSeconds(30))).isTrue();
        assertThat(table.renewLease(o.bucket(), o.key(), "owner-b", Duration.ofSeconds(30))).isFalse();
        table.end(o, "done", new IngestProgress(), null);
        assertThat(table.renewLease(o.bucket(), o.key(), "owner-a", Duration.ofSeconds(30)))
                .as("a finished object has no lease to renew").isFalse();
    }

    private static LakeObject object(String name) {
        return object(name, "111111111111");
    }

    private static LakeObject object(String name, String account) {
        return new LakeObject(LakeTestStack.BUCKET, key(name, account), 1L, "e", Instant.now());
    }

    private static String key(String name) {
        return key(name, "111111111111");
    }

    private static String key(String name, String account) {
        return "aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=" + account + "/eventDay=20260101/" + name + ".parquet";
    }
}

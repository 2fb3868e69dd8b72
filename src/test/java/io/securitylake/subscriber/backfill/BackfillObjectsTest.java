package io.securitylake.subscriber.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.stack.LakeTestStack;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The claims on listed objects, on a real PostgreSQL: replicas claiming at once never share an object, a claim
 * that ran out is taken over, a paused or cancelled object is not claimed, and a backfill with nothing left is done.
 */
class BackfillObjectsTest {

    private static final JdbcTemplate CONTROL = new JdbcTemplate(
            LakeTestStack.controlDatabase("backfill_claims_" + System.nanoTime() % 1_000_000));
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final BackfillTable table = new BackfillTable(CONTROL);
    private final BackfillObjects objects = new BackfillObjects(CONTROL);

    @Test
    void replicasClaimingAtOnceNeverShareAnObjectAndTogetherReadThemAll() throws InterruptedException {
        String uid = backfill(3000);
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        List<String> shared = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> replicas = IntStream.range(0, 4).mapToObj(r -> new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            for (List<BackfillItem> batch = objects.claim("replica-" + r, MINUTE, 8); !batch.isEmpty();
                 batch = objects.claim("replica-" + r, MINUTE, 8)) {
                for (BackfillItem item : batch) {
                    if (!claimed.add(item.key())) {
                        shared.add(item.key());
                    }
                    objects.ended(item, "stored", 2, null);
                }
            }
        })).toList();
        replicas.forEach(Thread::start);
        go.countDown();
        for (Thread t : replicas) {
            t.join();
        }
        assertThat(shared).as("objects claimed by two replicas").isEmpty();
        assertThat(claimed).hasSize(3000);
        table.completeFinished();
        assertThat(table.find(uid).orElseThrow().status()).isEqualTo("done");
        BackfillObjects.Counts counts = objects.counts(uid);
        assertThat(counts.done()).isEqualTo(3000);
        assertThat(counts.events()).isEqualTo(6000);
    }

    @Test
    void aClaimThatRanOutIsTakenOverAndALiveOneIsNot() throws InterruptedException {
        String uid = backfill(10);
        List<BackfillItem> dead = objects.claim("dead", Duration.ofMillis(300), 4);
        List<BackfillItem> alive = objects.claim("alive", MINUTE, 3);
        assertThat(dead).hasSize(4);
        Thread.sleep(500);
        List<BackfillItem> next = objects.claim("next", MINUTE, 100);
        assertThat(keys(next)).hasSize(7).containsAll(keys(dead)).doesNotContainAnyElementsOf(keys(alive));
        assertThat(table.find(uid).orElseThrow().status()).isEqualTo("running");
    }

    @Test
    void aPausedObjectWaitsAndACancelledBackfillIsNotRead() throws InterruptedException {
        String paused = backfill(1);
        BackfillItem item = objects.claim("r", MINUTE, 1).get(0);
        objects.retryLater(item, "S3 did not answer", Duration.ofMillis(700), true);
        assertThat(objects.claim("r", MINUTE, 1)).isEmpty();
        Thread.sleep(900);
        List<BackfillItem> again = objects.claim("r", MINUTE, 1);
        assertThat(keys(again)).containsExactly(item.key());
        assertThat(again.get(0).attempts()).isEqualTo(1);

        String cancelled = backfill(5);
        assertThat(table.cancel(cancelled)).isTrue();
        assertThat(objects.cancelPending(cancelled)).isEqualTo(5);
        assertThat(objects.claim("r", MINUTE, 100)).isEmpty();
        assertThat(table.cancel(cancelled)).as("an ended backfill stays as it is").isFalse();
        assertThat(paused).isNotEqualTo(cancelled);
    }

    /** A backfill whose listing is over, with {@code n} objects; earlier tests' objects are all ended first. */
    private String backfill(int n) {
        CONTROL.update("UPDATE lake_backfills SET status = 'done' WHERE status IN ('listing', 'running')");
        String uid = UUID.randomUUID().toString();
        table.insert(uid, new BackfillRequest("bucket", "acme", List.of("111111111111"), null, null,
                LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2)));
        List<BackfillObjects.Listed> listed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            listed.add(new BackfillObjects.Listed(uid + "/object-" + i + ".parquet", 100));
        }
        objects.add(uid, listed);
        objects.add(uid, listed.subList(0, Math.min(3, n))); // listed again after a restart: kept as it is
        CONTROL.update("UPDATE lake_backfills SET status = 'running' WHERE uid = ?", uid);
        return uid;
    }

    private static List<String> keys(List<BackfillItem> items) {
        return items.stream().map(BackfillItem::key).toList();
    }
}

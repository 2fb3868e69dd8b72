package io.securitylake.subscriber.faults;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.GLOBEX_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault 10: two service processes on one queue, many objects, each announced twice (S3 may notify more
 * than once): every event is stored exactly once, and no object is read by both at the same time (the
 * ledger's lease sends the second reader's message back to the queue).
 */
class CompetingConsumersFaultTest {

    @RegisterExtension
    static final FaultStack STACK = new FaultStack("competing", 30, 0);
    private static final Duration WAIT = Duration.ofSeconds(300);
    private static final int OBJECTS = 24;
    private static final int EVENTS = 1500;

    private final LakeProbe probe = new LakeProbe();
    @RegisterExtension
    final ServiceProcesses processes = new ServiceProcesses();
    @TempDir
    Path tmp;

    @Test
    void twoProcessesOnOneQueueStoreEveryEventExactlyOnce() {
        List<String> acme = new ArrayList<>();
        List<String> globex = new ArrayList<>();
        DemoSource[] sources = {DemoSource.CLOUD_TRAIL_MGMT, DemoSource.VPC_FLOW, DemoSource.ROUTE53, DemoSource.CROWDSTRIKE_DETECTIONS};
        for (int i = 0; i < OBJECTS; i++) {
            boolean toAcme = i % 2 == 0;
            String key = probe.upload(tmp, sources[i % sources.length], toAcme ? ACME_ACCOUNT : GLOBEX_ACCOUNT, EVENTS);
            (toAcme ? acme : globex).add(key);
        }
        ServiceProcess a = start("competing-a");
        ServiceProcess b = start("competing-b");
        // each object twice in a row, so that the two copies are usually received at the same time
        for (int i = 0; i < OBJECTS / 2; i++) {
            for (String key : List.of(acme.get(i), acme.get(i), globex.get(i), globex.get(i))) {
                probe.announce(STACK.queueUrl, key);
            }
        }

        List<String> all = new ArrayList<>(acme);
        all.addAll(globex);
        all.forEach(k -> await(WAIT, k + " is done", () -> "done".equals(probe.status(k))));
        await(WAIT, "the queue is empty", () -> probe.depth(STACK.queueUrl) == 0);
        long byA = a.logLines("object done", "rows=0 ms=0");
        long byB = b.logLines("object done", "rows=0 ms=0");
        assertThat(byA).as("process a worked").isPositive();
        assertThat(byB).as("process b worked").isPositive();
        long readTwice = all.stream().filter(k -> probe.attempts(k) > 1).count();
        // nothing else fails here: every failed delivery is one that met the other reader's lease
        long leftForRedelivery = a.logLines("Exhausted after delivery attempt", "\n")
                + b.logLines("Exhausted after delivery attempt", "\n");

        long rows = probe.rows("acme", acme) + probe.rows("globex", globex);
        long events = probe.events("acme", acme) + probe.events("globex", globex);
        long misplaced = probe.rows("acme", globex) + probe.rows("globex", acme);
        assertThat(misplaced).isZero();
        Tally tally = new Tally("10 two processes on one queue, " + OBJECTS + " objects each announced twice",
                "process a read " + byA + " objects, b " + byB + "; " + readTwice + " read twice (ledger attempts); "
                        + leftForRedelivery + " deliveries met a live lease and went back to the queue; repeats of "
                        + "done objects skipped; nothing in the other tenant", (long) OBJECTS * EVENTS, rows, events)
                .report();
        assertThat(tally.lost()).isZero();
        assertThat(tally.duplicated()).isZero();
        assertThat(readTwice).as("objects read more than once (each read takes the lease: one attempt)").isZero();
        assertThat(byA + byB).as("objects read to the end, by either process").isEqualTo(OBJECTS);
    }

    private ServiceProcess start(String name) {
        return processes.startReady(name, STACK.settings(), WAIT);
    }
}

package io.securitylake.subscriber.faults;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults 1 and 2: the service process dies (kill -9) or is stopped (SIGTERM) while a large object is half
 * stored; a new process finishes the work. Both run the service in child JVMs.
 */
class ProcessDeathFaultTest {

    @RegisterExtension
    static final FaultStack STACK = new FaultStack("process-death", 30, 0);
    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final int EVENTS = 40_000;

    private final LakeProbe probe = new LakeProbe();
    @RegisterExtension
    final ServiceProcesses processes = new ServiceProcesses();
    @TempDir
    Path tmp;

    @Test
    void killedMidFileTheNextProcessFinishesTheObjectWithoutDuplicates() throws Exception {
        String key = probe.upload(tmp, DemoSource.VPC_FLOW, ACME_ACCOUNT, EVENTS);
        ServiceProcess first = start("kill9-first", Map.of());
        probe.announce(STACK.queueUrl, key);
        await(WAIT, "part of the object is stored", () -> probe.rows("acme", List.of(key)) >= EVENTS / 10);
        first.kill();
        long atKill = probe.rows("acme", List.of(key));
        assertThat(atKill).as("killed half-way").isLessThan(EVENTS);
        assertThat(probe.status(key)).isEqualTo("processing");

        ServiceProcess second = start("kill9-second", Map.of());
        await(WAIT, key + " is done", () -> "done".equals(probe.status(key)));
        await(WAIT, "the queue is empty", () -> probe.depth(STACK.queueUrl) == 0);
        assertThat(second.logLines("object done", "rows=0 ms=0")).isEqualTo(1);
        Tally tally = Tally.count(probe, "1 kill -9 mid-file",
                "ledger left 'processing' with " + atKill + " of " + EVENTS + " stored; message redelivered after the "
                        + "visibility timeout; new process read it again, conflicts ignored", "acme", List.of(key), EVENTS);
        assertThat(tally.lost()).isZero();
        assertThat(tally.duplicated()).isZero();
    }

    @Test
    void stoppedMidFileNothingIsMarkedDoneUnlessStoredAndTheRestIsRedelivered() throws Exception {
        String key = probe.upload(tmp, DemoSource.VPC_FLOW, ACME_ACCOUNT, EVENTS);
        // a short grace period, so that the stop interrupts the object instead of waiting for it
        ServiceProcess first = start("sigterm-first", Map.of("camel.main.shutdown-timeout", "3"));
        probe.announce(STACK.queueUrl, key);
        await(WAIT, "part of the object is stored", () -> probe.rows("acme", List.of(key)) >= EVENTS / 10);
        int exit = first.terminate(Duration.ofSeconds(90));
        long atStop = probe.rows("acme", List.of(key));
        String statusAfterStop = probe.status(key);
        if ("done".equals(statusAfterStop)) {
            assertThat(atStop).as("done only when every event is stored").isEqualTo(EVENTS);
        } else {
            assertThat(statusAfterStop).isIn("processing", "retrying");
        }

        start("sigterm-second", Map.of());
        await(WAIT, key + " is done", () -> "done".equals(probe.status(key)));
        await(WAIT, "the queue is empty", () -> probe.depth(STACK.queueUrl) == 0);
        Tally tally = Tally.count(probe, "2 SIGTERM mid-file (shutdown timeout 3 s)",
                "exit " + exit + "; ledger '" + statusAfterStop + "' with " + atStop + " of " + EVENTS
                        + " stored; message not deleted, redelivered; new process finished it", "acme", List.of(key), EVENTS);
        assertThat(tally.lost()).isZero();
        assertThat(tally.duplicated()).isZero();
    }

    @Test
    void stoppedMidFileWithEnoughGraceTheObjectIsFinishedBeforeTheProcessExits() throws Exception {
        String key = probe.upload(tmp, DemoSource.VPC_FLOW, ACME_ACCOUNT, EVENTS);
        ServiceProcess only = start("sigterm-grace", Map.of("camel.main.shutdown-timeout", "300"));
        probe.announce(STACK.queueUrl, key);
        await(WAIT, "part of the object is stored", () -> probe.rows("acme", List.of(key)) >= EVENTS / 10);
        long atStop = probe.rows("acme", List.of(key));
        int exit = only.terminate(Duration.ofSeconds(300));

        assertThat(probe.status(key)).as("finished during the graceful stop").isEqualTo("done");
        await(WAIT, "the message is deleted", () -> probe.depth(STACK.queueUrl) == 0);
        Tally tally = Tally.count(probe, "2b SIGTERM mid-file (shutdown timeout 300 s)",
                "exit " + exit + "; SIGTERM at " + atStop + " of " + EVENTS + " stored; polling stopped, the object in "
                        + "progress finished, 'done', message deleted before exit", "acme", List.of(key), EVENTS);
        assertThat(tally.lost()).isZero();
        assertThat(tally.duplicated()).isZero();
    }

    private ServiceProcess start(String name, Map<String, String> extra) {
        Map<String, String> settings = new java.util.LinkedHashMap<>(STACK.settings());
        settings.putAll(extra);
        return processes.startReady(name, settings, WAIT);
    }
}

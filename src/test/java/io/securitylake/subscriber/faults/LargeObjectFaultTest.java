package io.securitylake.subscriber.faults;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.stack.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault 11: an object larger than the heap (32 MB row groups of events carrying 8 KB of {@code raw_data}, see
 * {@link WideEvents}) is stored completely by a service with a small heap, and its peak heap is that of a small object. Sizes: {@code -Dlake.faults.large-mb} (default 320)
 * and {@code -Dlake.faults.heap-mb} (default 256); for a larger run, 1024 and 512.
 */
class LargeObjectFaultTest {

    private static final Logger LOG = LoggerFactory.getLogger(LargeObjectFaultTest.class);
    @RegisterExtension
    static final FaultStack STACK = new FaultStack("large", 30, 0);
    private static final long LARGE_MB = Long.getLong("lake.faults.large-mb", 320);
    private static final long HEAP_MB = Long.getLong("lake.faults.heap-mb", 256);
    private static final long SMALL_MB = 20;
    private static final int ROW_BYTES = 8 * 1024;
    private static final Duration WAIT = Duration.ofMinutes(30);

    @TempDir
    Path tmp;

    @Test
    void objectLargerThanTheHeapIsStoredCompletelyWithThePeakHeapOfASmallOne() throws Exception {
        LakeProbe probe = new LakeProbe();
        int smallRows = (int) (SMALL_MB * 1024 * 1024 / ROW_BYTES);
        int largeRows = (int) (LARGE_MB * 1024 * 1024 / ROW_BYTES);
        String small = upload(tmp, smallRows);
        String large = upload(tmp, largeRows);

        Path gcLog = Path.of("target", "faults", "large-gc.log").toAbsolutePath();
        Files.deleteIfExists(gcLog);
        try (ServiceProcess service = ServiceProcess.subscriber("large", STACK.settings(), List.of("-Xmx" + HEAP_MB + "m",
                "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog))) {
            await(WAIT, "the service is ready", service::ready);
            HeapLog heap = new HeapLog(gcLog);
            int start = heap.lines();
            probe.announce(STACK.queueUrl, small);
            await(WAIT, "the small object is done", () -> "done".equals(probe.status(small)));
            int between = heap.lines();
            probe.announce(STACK.queueUrl, large);
            await(WAIT, "the large object is done", () -> "done".equals(probe.status(large)) || !service.alive());
            assertThat(service.alive()).as("no OutOfMemoryError").isTrue();
            int end = heap.lines();
            int middle = between + (end - between) / 2;
            HeapLog.Peak smallPeak = heap.peak(start, between);
            HeapLog.Peak firstHalf = heap.peak(between, middle);
            HeapLog.Peak secondHalf = heap.peak(middle, end);
            long largeBytes = probe.control().queryForObject(
                    "SELECT bytes_read FROM lake_objects WHERE object_key = ?", Long.class, large);
            LOG.info("heap: small object {} rows {} MB: {}; large object {} rows {} MB, first half: {}, second half: {}",
                    smallRows, SMALL_MB, smallPeak, largeRows, largeBytes >> 20, firstHalf, secondHalf);
            assertThat(largeBytes).as("the object is larger than the heap").isGreaterThan(HEAP_MB << 20);

            Tally tally = Tally.count(probe, "11 " + (largeBytes >> 20) + " MB object (" + largeRows + " events of 8 KB, 32 MB row groups), -Xmx"
                            + HEAP_MB + "m", "stored, no OOM; heap after GC at most " + firstHalf.maxAfterMb() + " MB while reading its first half, "
                            + secondHalf.maxAfterMb() + " MB its second half (" + smallPeak.maxAfterMb() + " MB for a "
                            + SMALL_MB + " MB object)",
                    "acme", List.of(small, large), (long) smallRows + largeRows);
            assertThat(tally.lost()).isZero();
            assertThat(tally.duplicated()).isZero();
        }
    }

    private static String upload(Path dir, int rows) throws Exception {
        Path file = dir.resolve("object-" + rows + ".parquet");
        long seed = System.nanoTime();
        WideEvents.write(file, rows, ROW_BYTES, seed);
        String key = DemoSource.CLOUD_TRAIL_MGMT.key(ACME_ACCOUNT, "us-east-1", LocalDate.now(), seed);
        LakeTestStack.putObject(key, file);
        Files.delete(file);
        return key;
    }
}

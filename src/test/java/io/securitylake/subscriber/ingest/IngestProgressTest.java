package io.securitylake.subscriber.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The counts of one object add up across the chunks that report them. */
class IngestProgressTest {

    @Test
    void countsAddUpAndTimeRuns() throws InterruptedException {
        IngestProgress progress = new IngestProgress();
        progress.stored(3);
        progress.stored(4);
        progress.unassigned(2);
        progress.unassigned(5);
        progress.bytes(10);
        progress.bytes(32);
        Thread.sleep(20);

        assertThat(progress.rowsStored()).isEqualTo(7);
        assertThat(progress.rowsUnassigned()).isEqualTo(7);
        assertThat(progress.bytesRead()).isEqualTo(42);
        assertThat(progress.elapsedMillis()).isBetween(20L, 60_000L);
    }
}

package io.securitylake.subscriber.ingest;

import java.util.concurrent.atomic.AtomicLong;

/** Counts for one object while it is read; shared by the chunk exchanges of its split. */
public final class IngestProgress {

    private final long startNanos = System.nanoTime();
    private final AtomicLong rowsStored = new AtomicLong();
    private final AtomicLong rowsUnassigned = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong rowsExpired = new AtomicLong();

    public void stored(long rows) {
        rowsStored.addAndGet(rows);
    }

    public void unassigned(long rows) {
        rowsUnassigned.addAndGet(rows);
    }

    /** Rows older than the tenant's retention: skipped, not stored. */
    public void expired(long rows) {
        rowsExpired.addAndGet(rows);
    }

    public long rowsExpired() {
        return rowsExpired.get();
    }

    public void bytes(long bytes) {
        bytesRead.addAndGet(bytes);
    }

    public long rowsStored() {
        return rowsStored.get();
    }

    public long rowsUnassigned() {
        return rowsUnassigned.get();
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}

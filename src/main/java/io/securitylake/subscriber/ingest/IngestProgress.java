package io.securitylake.subscriber.ingest;

import io.securitylake.subscriber.store.StoreTally;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counts for one object while it is read; shared by the chunk exchanges of its split. */
public final class IngestProgress implements StoreTally {

    private final long startNanos = System.nanoTime();
    private final AtomicLong rowsStored = new AtomicLong();
    private final AtomicLong rowsUnassigned = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong rowsExpired = new AtomicLong();
    private final AtomicLong rowsDuplicate = new AtomicLong();
    private volatile long rowsInObject = -1;
    private final Map<String, LongAdder> keptAsWritten = new ConcurrentHashMap<>();

    @Override
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

    /** Rows whose event (same time and uid) the store held already: skipped, not stored again. */
    @Override
    public void duplicates(long rows) {
        rowsDuplicate.addAndGet(rows);
    }

    public long rowsDuplicate() {
        return rowsDuplicate.get();
    }

    /** The rows the object's footer says it holds. */
    public void rowsInObject(long rows) {
        rowsInObject = rows;
    }

    /**
     * Rows of the object that were neither stored, nor duplicates, nor expired, nor unassigned: those a refused
     * object did not get to (0 while its row count is unknown, as for a file that is not Parquet at all).
     */
    public long rowsRefused() {
        long rows = rowsInObject;
        return rows < 0 ? 0 : Math.max(0, rows - rowsStored() - rowsDuplicate() - rowsExpired() - rowsUnassigned());
    }

    public long rowsExpired() {
        return rowsExpired.get();
    }

    /** A value of an attribute (its path, {@code []} for list items) that is not of the attribute's OCSF type. */
    public void keptAsWritten(String attribute) {
        keptAsWritten.computeIfAbsent(attribute, a -> new LongAdder()).increment();
    }

    /** Values kept as written, per attribute path, in path order. */
    public Map<String, Long> keptAsWritten() {
        Map<String, Long> counts = new TreeMap<>();
        keptAsWritten.forEach((attribute, n) -> counts.put(attribute, n.sum()));
        return counts;
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

package io.securitylake.subscriber.store;

import io.securitylake.subscriber.intel.Hit;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rows of one chunk that belong to one tenant, all from one object. Deliberately not a record: Camel's
 * simple language ({@code ${body.tenant}}) caches bean info keyed by the body, and a record's hashCode would
 * hash all the rows of the chunk on every lookup.
 */
public final class TenantBatch {

    private final String tenant;
    private final String bucket;
    private final String objectKey;
    private final List<EventRow> rows;
    private final List<Map<String, Object>> events;
    private final List<List<Hit>> intelHits;
    private final StoreTally tally;
    private final FieldPaths fieldPaths;

    public TenantBatch(String tenant, String bucket, String objectKey, List<EventRow> rows) {
        this(tenant, bucket, objectKey, rows, List.of());
    }

    public TenantBatch(String tenant, String bucket, String objectKey, List<EventRow> rows,
                       List<Map<String, Object>> events) {
        this(tenant, bucket, objectKey, rows, events, List.of());
    }

    /**
     * With the normalised events the rows were made of (same order), so that detection need not parse the JSON
     * again; an event is null where detection needs nothing of it. With the threat-intelligence hits the reading
     * thread found for each event when it screened it (same order, empty for an event kept for another reason), so
     * that detection need not look the event up again; {@code intelHits} empty when the events were not screened.
     */
    public TenantBatch(String tenant, String bucket, String objectKey, List<EventRow> rows,
                       List<Map<String, Object>> events, List<List<Hit>> intelHits) {
        this(tenant, bucket, objectKey, rows, events, intelHits, StoreTally.NONE, FieldPaths.NONE);
    }

    /**
     * With the counts of the object the batch was read from, which route {@code store-chunk} adds to once stored,
     * and the paths the rows' events hold values at, which the store adds to the tenant's fields seen.
     */
    public TenantBatch(String tenant, String bucket, String objectKey, List<EventRow> rows,
                       List<Map<String, Object>> events, List<List<Hit>> intelHits, StoreTally tally,
                       FieldPaths fieldPaths) {
        if (!events.isEmpty() && events.size() != rows.size()) {
            throw new IllegalArgumentException("events and rows differ in number");
        }
        if (!intelHits.isEmpty() && intelHits.size() != events.size()) {
            throw new IllegalArgumentException("intelligence hits and events differ in number");
        }
        this.tenant = tenant;
        this.bucket = bucket;
        this.objectKey = objectKey;
        this.rows = rows;
        this.events = events;
        this.intelHits = intelHits;
        this.tally = tally;
        this.fieldPaths = fieldPaths;
    }

    public String tenant() {
        return tenant;
    }

    public String bucket() {
        return bucket;
    }

    public String objectKey() {
        return objectKey;
    }

    public List<EventRow> rows() {
        return rows;
    }

    /** The UTC days of the rows' event times, each once: the daily partitions the batch is written to. */
    public Set<LocalDate> days() {
        Set<LocalDate> days = new TreeSet<>();
        for (EventRow row : rows) {
            days.add(LocalDate.ofInstant(Instant.ofEpochMilli(row.timeMs()), ZoneOffset.UTC));
        }
        return days;
    }

    /**
     * The events of the rows, in the same order (null where detection needs nothing of the event); empty when the
     * batch was made from rows alone.
     */
    public List<Map<String, Object>> events() {
        return events;
    }

    /**
     * The indicators each event of {@link #events} matched when the reading thread screened it (null where the event
     * is); empty when the events were not screened (detection then looks them up itself).
     */
    public List<List<Hit>> intelHits() {
        return intelHits;
    }

    /** Where the batch's rows are counted once stored: the counts of the object it was read from. */
    public StoreTally tally() {
        return tally;
    }

    /** The paths the rows' events hold values at, per class and day ({@link FieldPaths#NONE} when not collected). */
    public FieldPaths fieldPaths() {
        return fieldPaths;
    }

    /** How many rows of each OCSF class (key null for rows without one). */
    public Map<Integer, Long> rowsPerClass() {
        Map<Integer, Long> perClass = new HashMap<>();
        for (EventRow row : rows) {
            perClass.merge(row.classUid(), 1L, Long::sum);
        }
        return perClass;
    }

    @Override
    public String toString() {
        return "TenantBatch[tenant=" + tenant + ", rows=" + rows.size() + "]";
    }
}

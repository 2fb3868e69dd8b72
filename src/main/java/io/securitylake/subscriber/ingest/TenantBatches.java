package io.securitylake.subscriber.ingest;

import io.securitylake.subscriber.detect.RuleSettings;
import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.detect.EventScreen;
import io.securitylake.subscriber.intel.Hit;
import io.securitylake.subscriber.store.EventJson;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.store.FieldPaths;
import io.securitylake.subscriber.store.StoredBatch;
import io.securitylake.subscriber.store.TenantBatch;
import io.securitylake.subscriber.ocsf.EventNormaliser;
import io.securitylake.subscriber.ocsf.NormalisedEvent;
import io.securitylake.subscriber.ocsf.ObjectContext;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import io.securitylake.subscriber.parquet.ReadAhead;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns the events of a file into database rows, a chunk at a time, grouped by tenant, and counts the rows
 * the store took. The tenant is the object's (from the account in its key, resolved by the ledger); only where the
 * key names no account is it taken per event from {@code cloud.account.uid}, each account looked up once per object
 * ({@link ObjectInFlight#tenantOf}), and events of an account no tenant claims are counted as unassigned, not stored.
 */
@Component("tenantBatches")
public class TenantBatches {

    private final ParquetEventReader reader;
    private final EventNormaliser normaliser;
    private final LakeMetrics metrics;
    private final TenantSettings tenantSettings;
    /** Which events route detect evaluates, and their intelligence hits (see {@link EventScreen}); null while detection is off. */
    private final EventScreen screen;
    private final EventJson json = new EventJson();

    @Autowired
    TenantBatches(ParquetEventReader reader, EventNormaliser normaliser, LakeMetrics metrics,
                  RuleSettings ruleSettings, TenantSettings tenantSettings, ObjectProvider<EventScreen> screen) {
        this(reader, normaliser, metrics, tenantSettings, ruleSettings.enabled() ? screen.getObject() : null);
    }

    public TenantBatches(ParquetEventReader reader, EventNormaliser normaliser, LakeMetrics metrics,
                         TenantSettings tenantSettings, EventScreen screen) {
        this.tenantSettings = tenantSettings;
        this.reader = reader;
        this.normaliser = normaliser;
        this.metrics = metrics;
        this.screen = screen;
    }

    /**
     * Reads the object's spooled file into each chunk's tenant batches, one chunk ahead of the caller on a reading
     * thread, so that decoding, enrichment and JSON overlap the write of the previous chunk. Each event becomes its row
     * (compact JSON bytes) as soon as it is read; the rows wait ahead with those of their normalised events that
     * route {@code detect} will evaluate (a finding, an event a rule or an indicator matches), with the indicators each
     * matched, so it need neither parse nor look them up again, and the others are not kept; and with the paths the
     * chunk's events hold values at (the tenant's fields seen, for the rules API). Route {@code ingest-object} splits
     * what this gives, its body staying the object in flight.
     */
    public ReadAhead<List<TenantBatch>> read(ObjectInFlight object, int chunkSize) {
        ObjectRows rows = new ObjectRows(object);
        ReadAhead<List<TenantBatch>> chunks = reader.readAhead(object.spooled(), chunkSize, rows::row, rows::batches);
        object.progress().rowsInObject(chunks.rowsInFile());
        return chunks;
    }

    /**
     * The rows of a batch are in its tenant's store (by COPY, or by the insert that skips stored events, which
     * says how many it inserted): counted for the object's ledger row (the batch carries the object's counts),
     * stored apart from duplicates, and in the per-tenant, per-class metric (which counts duplicates too). Gives the
     * batch on, to detection.
     */
    public TenantBatch stored(StoredBatch stored) {
        TenantBatch batch = stored.batch();
        batch.tally().stored(stored.inserted());
        batch.tally().duplicates(stored.duplicates());
        batch.rowsPerClass().forEach((classUid, n) -> metrics.eventsStored(batch.tenant(), classUid, n));
        return batch;
    }

    /** One chunk's rows, one batch per tenant; events of an account no tenant claims are counted, not kept. */
    List<TenantBatch> toTenantBatches(List<Map<String, Object>> chunk, ObjectInFlight object) {
        ObjectRows rows = new ObjectRows(object);
        List<Row> read = new ArrayList<>(chunk.size());
        chunk.forEach(event -> read.add(rows.row(event)));
        return rows.batches(read);
    }

    /**
     * An event read: its tenant, its row, and the normalised event with its intelligence hits when detection will
     * evaluate it (else null).
     */
    private record Row(String tenant, EventRow row, Map<String, Object> event, List<Hit> intelHits) {
    }

    /**
     * The rows of one object's events, grouped by tenant a chunk at a time. The tenant is the object's; where its
     * key names no account, the tenant of each event's account, which the object in flight looked up once.
     */
    private final class ObjectRows {

        private final ObjectInFlight object;
        private final ObjectContext context;
        private final IngestProgress progress;
        private final Map<String, ObjectContext> contexts = new HashMap<>();
        // the paths the chunk's events hold values at, per tenant (what the store adds to the tenant's fields seen)
        private final Map<String, FieldPaths> paths = new HashMap<>();

        ObjectRows(ObjectInFlight object) {
            this.object = object;
            this.context = object.context();
            this.progress = object.progress();
        }

        /** The event's row, or null for an event of an account no tenant claims (counted as unassigned). */
        Row row(Map<String, Object> event) {
            ObjectContext tenantContext = context;
            if (context.tenant() == null) {
                String tenant = object.tenantOf(accountOf(event)).orElse(null);
                if (tenant == null) {
                    progress.unassigned(1);
                    return null;
                }
                tenantContext = contexts.computeIfAbsent(tenant, t -> new ObjectContext(
                        t, context.bucket(), context.key(), context.partitions(), context.ingestedAt()));
            }
            NormalisedEvent normalised = normaliser.normalise(event, tenantContext);
            if (normalised.event().get("_lake") instanceof Map<?, ?> lake
                    && lake.get("kept_as_written") instanceof List<?> attributes) {
                attributes.forEach(attribute -> progress.keptAsWritten(attribute.toString()));
            }
            EventRow eventRow = EventRow.of(normalised, json.toJson(normalised.event()));
            paths.computeIfAbsent(tenantContext.tenant(), t -> new FieldPaths())
                    .add(normalised.classUid(), normalised.timeMs(), normalised.event());
            EventScreen.Screening screening = screen == null ? EventScreen.Screening.NOT_NEEDED
                    : screen.screen(tenantContext.tenant(), normalised.event());
            return screening.needed() ? new Row(tenantContext.tenant(), eventRow, normalised.event(), screening.intelHits())
                    : new Row(tenantContext.tenant(), eventRow, null, null);
        }

        /**
         * A chunk's rows, one batch per tenant, in the order the tenants first appear, without the events of a day
         * older than the tenant's retention (a late delivery, a backfill, a replay): those are skipped and counted,
         * not stored nor detected, as their day's partition is dropped or about to be.
         */
        List<TenantBatch> batches(List<Row> chunk) {
            // an object of one tenant has one batch a chunk; rows of an account-less object spread over tenants
            int perTenant = context.tenant() != null ? chunk.size() : 16;
            Map<String, List<EventRow>> byTenant = new LinkedHashMap<>();
            Map<String, List<Map<String, Object>>> eventsByTenant = new HashMap<>();
            Map<String, List<List<Hit>>> hitsByTenant = new HashMap<>();
            Map<String, Long> oldestKept = new HashMap<>();
            Map<String, Integer> expired = new LinkedHashMap<>();
            for (Row row : chunk) {
                if (row == null) {
                    continue;
                }
                List<EventRow> rows = byTenant.computeIfAbsent(row.tenant(), t -> new ArrayList<>(perTenant));
                List<Map<String, Object>> events = screen == null ? null
                        : eventsByTenant.computeIfAbsent(row.tenant(), t -> new ArrayList<>(perTenant));
                List<List<Hit>> hits = screen == null ? null
                        : hitsByTenant.computeIfAbsent(row.tenant(), t -> new ArrayList<>(perTenant));
                if (row.row().timeMs() < oldestKept.computeIfAbsent(row.tenant(), TenantBatches.this::oldestKept)) {
                    expired.merge(row.tenant(), 1, Integer::sum);
                    continue;
                }
                rows.add(row.row());
                if (events != null) {
                    events.add(row.event());
                    hits.add(row.intelHits());
                }
            }
            expired.forEach((tenant, n) -> {
                progress.expired(n);
                metrics.eventsExpired(tenant, n);
            });
            List<TenantBatch> batches = new ArrayList<>(byTenant.size());
            byTenant.forEach((tenant, rows) -> {
                FieldPaths seen = paths.getOrDefault(tenant, FieldPaths.NONE);
                seen.dropBefore(LocalDate.ofEpochDay(Math.floorDiv(oldestKept.get(tenant), 86_400_000L)));
                batches.add(new TenantBatch(tenant, context.bucket(), context.key(), rows,
                        eventsByTenant.getOrDefault(tenant, List.of()), hitsByTenant.getOrDefault(tenant, List.of()),
                        progress, seen));
            });
            paths.clear();
            return batches;
        }
    }

    /** The first millisecond the tenant keeps: the start of the oldest day its retention covers. */
    private long oldestKept(String tenant) {
        return LocalDate.now(ZoneOffset.UTC).minusDays(tenantSettings.tenants().get(tenant).retentionDays())
                .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    @SuppressWarnings("unchecked")
    private static String accountOf(Map<String, Object> event) {
        if (event.get("cloud") instanceof Map<?, ?> cloud && cloud.get("account") instanceof Map<?, ?> account) {
            Object uid = ((Map<String, Object>) account).get("uid");
            return uid == null ? null : uid.toString();
        }
        return null;
    }
}

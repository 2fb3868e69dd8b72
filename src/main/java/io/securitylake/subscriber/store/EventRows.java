package io.securitylake.subscriber.store;

import io.securitylake.subscriber.ingest.IngestProgress;
import io.securitylake.subscriber.ocsf.EventNormaliser;
import io.securitylake.subscriber.ocsf.NormalisedEvent;
import io.securitylake.subscriber.ocsf.ObjectContext;
import io.securitylake.subscriber.tenant.TenantDirectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Turns one chunk of events into database rows, grouped by tenant. The tenant is the object's (from the
 * account in its key); only where the key names no account is it looked up per event from
 * {@code cloud.account.uid}, and events of an account no tenant claims are counted as unassigned, not stored.
 */
@Component("eventRows")
public class EventRows {

    private final EventNormaliser normaliser;
    private final TenantDirectory directory;
    private final EventJson json = new EventJson();

    public EventRows(EventNormaliser normaliser, TenantDirectory directory) {
        this.normaliser = normaliser;
        this.directory = directory;
    }

    public List<TenantBatch> toTenantBatches(List<Map<String, Object>> chunk,
                                             @ExchangeProperty(ObjectLedger.CONTEXT) ObjectContext context,
                                             @ExchangeProperty(IngestProgress.PROPERTY) IngestProgress progress) {
        if (context.tenant() != null) {
            List<EventRow> rows = new ArrayList<>(chunk.size());
            for (Map<String, Object> event : chunk) {
                rows.add(row(normaliser.normalise(event, context)));
            }
            progress.stored(rows.size());
            return List.of(new TenantBatch(context.tenant(), context.bucket(), context.key(), rows));
        }
        Map<String, List<EventRow>> byTenant = new LinkedHashMap<>();
        Map<String, ObjectContext> contexts = new HashMap<>();
        for (Map<String, Object> event : chunk) {
            String tenant = directory.tenantOf(accountOf(event)).orElse(null);
            if (tenant == null) {
                progress.unassigned(1);
                continue;
            }
            ObjectContext tenantContext = contexts.computeIfAbsent(tenant, t -> new ObjectContext(
                    t, context.bucket(), context.key(), context.partitions(), context.ingestedAt()));
            byTenant.computeIfAbsent(tenant, t -> new ArrayList<>())
                    .add(row(normaliser.normalise(event, tenantContext)));
            progress.stored(1);
        }
        List<TenantBatch> batches = new ArrayList<>();
        byTenant.forEach((tenant, rows) -> batches.add(new TenantBatch(tenant, context.bucket(), context.key(), rows)));
        return batches;
    }

    @SuppressWarnings("unchecked")
    private static String accountOf(Map<String, Object> event) {
        if (event.get("cloud") instanceof Map<?, ?> cloud && cloud.get("account") instanceof Map<?, ?> account) {
            Object uid = ((Map<String, Object>) account).get("uid");
            return uid == null ? null : uid.toString();
        }
        return null;
    }

    private EventRow row(NormalisedEvent event) {
        return EventRow.of(event, json.toJson(event.event()));
    }
}

package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.tenant.TenantStores;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Stores a rule's detection in a tenant's store the way the detector does, for API tests; returns its uid. */
public final class TestDetections {

    private TestDetections() {
    }

    public static String store(TenantStores stores, String tenant, String rule, String eventUid, Instant time, int severityId) {
        Detection d = new Detection(Detection.uidOf(rule, eventUid), time.toEpochMilli(), severityId, rule, "title of " + rule,
                List.of(eventUid), List.of(new Entities.Entity("user", tenant + "-user")), List.of("t1078"),
                time.toEpochMilli(), time.toEpochMilli(), null, Map.of("finding_info", Map.of("uid", rule, "title", "title of " + rule)));
        new DetectionTable(stores::dataSource).store(tenant, List.of(d));
        return d.uid();
    }
}

package io.securitylake.subscriber.store;

import io.securitylake.subscriber.ocsf.NormalisedEvent;

/** One row of a tenant's events table, except the bucket and key that all rows of a {@link TenantBatch} share. */
public record EventRow(String uid, long timeMs, Integer classUid, Integer categoryUid, Integer severityId,
                       String account, String region, String source, byte[] json) {

    public static EventRow of(NormalisedEvent event, byte[] json) {
        return new EventRow(event.uid(), event.timeMs(), event.classUid(), event.categoryUid(), event.severityId(),
                event.account(), event.region(), event.source(), json);
    }
}

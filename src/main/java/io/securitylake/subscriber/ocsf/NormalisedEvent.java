package io.securitylake.subscriber.ocsf;

import java.util.Map;

/**
 * An enriched OCSF event and the values that queries filter on.
 *
 * @param uid   {@code metadata.uid}, else {@code sha256:<hex>} of the event's canonical JSON
 * @param timeMs event time, epoch milliseconds
 * @param event the whole event, {@code _lake} included, JSON-ready
 */
public record NormalisedEvent(String uid, long timeMs, Integer classUid, Integer categoryUid, Integer severityId,
                              String account, String region, String source, Map<String, Object> event) {
}

package io.securitylake.subscriber.ocsf;

import io.securitylake.subscriber.notification.LakeKey;
import java.time.Instant;

/** What is known of the object an event came from, for enrichment. */
public record ObjectContext(String tenant, String bucket, String key, LakeKey partitions, Instant ingestedAt) {
}

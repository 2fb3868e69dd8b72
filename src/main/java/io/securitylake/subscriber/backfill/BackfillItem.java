package io.securitylake.subscriber.backfill;

/** One listed object of a backfill, claimed by this replica to be read. */
public record BackfillItem(String backfillUid, String bucket, String key, Long size, int attempts) {
}

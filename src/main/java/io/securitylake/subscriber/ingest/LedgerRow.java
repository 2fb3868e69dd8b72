package io.securitylake.subscriber.ingest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;

/**
 * What became of one announced S3 object: a row of the ledger. Its rows apart: stored, unassigned, duplicates
 * (stored before, skipped), expired (older than retention, skipped), refused (not read: the object was refused,
 * {@code refusedReason} and {@code refusedColumn} say why).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LedgerRow(String bucket, String key, Long size, String etag, String account, String source,
                        String status, long rowsStored, long rowsUnassigned, long rowsDuplicate, long rowsExpired,
                        long rowsRefused, Long bytesRead, String error, String refusedReason, String refusedColumn,
                        int attempts, OffsetDateTime notifiedAt, OffsetDateTime firstSeenAt,
                        OffsetDateTime startedAt, OffsetDateTime finishedAt, Long durationMs) {
}

package io.securitylake.subscriber.ingest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;

/** What became of one announced S3 object: a row of the ledger. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LedgerRow(String bucket, String key, Long size, String etag, String account, String source,
                        String status, long rowsStored, long rowsUnassigned, Long bytesRead, String error,
                        int attempts, OffsetDateTime notifiedAt, OffsetDateTime firstSeenAt,
                        OffsetDateTime startedAt, OffsetDateTime finishedAt, Long durationMs) {
}

package io.securitylake.subscriber.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;
import java.util.List;

/** One page of the caller's ledger rows, newest first, and the cursor of the next page (null on the last). */
record LedgerPage(List<Row> items, @JsonProperty("next_cursor") String nextCursor) {

    /** What became of one announced S3 object. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Row(String bucket, String key, Long size, String etag, String account, String source, String status,
               long rowsStored, long rowsUnassigned, Long bytesRead, String error, int attempts,
               OffsetDateTime notifiedAt, OffsetDateTime firstSeenAt, OffsetDateTime startedAt,
               OffsetDateTime finishedAt, Long durationMs) {
    }
}

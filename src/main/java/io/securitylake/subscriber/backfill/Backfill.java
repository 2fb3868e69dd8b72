package io.securitylake.subscriber.backfill;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One backfill as it stands: what it reads, its status ({@code listing}, {@code running}, {@code done},
 * {@code cancelled}, {@code failed}) and its objects counted by outcome.
 *
 * @param objectsDone    objects finished: stored now, found stored already, or skipped (not data, no tenant's)
 * @param objectsAlready of those, objects the ledger had stored before (nothing read again)
 */
public record Backfill(String uid, String status, String bucket, String tenant, List<String> accounts,
                       String source, String region, LocalDate from, LocalDate to, Instant created,
                       Instant listed, Instant finished, String error, long objectsListed, long objectsDone,
                       long objectsAlready, long objectsFailed, long objectsPending, long eventsStored) {
}

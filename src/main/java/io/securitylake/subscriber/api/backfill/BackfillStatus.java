package io.securitylake.subscriber.api.backfill;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.securitylake.subscriber.backfill.Backfill;
import java.time.Instant;
import java.util.List;

/** A backfill as the admin API shows it: what it reads, its status, and its objects counted by outcome. */
record BackfillStatus(String uid, String status, String bucket, String tenant, List<String> accounts, String source,
                      String region, String from, String to, Long created, Long listed, Long finished, String error,
                      @JsonProperty("objects_listed") long objectsListed,
                      @JsonProperty("objects_done") long objectsDone,
                      @JsonProperty("objects_already_stored") long objectsAlreadyStored,
                      @JsonProperty("objects_failed") long objectsFailed,
                      @JsonProperty("objects_pending") long objectsPending,
                      @JsonProperty("events_stored") long eventsStored) {

    record Page(List<BackfillStatus> items) {
    }

    static BackfillStatus of(Backfill b) {
        return new BackfillStatus(b.uid(), b.status(), b.bucket(), b.tenant(), b.accounts(), b.source(), b.region(),
                b.from().toString(), b.to().toString(), millis(b.created()), millis(b.listed()), millis(b.finished()),
                b.error(), b.objectsListed(), b.objectsDone(), b.objectsAlready(), b.objectsFailed(),
                b.objectsPending(), b.eventsStored());
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }
}

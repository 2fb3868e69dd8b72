package io.securitylake.subscriber.api.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.securitylake.subscriber.alert.AlertDelivery;
import java.time.Instant;
import java.util.List;

/** A page of failed alert deliveries, newest failure first; times in epoch milliseconds. */
record FailedAlertPage(List<Item> items, @JsonProperty("next_cursor") String nextCursor) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Item(String uid, String tenant, String incidentUid, long version, String change, String destination,
                String destinationType, String status, int attempts, int resends, String lastError, Long createdAt,
                Long lastAttemptAt, Long failedAt) {

        static Item of(AlertDelivery d) {
            return new Item(d.uid(), d.tenant(), d.incidentUid(), d.version(), d.change(), d.destination(),
                    d.destinationType(), d.status(), d.attempts(), d.resends(), d.lastError(), millis(d.createdAt()),
                    millis(d.lastAttemptAt()), millis(d.failedAt()));
        }

        private static Long millis(Instant t) {
            return t == null ? null : t.toEpochMilli();
        }
    }
}

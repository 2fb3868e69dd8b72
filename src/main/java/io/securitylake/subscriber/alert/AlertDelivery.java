package io.securitylake.subscriber.alert;

import java.time.Instant;

/** One row of {@code alert_deliveries}: an incident change sent (or to be sent) to one destination of its tenant. */
public record AlertDelivery(String uid, String tenant, String incidentUid, long version, String change,
                            String destination, String destinationType, String status, int attempts, int resends,
                            String lastError, Instant createdAt, Instant lastAttemptAt, Instant deliveredAt,
                            Instant failedAt) {
}

package io.securitylake.subscriber.intel;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What is known of a feed: where it is read from, how its last read went, and the set in force (its last good
 * read's indicators per type, and what that read refused).
 *
 * @param status     {@code pending} (never read yet), {@code ok} (last read good) or {@code failing} (last read
 *                   failed: the last good set, if any, stays in force)
 * @param failures   failed reads since the last good one
 * @param nextPoll   when the feed is read next (after a failure: the back-off)
 */
public record FeedState(String name, String tenant, String format, String source, String status, Instant lastPoll,
                        Instant lastSuccess, String lastError, int failures, Instant nextPoll, int indicators,
                        Map<String, Integer> indicatorsByType, int refused, Map<String, Integer> refusedByReason,
                        List<String> refusedExamples) {
}

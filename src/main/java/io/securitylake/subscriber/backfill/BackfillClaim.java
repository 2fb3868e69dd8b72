package io.securitylake.subscriber.backfill;

import java.util.List;

/**
 * What {@code backfillWork.claim} took for this replica, route {@code backfill}'s body: the objects to read now, and
 * whether a backfill has just ended (the route then recomputes the predictions, as the history grew).
 *
 * @param items          the objects claimed; none when there is nothing to read (or the service stops)
 * @param backfillsEnded a backfill was marked done by this claim
 */
public record BackfillClaim(List<BackfillItem> items, boolean backfillsEnded) {
}

package io.securitylake.subscriber.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the demo feed writes, and when: a live round of objects written now, each holding the events of the
 * few minutes before; and, when asked, back-dated history, one smaller object per feed and hour. No object
 * holds an event later than its write time, and every key's {@code eventDay} is its events' day.
 */
final class DemoFeedPlan {

    /** The accounts and sources of the local run: acme's two accounts, globex's, and one nobody claims. */
    static final List<Feed> FEEDS = List.of(
            new Feed(DemoSource.CLOUD_TRAIL_MGMT, "111111111111"),
            new Feed(DemoSource.VPC_FLOW, "111111111111"),
            new Feed(DemoSource.ROUTE53, "111111111111"),
            new Feed(DemoSource.SH_FINDINGS, "111111111111"),
            new Feed(DemoSource.CROWDSTRIKE_DETECTIONS, "111111111112"),
            new Feed(DemoSource.CROWDSTRIKE_PROCESS, "111111111112"),
            new Feed(DemoSource.CLOUD_TRAIL_MGMT, "222222222222"),
            new Feed(DemoSource.VPC_FLOW, "222222222222"),
            new Feed(DemoSource.CROWDSTRIKE_DETECTIONS, "222222222222"),
            new Feed(DemoSource.CROWDSTRIKE_PROCESS, "222222222222"),
            new Feed(DemoSource.SH_FINDINGS, "999999999999"));
    static final String REGION = "us-east-1";

    record Feed(DemoSource source, String account) {
    }

    private final SplittableRandom random;

    DemoFeedPlan(SplittableRandom random) {
        this.random = random;
    }

    /** One object per feed, written at {@code writtenAt}, of 200 to 999 events. */
    List<DemoBatch> round(Instant writtenAt) {
        List<DemoBatch> batches = new ArrayList<>(FEEDS.size());
        for (Feed feed : FEEDS) {
            long seed = random.nextLong();
            batches.add(new DemoBatch(feed.source(), feed.account(), REGION, DemoLake.Window.before(writtenAt),
                    200 + random.nextInt(800), seed));
        }
        return batches;
    }

    /**
     * History of the {@code days} whole UTC days before {@code now}'s and of its day up to {@code now}, oldest
     * first: per feed one object an hour, of 20 to 119 events, written at a random minute of that hour.
     * Nothing when {@code days} is 0.
     */
    List<DemoBatch> history(Instant now, int days) {
        if (days < 0) {
            throw new IllegalArgumentException("History days must be 0 or more: " + days);
        }
        List<DemoBatch> batches = new ArrayList<>();
        if (days == 0) {
            return batches;
        }
        Instant start = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (Instant hour = start; hour.isBefore(now); hour = hour.plus(Duration.ofHours(1))) {
            for (Feed feed : FEEDS) {
                Instant writtenAt = hour.plusMillis(random.nextLong(1, Duration.ofHours(1).toMillis()));
                long seed = random.nextLong();
                int events = 20 + random.nextInt(100);
                if (writtenAt.isBefore(now)) {
                    batches.add(new DemoBatch(feed.source(), feed.account(), REGION, DemoLake.Window.before(writtenAt),
                            events, seed));
                }
            }
        }
        return batches;
    }
}

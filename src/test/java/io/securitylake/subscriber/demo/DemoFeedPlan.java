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

    /** The feed that falls silent in the volume history, and the one that spikes (both acme's). */
    static final Feed SILENT = new Feed(DemoSource.ROUTE53, "111111111111");
    static final Feed SPIKING = new Feed(DemoSource.CLOUD_TRAIL_MGMT, "111111111111");
    /** Hours before the current one: the silence covers the last {@value #SILENT_HOURS}, the spike is at {@value #SPIKE_HOURS_AGO}. */
    static final int SILENT_HOURS = 5;
    static final int SPIKE_HOURS_AGO = 3;
    private static final int HOURLY = 8;
    private static final int BLOCK = 8;
    private static final double PEAK_PER_HOUR = 12;

    /**
     * Cheap back-dated history for the volume predictions: the {@code days} whole UTC days before {@code now}'s and
     * its day up to the current hour, few events with a daily shape (night 0.3, working hours 1, evening 0.6 of
     * {@value #PEAK_PER_HOUR} an hour per feed) and weekends at half: one object per feed and 8-hour block, and
     * one per hour for the last {@value #HOURLY} hours. It plays two anomalies the first recompute finds: feed
     * {@link #SILENT} sends nothing in the last {@value #SILENT_HOURS} hours, feed {@link #SPIKING} sends ten times
     * its usual volume {@value #SPIKE_HOURS_AGO} hours ago. Oldest first; nothing of the unclaimed account.
     */
    List<DemoBatch> volumeHistory(Instant now, int days) {
        List<DemoBatch> batches = new ArrayList<>();
        if (days <= 0) {
            return batches;
        }
        Instant nowHour = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        Instant hourly = nowHour.minus(Duration.ofHours(HOURLY));
        Instant t = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
        while (t.isBefore(nowHour)) {
            Instant end;
            if (!t.isBefore(hourly)) {
                end = t.plus(Duration.ofHours(1));
            } else {
                Instant block = t.truncatedTo(java.time.temporal.ChronoUnit.DAYS)
                        .plus(Duration.ofHours((t.atZone(ZoneOffset.UTC).getHour() / BLOCK + 1) * BLOCK));
                end = block.isAfter(hourly) ? hourly : block;
            }
            for (Feed feed : FEEDS) {
                if (feed.account().equals("999999999999")
                        || feed.equals(SILENT) && !end.isBefore(nowHour.minus(Duration.ofHours(SILENT_HOURS - 1)))) {
                    continue;
                }
                double events = 0;
                for (Instant h = t; h.isBefore(end); h = h.plus(Duration.ofHours(1))) {
                    boolean spike = feed.equals(SPIKING) && h.equals(nowHour.minus(Duration.ofHours(SPIKE_HOURS_AGO)));
                    events += rate(h) * (spike ? 10 : 1);
                }
                int n = (int) Math.max(1, Math.round(events * (0.9 + 0.2 * random.nextDouble())));
                batches.add(new DemoBatch(feed.source(), feed.account(), REGION, new DemoLake.Window(t, end), n,
                        random.nextLong()));
            }
            t = end;
        }
        return batches;
    }

    /** Events an hour of one feed at hour {@code h}: a working-day curve, weekends at half. */
    static double rate(Instant h) {
        var at = h.atZone(ZoneOffset.UTC);
        int hod = at.getHour();
        double shape = hod < 8 ? 0.3 : hod < 16 ? 1.0 : 0.6;
        return PEAK_PER_HOUR * shape * (at.getDayOfWeek().getValue() >= 6 ? 0.5 : 1.0);
    }
}

package io.securitylake.subscriber.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class DemoFeedPlanTest {

    private static final Pattern EVENT_DAY = Pattern.compile("/event[dD]ay=(\\d{8})/");

    @TempDir
    Path dir;

    @Test
    void volumeHistoryIsAFortnightOfFewObjectsWithASpikeAndASilentFeedBeforeNow() {
        Instant now = Instant.parse("2026-12-02T13:37:00Z");
        Instant nowHour = now.truncatedTo(ChronoUnit.HOURS);
        List<DemoBatch> batches = new DemoFeedPlan(new SplittableRandom(1)).volumeHistory(now, 14);

        assertThat(batches).hasSizeLessThan(600);
        assertThat(batches).allSatisfy(b -> assertThat(b.window().writtenAt()).isBeforeOrEqualTo(nowHour));
        assertThat(batches).noneMatch(b -> b.account().equals("999999999999"));
        assertThat(batches).filteredOn(b -> b.source() == DemoFeedPlan.SILENT.source()
                        && b.account().equals(DemoFeedPlan.SILENT.account()))
                .allSatisfy(b -> assertThat(b.window().writtenAt()).isBeforeOrEqualTo(nowHour.minus(java.time.Duration.ofHours(5))))
                .isNotEmpty();
        Instant spikeHour = nowHour.minus(java.time.Duration.ofHours(3));
        DemoBatch spike = batches.stream().filter(b -> b.source() == DemoFeedPlan.SPIKING.source()
                && b.account().equals(DemoFeedPlan.SPIKING.account()) && b.window().from().equals(spikeHour)).findFirst().orElseThrow();
        DemoBatch before = batches.stream().filter(b -> b.source() == DemoFeedPlan.SPIKING.source()
                && b.account().equals(DemoFeedPlan.SPIKING.account())
                && b.window().from().equals(spikeHour.minus(java.time.Duration.ofDays(7)))).findFirst().orElse(null);
        assertThat(spike.events()).isGreaterThan(5 * (int) Math.round(DemoFeedPlan.rate(spikeHour)));
        assertThat(before).as("a week earlier the same hour is part of an 8-hour block").isNull();
        // every hour of the fortnight is covered once per feed (no gap, no overlap)
        long hours = java.time.Duration.between(LocalDate.of(2026, 11, 18).atStartOfDay(ZoneOffset.UTC).toInstant(), nowHour).toHours();
        long covered = batches.stream().filter(b -> b.source() == DemoSource.VPC_FLOW && b.account().equals("111111111111"))
                .mapToLong(b -> java.time.Duration.between(b.window().from(), b.window().writtenAt()).toHours()).sum();
        assertThat(covered).isEqualTo(hours);
    }

    @Test
    void noRoundEventIsLaterThanItsObjectsWriteTimeNorOlderThanTheFewMinutesBefore() throws IOException {
        Instant writtenAt = Instant.parse("2026-11-30T20:25:13.456Z");

        List<DemoBatch> round = new DemoFeedPlan(new SplittableRandom(1)).round(writtenAt);

        assertThat(round).hasSize(DemoFeedPlan.FEEDS.size());
        for (DemoBatch batch : round) {
            for (GenericRecord row : write(batch)) {
                long time = (Long) row.get("time");
                assertThat(time).isBetween(writtenAt.minus(DemoLake.OBJECT_SPAN).toEpochMilli(), writtenAt.toEpochMilli() - 1);
                assertThat(DemoRows.times(row)).allSatisfy(t -> assertThat(t).as("%s in %s", row, batch.key())
                        .isLessThanOrEqualTo(writtenAt.toEpochMilli()));
                assertThat(eventDay(batch.key())).isEqualTo(day(time));
            }
        }
    }

    @Test
    void objectWrittenJustAfterMidnightHoldsOnlyThatDaysEventsUnderThatEventDay() throws IOException {
        Instant writtenAt = Instant.parse("2026-12-01T00:02:00Z");

        for (DemoBatch batch : new DemoFeedPlan(new SplittableRandom(2)).round(writtenAt)) {
            assertThat(eventDay(batch.key())).isEqualTo(LocalDate.of(2026, 12, 1));
            assertThat(write(batch)).allSatisfy(row -> assertThat((Long) row.get("time"))
                    .isBetween(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli(), writtenAt.toEpochMilli() - 1));
        }
    }

    @Test
    void historyHasOneObjectPerFeedAndHourOfThePastDaysAndTodayAndNoneAfterNow() {
        Instant now = Instant.parse("2026-11-30T10:30:00Z");

        List<DemoBatch> history = new DemoFeedPlan(new SplittableRandom(3)).history(now, 2);

        Instant first = Instant.parse("2026-11-28T00:00:00Z");
        for (DemoFeedPlan.Feed feed : DemoFeedPlan.FEEDS) {
            Set<Instant> hours = history.stream()
                    .filter(b -> b.source() == feed.source() && b.account().equals(feed.account()))
                    .map(b -> b.window().writtenAt().truncatedTo(ChronoUnit.HOURS))
                    .collect(Collectors.toCollection(TreeSet::new));
            // every whole hour from the first day's midnight to 09:00 today; the 10:00 object only if written by now
            assertThat(hours).hasSizeBetween(58, 59).first().isEqualTo(first);
            assertThat(hours).contains(Instant.parse("2026-11-29T23:00:00Z"), Instant.parse("2026-11-30T09:00:00Z"));
        }
        assertThat(history).allSatisfy(b -> {
            assertThat(b.window().writtenAt()).isBefore(now).isAfter(first);
            assertThat(eventDay(b.key())).isEqualTo(b.window().day()).isEqualTo(day(b.window().from().toEpochMilli()));
            assertThat(b.events()).isBetween(20, 119);
        });
        assertThat(history).extracting(b -> b.window().writtenAt()).isSortedAccordingTo((a, b) ->
                a.truncatedTo(ChronoUnit.HOURS).compareTo(b.truncatedTo(ChronoUnit.HOURS)));
    }

    @Test
    void backDatedObjectsHoldOnlyEventsBeforeTheirWriteTimeOnTheDayOfTheirKey() throws IOException {
        Instant now = Instant.parse("2026-11-30T10:30:00Z");
        List<DemoBatch> history = new DemoFeedPlan(new SplittableRandom(4)).history(now, 3);

        // the first hour of each day (windows cut at midnight) and the newest objects
        List<DemoBatch> sample = history.stream().filter(b -> b.window().writtenAt().atZone(ZoneOffset.UTC).getHour() == 0)
                .collect(Collectors.toList());
        sample.addAll(history.subList(history.size() - DemoFeedPlan.FEEDS.size(), history.size()));
        assertThat(sample).hasSizeGreaterThan(4 * DemoFeedPlan.FEEDS.size());
        for (DemoBatch batch : sample) {
            long writtenAt = batch.window().writtenAt().toEpochMilli();
            List<GenericRecord> rows = write(batch);
            assertThat(rows).hasSize(batch.events());
            for (GenericRecord row : rows) {
                assertThat(DemoRows.times(row)).allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(writtenAt));
                assertThat(eventDay(batch.key())).isEqualTo(day((Long) row.get("time")));
                assertThat((Long) row.get("time")).isGreaterThanOrEqualTo(writtenAt - DemoLake.OBJECT_SPAN.toMillis());
            }
        }
    }

    @Test
    void noHistoryUnlessAskedAndNegativeDaysAreRefused() {
        DemoFeedPlan plan = new DemoFeedPlan(new SplittableRandom(5));

        assertThat(plan.history(Instant.now(), 0)).isEmpty();
        assertThatThrownBy(() -> plan.history(Instant.now(), -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 or more");
        MockEnvironment env = new MockEnvironment().withProperty("lake.demo.bucket", "b")
                .withProperty("lake.demo.queue-url", "http://127.0.0.1:1/000000000000/q")
                .withProperty("lake.demo.history-days", "-3");
        assertThatThrownBy(() -> new DemoFeed(env, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lake.demo.history-days must be 0 or more: -3");
    }

    private List<GenericRecord> write(DemoBatch batch) throws IOException {
        Path file = dir.resolve(batch.seed() + ".parquet");
        DemoLake.write(file, batch, DemoLake.Options.defaults());
        return DemoRows.read(file);
    }

    private static LocalDate eventDay(String key) {
        Matcher m = EVENT_DAY.matcher(key);
        assertThat(m.find()).as(key).isTrue();
        return LocalDate.parse(m.group(1), DateTimeFormatter.BASIC_ISO_DATE);
    }

    private static LocalDate day(long millis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
}

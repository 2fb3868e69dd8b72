package io.securitylake.subscriber.intel;

import io.securitylake.subscriber.LakeProperties;
import io.securitylake.subscriber.ops.LakeMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Route {@code intel-poll}'s steps: which feeds are due, and one feed's read. A good read replaces the feed's set in
 * force (a TAXII feed's read brings what was added since the last, merged into its set by STIX id); a failed one (unreachable, not a bundle, too large) keeps the last good set, records the error and retries
 * after {@code lake.intel.retry-delay}, doubled each failure up to {@code lake.intel.max-retry-delay}. A read never
 * throws: one bad feed never stops another.
 */
@Component("intelFeeds")
public class IntelFeeds {

    private static final Logger LOG = LoggerFactory.getLogger(IntelFeeds.class);

    private final Map<String, LakeProperties.IntelFeed> feeds = new LinkedHashMap<>();
    private final Map<String, FeedState> states = new ConcurrentHashMap<>();
    /** A TAXII feed's set so far, and the {@code X-TAXII-Date-Added-Last} to ask from next (in memory, like the sets). */
    private final Map<String, IndicatorsById> collected = new ConcurrentHashMap<>();
    private final Map<String, String> addedLast = new ConcurrentHashMap<>();
    private final IntelIndicators indicators;
    private final LakeProperties.Intel settings;
    private final FeedReader reader;
    private final LakeMetrics metrics;
    private final Clock clock;

    @Autowired
    IntelFeeds(LakeProperties lake, IntelIndicators indicators, LakeMetrics metrics) {
        this(lake.intel(), indicators, metrics, Clock.systemUTC());
    }

    public IntelFeeds(LakeProperties.Intel settings, IntelIndicators indicators, LakeMetrics metrics, Clock clock) {
        this.settings = settings;
        this.indicators = indicators;
        this.metrics = metrics;
        this.clock = clock;
        this.reader = new FeedReader(settings);
        for (LakeProperties.IntelFeed feed : settings.feeds()) {
            feeds.put(feed.name(), feed);
            states.put(feed.name(), new FeedState(feed.name(), feed.tenant(), feed.format(), feed.source(), "pending",
                    null, null, null, 0, Instant.EPOCH, 0, Map.of(), 0, Map.of(), List.of()));
        }
    }

    /** The names of the feeds whose next read is due now. */
    public List<String> due() {
        Instant now = clock.instant();
        List<String> out = new ArrayList<>();
        feeds.keySet().forEach(name -> {
            if (!states.get(name).nextPoll().isAfter(now)) {
                out.add(name);
            }
        });
        return out;
    }

    /** Reads one feed; its state says how it went. */
    public void poll(String name) {
        LakeProperties.IntelFeed feed = feeds.get(name);
        if (feed == null) {
            return;
        }
        FeedState before = states.get(name);
        Instant started = clock.instant();
        try {
            FeedLoad load;
            int inForce;
            if ("taxii".equals(feed.format())) {
                TaxiiClient.Read read = reader.readTaxii(feed, addedLast.get(name));
                load = read.load();
                IndicatorsById set = collected.getOrDefault(name, new IndicatorsById()).merged(load.indicators());
                indicators.replace(name, feed.tenant(), feed.severity(), set.all());
                collected.put(name, set);
                if (read.addedLast() != null) {
                    addedLast.put(name, read.addedLast());
                }
                inForce = set.size();
            } else {
                load = reader.read(feed);
                indicators.replace(name, feed.tenant(), feed.severity(), load.indicators());
                inForce = load.indicators().size();
            }
            Map<String, Integer> byType = new LinkedHashMap<>();
            indicators.counts(name).forEach((type, n) -> byType.put(type.id(), n));
            states.put(name, new FeedState(name, feed.tenant(), feed.format(), feed.source(), "ok", started, started,
                    null, 0, started.plus(feed.interval()), inForce, byType, load.refused(),
                    load.refusedByReason(), load.examples()));
            metrics.intelIndicators(name, byType);
            metrics.intelRefused(name, load.refused());
            LOG.info("intel feed {} read: {} indicators ({} in force), {} refused", name, load.indicators().size(), inForce,
                    load.refused());
        } catch (Exception e) { // whatever went wrong, this feed only: the last good set stays in force
            int failures = before.failures() + 1;
            Instant next = started.plus(backOff(failures));
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            states.put(name, new FeedState(name, feed.tenant(), feed.format(), feed.source(), "failing", started,
                    before.lastSuccess(), error, failures, next, before.indicators(), before.indicatorsByType(),
                    before.refused(), before.refusedByReason(), before.refusedExamples()));
            metrics.intelFeedFailed(name);
            LOG.warn("intel feed {} not read ({} failures in a row; last good set kept, next try {}): {}",
                    name, failures, next, error);
        }
    }

    /** The pause after the n-th failed read in a row. */
    Duration backOff(int failures) {
        Duration delay = settings.retryDelay();
        for (int i = 1; i < failures && delay.compareTo(settings.maxRetryDelay()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(settings.maxRetryDelay()) > 0 ? settings.maxRetryDelay() : delay;
    }

    /** The states of the feeds a tenant sees (shared and its own); all feeds when {@code tenant} is null. */
    public List<FeedState> states(String tenant) {
        List<FeedState> out = new ArrayList<>();
        feeds.values().forEach(f -> {
            if (tenant == null || f.tenant() == null || f.tenant().equals(tenant)) {
                out.add(states.get(f.name()));
            }
        });
        return out;
    }

    /** The feed's settings, or null. */
    public LakeProperties.IntelFeed feed(String name) {
        return feeds.get(name);
    }
}

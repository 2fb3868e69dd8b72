package io.securitylake.subscriber.intel;

import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.ops.LakeMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** The feeds in force: the settings' first, then the stored ones (replaced whole when those change). */
    private volatile Map<String, IntelSettings.Feed> feeds = new LinkedHashMap<>();
    private final Set<String> configured = new HashSet<>();
    private final IntelFeedTable table;
    private final Map<String, FeedState> states = new ConcurrentHashMap<>();
    /** A TAXII feed's set so far, and the {@code X-TAXII-Date-Added-Last} to ask from next (in memory, like the sets). */
    private final Map<String, IndicatorsById> collected = new ConcurrentHashMap<>();
    private final Map<String, String> addedLast = new ConcurrentHashMap<>();
    /** What reads brought that the last set of their feed did not hold, for the back-in-time scan to take. */
    private final java.util.Queue<Arrival> arrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Indicators a feed's read brought that its last set did not hold. */
    public record Arrival(String feed, String tenant, Integer severity, List<Indicator> indicators) {
    }
    private final IntelIndicators indicators;
    private final IntelSettings settings;
    private final FeedReader reader;
    private final LakeMetrics metrics;
    private final Clock clock;

    @Autowired
    IntelFeeds(IntelSettings intel, TenantSettings tenantSettings, IntelIndicators indicators, LakeMetrics metrics,
               IntelFeedTable table) {
        this(intel.requireTenants(tenantSettings.tenants().keySet()), indicators, metrics, Clock.systemUTC(), table);
    }

    /** The settings' feeds only. */
    public IntelFeeds(IntelSettings settings, IntelIndicators indicators, LakeMetrics metrics, Clock clock) {
        this(settings, indicators, metrics, clock, null);
    }

    IntelFeeds(IntelSettings settings, IntelIndicators indicators, LakeMetrics metrics, Clock clock,
               IntelFeedTable table) {
        this.table = table;
        this.settings = settings;
        this.indicators = indicators;
        this.metrics = metrics;
        this.clock = clock;
        this.reader = new FeedReader(settings);
        for (IntelSettings.Feed feed : settings.feeds()) {
            feeds.put(feed.name(), feed);
            configured.add(feed.name());
            states.put(feed.name(), pending(feed));
        }
    }

    private static FeedState pending(IntelSettings.Feed feed) {
        return new FeedState(feed.name(), feed.tenant(), feed.format(), feed.source(), "pending", null, null, null, 0,
                Instant.EPOCH, 0, Map.of(), 0, Map.of(), List.of());
    }

    /** Whether the feed is one of the settings' (the API neither adds one of its name nor deletes it). */
    public boolean isConfigured(String name) {
        return configured.contains(name);
    }

    /**
     * The names of the feeds whose next read is due now, after taking in the stored feeds (the admin API's): one
     * added since the last tick is due at once, one deleted is dropped with its indicators.
     */
    public List<String> due() {
        refreshStored();
        Instant now = clock.instant();
        List<String> out = new ArrayList<>();
        feeds.keySet().forEach(name -> {
            FeedState state = states.get(name);
            if (state != null && !state.nextPoll().isAfter(now)) {
                out.add(name);
            }
        });
        return out;
    }

    /** Reads one feed; its state says how it went. */
    public void poll(String name) {
        IntelSettings.Feed feed = feeds.get(name);
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
                arrived(feed, indicators.replace(name, feed.tenant(), feed.severity(), set.all()));
                collected.put(name, set);
                if (read.addedLast() != null) {
                    addedLast.put(name, read.addedLast());
                }
                inForce = set.size();
            } else {
                load = reader.read(feed);
                arrived(feed, indicators.replace(name, feed.tenant(), feed.severity(), load.indicators()));
                inForce = load.indicators().size();
            }
            Map<String, Integer> byType = new LinkedHashMap<>();
            indicators.counts(name).forEach((type, n) -> byType.put(type.id(), n));
            if (!feeds.containsKey(name)) { // deleted while it was read (route intel-poll does both on one thread)
                indicators.remove(name);
                return;
            }
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
            if (!feeds.containsKey(name)) {
                return;
            }
            states.put(name, new FeedState(name, feed.tenant(), feed.format(), feed.source(), "failing", started,
                    before.lastSuccess(), error, failures, next, before.indicators(), before.indicatorsByType(),
                    before.refused(), before.refusedByReason(), before.refusedExamples()));
            metrics.intelFeedFailed(name);
            LOG.warn("intel feed {} not read ({} failures in a row; last good set kept, next try {}): {}",
                    name, failures, next, error);
        }
    }

    private void refreshStored() {
        if (table == null) {
            return;
        }
        List<IntelSettings.Feed> stored;
        try {
            stored = table.all();
        } catch (RuntimeException e) { // the settings' feeds go on; the stored ones stay as they were
            LOG.warn("stored intel feeds not read: {}", e.getMessage());
            return;
        }
        Map<String, IntelSettings.Feed> next = new LinkedHashMap<>();
        feeds.forEach((name, feed) -> {
            if (configured.contains(name)) {
                next.put(name, feed);
            }
        });
        for (IntelSettings.Feed feed : stored) {
            if (!configured.contains(feed.name())) {
                next.put(feed.name(), feed);
                if (states.putIfAbsent(feed.name(), pending(feed)) == null) {
                    LOG.info("intel feed {} added ({})", feed.name(), feed.source());
                }
            }
        }
        if (next.keySet().equals(feeds.keySet())) {
            return;
        }
        for (String name : feeds.keySet()) {
            if (!next.containsKey(name)) {
                indicators.remove(name);
                states.remove(name);
                collected.remove(name);
                addedLast.remove(name);
                metrics.intelIndicators(name, Map.of()); // its gauges say 0, not its last count
                LOG.info("intel feed {} deleted: its indicators no longer match", name);
            }
        }
        feeds = next;
    }

    private void arrived(IntelSettings.Feed feed, List<Indicator> fresh) {
        if (!fresh.isEmpty() && !settings.lookback().isZero()) {
            arrivals.add(new Arrival(feed.name(), feed.tenant(), feed.severity(), fresh));
        }
    }

    /** The arrivals since the last call (each handed out once). */
    public List<Arrival> takeArrivals() {
        List<Arrival> out = new ArrayList<>();
        for (Arrival a = arrivals.poll(); a != null; a = arrivals.poll()) {
            out.add(a);
        }
        return out;
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
            FeedState state = states.get(f.name());
            if (state != null && (tenant == null || f.tenant() == null || f.tenant().equals(tenant))) {
                out.add(state);
            }
        });
        return out;
    }

    /** The feed's settings, or null. */
    public IntelSettings.Feed feed(String name) {
        return feeds.get(name);
    }
}

package io.securitylake.subscriber.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.intel.IntelSettings;
import io.securitylake.subscriber.intel.Hit;
import io.securitylake.subscriber.intel.Indicator;
import io.securitylake.subscriber.intel.IntelFeeds;
import io.securitylake.subscriber.intel.IntelIndicators;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.tenant.TenantStores;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * Route {@code intel-lookback}'s steps: threat intelligence back in time. The indicators a feed's read brought are
 * queued in the store of each tenant the feed serves (once per tenant, ever); a pass takes a tenant's pending
 * indicators and scans its stored events of the last {@code lake.intel.lookback}, at most
 * {@code lake.intel.lookback-chunk} events per run, each event looked up among the pass's indicators as at ingest.
 * A hit is the same detection, with the same uid, as the ingest's look-up would have raised, so an event matched
 * both ways is stored once. Where the scan is stays in the tenant's store: a restart goes on from there.
 */
@Component("intelLookback")
public class IntelLookback {

    private static final Logger LOG = LoggerFactory.getLogger(IntelLookback.class);

    /** One run's step of a tenant's pass: what to record once its detections are stored. */
    public record Step(String tenant, long passId, Instant lastTime, String lastUid, int scanned, int matched,
                       boolean ended) {
    }

    private final IntelFeeds feeds;
    private final TenantStores stores;
    private final IntelSettings settings;
    private final Clock clock;
    private final BooleanSupplier storesReady;
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean ready;

    @Autowired
    IntelLookback(IntelFeeds feeds, TenantStores stores, IntelSettings intel,
                  @Qualifier("ingest") HealthIndicator ingest) {
        this(feeds, stores, intel, Clock.systemUTC(), () -> Status.UP.equals(ingest.health().getStatus()));
    }

    IntelLookback(IntelFeeds feeds, TenantStores stores, IntelSettings settings, Clock clock,
                  BooleanSupplier storesReady) {
        this.storesReady = storesReady;
        this.feeds = feeds;
        this.stores = stores;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Queues what the feeds' reads brought, then names the tenants whose passes run now; none until ingestion has
     * started (the tenant stores migrated), the arrivals waiting meanwhile.
     */
    public List<String> tenants() {
        if (!ready) {
            ready = storesReady.getAsBoolean();
            if (!ready) {
                return List.of();
            }
        }
        List<String> tenants = new ArrayList<>(stores.all().keySet());
        for (IntelFeeds.Arrival a : feeds.takeArrivals()) {
            for (String tenant : tenants) {
                if (a.tenant() == null || a.tenant().equals(tenant)) {
                    int queued = table(tenant).queue(a.indicators(), a.feed(), a.severity());
                    if (queued > 0) {
                        LOG.info("intel feed {}: {} new indicators queued to look back over tenant {}'s events",
                                a.feed(), queued, tenant);
                    }
                }
            }
        }
        return tenants;
    }

    /**
     * What one run scanned of a tenant's pass: the detections it found (for route correlate) and the step
     * {@link #advance} records once they are stored (null when the tenant has no pass open).
     */
    public record Scan(String tenant, List<Detection> detections, Step step) implements TenantDetections {
    }

    /** Scans the next chunk of the tenant's pass (starting one when indicators are pending). */
    public Scan scan(@Body String tenant) {
        IntelLookbackTable table = table(tenant);
        Instant now = clock.instant();
        Optional<IntelLookbackTable.Pass> open = table.open();
        if (open.isEmpty()) {
            open = table.start(now.minus(settings.lookback()), now);
        }
        List<Detection> found = new ArrayList<>();
        Step step = null;
        if (open.isPresent()) {
            IntelLookbackTable.Pass pass = open.get();
            Map<String, Integer> severities = new HashMap<>();
            List<Indicator> indicators = table.indicators(pass.id(), severities);
            IntelIndicators lookUp = IntelIndicators.of(indicators, severities, clock);
            List<IntelLookbackTable.StoredEvent> events = table.events(pass, settings.lookbackChunk());
            for (IntelLookbackTable.StoredEvent e : events) {
                Map<String, Object> event = parse(e);
                EventRow row = new EventRow(e.uid(), e.time().toEpochMilli(), e.classUid(), null, null, null, null, null,
                        null);
                for (Hit hit : lookUp.matches(tenant, event)) {
                    found.add(IntelDetections.of(hit, event, row));
                }
            }
            IntelLookbackTable.StoredEvent last = events.isEmpty() ? null : events.get(events.size() - 1);
            step = new Step(tenant, pass.id(), last == null ? null : last.time(), last == null ? null : last.uid(),
                    events.size(), found.size(), events.size() < settings.lookbackChunk());
        }
        return new Scan(tenant, found, step);
    }

    /** Records the step once its detections are stored: the pass goes on after its last event, or ends. */
    public void advance(@Body Scan scan) {
        Step step = scan.step();
        if (step == null) {
            return;
        }
        IntelLookbackTable table = table(step.tenant());
        if (step.ended()) {
            table.end(step.passId(), step.scanned(), step.matched());
            LOG.info("intel look-back pass {} of tenant {} ended", step.passId(), step.tenant());
        } else {
            table.advance(step.passId(), step.lastTime(), step.lastUid(), step.scanned(), step.matched());
        }
    }

    private IntelLookbackTable table(String tenant) {
        return new IntelLookbackTable(stores.dataSource(tenant));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(IntelLookbackTable.StoredEvent e) {
        try {
            return json.readValue(e.json(), Map.class);
        } catch (IOException ex) {
            throw new IllegalStateException("stored event " + e.uid() + " is not JSON", ex);
        }
    }
}

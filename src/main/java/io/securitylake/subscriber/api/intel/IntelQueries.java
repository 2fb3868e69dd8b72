package io.securitylake.subscriber.api.intel;

import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Cursors;
import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.intel.FeedState;
import io.securitylake.subscriber.intel.Indicator;
import io.securitylake.subscriber.intel.IndicatorType;
import io.securitylake.subscriber.intel.IntelFeeds;
import io.securitylake.subscriber.intel.IntelIndicators;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The threat-intelligence feeds and indicators a caller sees: a tenant the shared feeds and its own (never another
 * tenant's, and without where a feed is read from), the admin every feed with its source.
 */
@Component("intelQueries")
class IntelQueries {

    static final String LISTING = "intel-indicators";
    private static final Pattern FEED = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final IntelFeeds feeds;
    private final IntelIndicators indicators;
    private final Cursors cursors;

    IntelQueries(IntelFeeds feeds, IntelIndicators indicators, Cursors cursors) {
        this.feeds = feeds;
        this.indicators = indicators;
        this.cursors = cursors;
    }

    /** The feeds of the caller's tenant: shared and its own. */
    public Map<String, Object> feeds(Exchange exchange) {
        String tenant = ApiRequest.of(exchange).tenant();
        List<Map<String, Object>> items = new ArrayList<>();
        feeds.states(tenant).forEach(s -> items.add(feed(s, false)));
        return Map.of("items", items);
    }

    /** Admin: every feed, with its source. */
    public Map<String, Object> allFeeds(Exchange exchange) {
        ApiRequest.of(exchange);
        List<Map<String, Object>> items = new ArrayList<>();
        feeds.states(null).forEach(s -> items.add(feed(s, true)));
        return Map.of("items", items);
    }

    /** A page of the caller's indicators by value, type and feed. */
    public Map<String, Object> indicators(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.tenant();
        Params p = request.params();
        String value = p.one("value").orElse(null);
        IndicatorType type = p.one("type").map(t -> {
            try {
                return IndicatorType.of(t);
            } catch (IllegalArgumentException e) {
                throw Params.bad("type", e.getMessage());
            }
        }).orElse(null);
        String feed = p.matching("feed", FEED, "a feed name").orElse(null);
        int limit = p.integer("limit", 1, 1000).orElse(100);
        Cursors.Listing listing = cursors.listing(tenant, LISTING,
                "value=" + value + "\ntype=" + type + "\nfeed=" + feed);
        int offset = listing.position(p, 1).map(at -> Integer.parseInt(at.get(0))).orElse(0);
        Cursors.Page<Indicator> found = listing.page(indicators.search(tenant, feed, type, value, offset, limit + 1),
                limit, last -> List.of(Integer.toString(offset + limit)));
        List<Map<String, Object>> items = new ArrayList<>();
        found.rows().forEach(i -> items.add(indicator(i)));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("next_cursor", found.next());
        return page;
    }

    /** An indicator as the API shows it (also in a look-up). */
    Map<String, Object> indicator(Indicator i) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", i.value());
        out.put("type", i.type().id());
        out.put("feed", i.feed());
        out.put("confidence", i.confidence());
        out.put("in_force", indicators.inForce(i));
        out.put("valid_from", millis(i.validFrom()));
        out.put("valid_until", millis(i.validUntil()));
        out.put("revoked", i.revoked());
        out.put("stix_id", i.stixId());
        out.put("name", i.name());
        out.put("labels", i.labels());
        out.put("kill_chain_phases", i.killChainPhases());
        out.put("modified", millis(i.modified()));
        return out;
    }

    private static Map<String, Object> feed(FeedState s, boolean admin) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", s.name());
        out.put("tenant", s.tenant());
        out.put("format", s.format());
        if (admin) {
            out.put("source", s.source());
        }
        out.put("status", s.status());
        out.put("last_poll", millis(s.lastPoll()));
        out.put("last_success", millis(s.lastSuccess()));
        out.put("last_error", s.lastError());
        out.put("failures", s.failures());
        out.put("next_poll", millis(s.nextPoll()));
        out.put("indicators", s.indicators());
        out.put("indicators_by_type", s.indicatorsByType());
        out.put("refused", s.refused());
        out.put("refused_by_reason", s.refusedByReason());
        if (admin) {
            out.put("refused_examples", s.refusedExamples());
        }
        return out;
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }
}

package io.securitylake.subscriber.intel;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The indicators in force, per feed: each feed's last good read, replaced whole when a new read succeeds. A tenant
 * sees the shared feeds (no tenant) and its own, never another tenant's. Events are looked up by the values
 * {@link EventObservables} reads, each among the indicators of its kind, at the time of the look-up (an indicator
 * past its {@code valid_until} stops matching without a new read).
 */
@Component("intelIndicators")
public class IntelIndicators {

    /** One feed's indicators and the tenant that owns them (null: every tenant). */
    record FeedSet(String feed, String tenant, Integer severity, IndicatorIndex index) {

        boolean servesTenant(String t) {
            return tenant == null || tenant.equals(t);
        }
    }

    private final Map<String, FeedSet> feeds = new ConcurrentHashMap<>();
    private final Clock clock;

    @Autowired
    public IntelIndicators() {
        this(Clock.systemUTC());
    }

    public IntelIndicators(Clock clock) {
        this.clock = clock;
    }

    /**
     * The feed's new set, in place of its last one (a look-up under way sees one or the other); returns the
     * indicators the last set did not hold (by type, value and STIX id: a new version of one is not new).
     */
    List<Indicator> replace(String feed, String tenant, Integer severity, List<Indicator> indicators) {
        FeedSet before = feeds.put(feed, new FeedSet(feed, tenant, severity, new IndicatorIndex(indicators)));
        if (before == null) {
            return indicators;
        }
        java.util.Set<String> known = new java.util.HashSet<>();
        before.index().all().forEach(i -> known.add(key(i)));
        List<Indicator> fresh = new ArrayList<>();
        for (Indicator i : indicators) {
            if (!known.contains(key(i))) {
                fresh.add(i);
            }
        }
        return fresh;
    }

    /** An indicator's identity across reads and replicas: its type, value and STIX id (if any). */
    public static String key(Indicator i) {
        return i.type().id() + ":" + i.value() + (i.stixId() == null ? "" : "\n" + i.stixId());
    }

    /**
     * A look-up of these indicators alone, for every tenant, each feed's detections with the severity given for it
     * (null: from the confidence): the back-in-time scan matches stored events against what a read brought.
     */
    public static IntelIndicators of(List<Indicator> indicators, Map<String, Integer> severityByFeed, Clock clock) {
        IntelIndicators out = new IntelIndicators(clock);
        Map<String, List<Indicator>> byFeed = new java.util.LinkedHashMap<>();
        indicators.forEach(i -> byFeed.computeIfAbsent(i.feed(), f -> new ArrayList<>()).add(i));
        byFeed.forEach((feed, list) -> out.replace(feed, null, severityByFeed.get(feed), list));
        return out;
    }

    /** Drops a feed's set (the feed was deleted). */
    void remove(String feed) {
        feeds.remove(feed);
    }

    /** Each indicator in force for the event's tenant that one of its values matches (once, with the first value). */
    public List<Hit> matches(String tenant, Map<String, Object> event) {
        if (feeds.isEmpty()) {
            return List.of();
        }
        List<FeedSet> own = new ArrayList<>();
        feeds.values().forEach(f -> {
            if (f.servesTenant(tenant)) {
                own.add(f);
            }
        });
        List<Hit> out = new ArrayList<>(0);
        lookUp(own, event, clock.instant(), hit -> {
            if (out.stream().noneMatch(h -> h.indicator() == hit.indicator())) {
                out.add(hit);
            }
        });
        return out;
    }

    /**
     * The tenant's indicators (shared and its own), of a feed and type when given, in force or not: with a
     * {@code value} that is an IP address, those whose address or network holds it; with another value, those whose
     * value contains it (case-insensitive); without, all. At most {@code limit} after skipping {@code offset}, feeds
     * in name order.
     */
    public List<Indicator> search(String tenant, String feed, IndicatorType type, String value, int offset, int limit) {
        String wanted = value == null ? null : value.strip().toLowerCase(Locale.ROOT);
        boolean address = wanted != null && (Addresses.ipv4(wanted) >= 0 || Addresses.ipv6(wanted) != null);
        List<Indicator> out = new ArrayList<>();
        int want = offset + limit;
        for (FeedSet set : feeds.values().stream().filter(f -> f.servesTenant(tenant) && (feed == null || f.feed().equals(feed)))
                .sorted(java.util.Comparator.comparing(FeedSet::feed)).toList()) {
            if (out.size() >= want) {
                break;
            }
            if (address) {
                set.index().address(wanted, null, i -> {
                    if ((type == null || i.type() == type) && out.size() < want) {
                        out.add(i);
                    }
                });
            } else {
                out.addAll(set.index().search(type, wanted, want - out.size()));
            }
        }
        return offset >= out.size() ? List.of() : out.subList(offset, out.size());
    }

    /**
     * The tenant's indicators (shared feeds and its own), in force or not, that an event holding this value would be
     * looked up among and found by: an address's own indicators and the networks holding it, other kinds by exact
     * value; feeds in name order, at most {@code limit}.
     */
    public List<Indicator> matching(String tenant, LookupValue v, int limit) {
        List<Indicator> out = new ArrayList<>();
        for (FeedSet set : feeds.values().stream().filter(f -> f.servesTenant(tenant))
                .sorted(java.util.Comparator.comparing(FeedSet::feed)).toList()) {
            java.util.function.Consumer<Indicator> add = i -> {
                if (out.size() < limit) {
                    out.add(i);
                }
            };
            if (v.type().isAddress()) {
                set.index().address(v.value(), null, add);
            } else {
                set.index().exact(v.type(), v.value(), null, add);
            }
        }
        return out;
    }

    /** Whether an indicator matches now. */
    public boolean inForce(Indicator indicator) {
        return indicator.inForce(clock.instant());
    }

    /** Indicators of a feed per type (empty when the feed was never read). */
    public Map<IndicatorType, Integer> counts(String feed) {
        FeedSet set = feeds.get(feed);
        return set == null ? Map.of() : set.index().counts();
    }

    private static void lookUp(Collection<FeedSet> sets, Map<String, Object> event, Instant now,
                               java.util.function.Consumer<Hit> out) {
        EventObservables.forEach(event, (kind, value, field) -> {
            for (FeedSet set : sets) {
                IndicatorIndex index = set.index();
                switch (kind) {
                    case ADDRESS -> index.address(value, now, i -> out.accept(new Hit(i, field, value, set.severity())));
                    case DOMAIN -> {
                        String domain = IndicatorType.domain(value);
                        if (domain != null) {
                            index.exact(IndicatorType.DOMAIN, domain, now, i -> out.accept(new Hit(i, field, value, set.severity())));
                        }
                    }
                    case URL -> index.exact(IndicatorType.URL, value, now, i -> out.accept(new Hit(i, field, value, set.severity())));
                    case EMAIL -> index.exact(IndicatorType.EMAIL, value.toLowerCase(Locale.ROOT), now,
                            i -> out.accept(new Hit(i, field, value, set.severity())));
                    case HASH -> {
                        IndicatorType type = switch (value.length()) {
                            case 32 -> IndicatorType.MD5;
                            case 40 -> IndicatorType.SHA1;
                            case 64 -> IndicatorType.SHA256;
                            default -> null;
                        };
                        if (type != null) {
                            index.exact(type, value.toLowerCase(Locale.ROOT), now, i -> out.accept(new Hit(i, field, value, set.severity())));
                        }
                    }
                }
            }
        });
    }
}

package io.securitylake.subscriber.intel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A feed's set that grows read by read (a TAXII collection polled with {@code added_after}): the indicators of each
 * STIX id, the version last {@code modified} winning, so that an indicator updated in the feed (revoked, say)
 * replaces the one before and an older version that comes again changes nothing.
 */
final class IndicatorsById {

    private final Map<String, List<Indicator>> byId = new LinkedHashMap<>();
    private int size;

    /** The set with a read's indicators merged in (this set is left as it was: the caller keeps the result). */
    IndicatorsById merged(List<Indicator> read) {
        Map<String, List<Indicator>> fresh = new LinkedHashMap<>();
        for (Indicator i : read) {
            fresh.computeIfAbsent(i.stixId(), k -> new ArrayList<>()).add(i);
        }
        IndicatorsById out = new IndicatorsById();
        out.byId.putAll(byId);
        fresh.forEach((id, versions) -> {
            List<Indicator> before = out.byId.get(id);
            if (before == null || !modified(versions.get(0)).isBefore(modified(before.get(0)))) {
                out.byId.put(id, List.copyOf(versions));
            }
        });
        out.byId.values().forEach(v -> out.size += v.size());
        return out;
    }

    List<Indicator> all() {
        List<Indicator> out = new ArrayList<>(size);
        byId.values().forEach(out::addAll);
        return out;
    }

    int size() {
        return size;
    }

    private static Instant modified(Indicator i) {
        return i.modified() == null ? Instant.EPOCH : i.modified();
    }
}

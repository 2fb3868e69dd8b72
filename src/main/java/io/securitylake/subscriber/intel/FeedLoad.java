package io.securitylake.subscriber.intel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one read of a feed gave: its indicators, and what it refused (counted per reason; a few examples kept),
 * as the feed's state shows them. A refused entry is left out whole, never read in part.
 */
public final class FeedLoad {

    private static final int REASONS = 20;
    private static final int EXAMPLES = 10;

    private final List<Indicator> indicators = new ArrayList<>();
    private final Map<String, Integer> refusedByReason = new TreeMap<>();
    private final List<String> examples = new ArrayList<>();
    private int refused;

    void add(Indicator indicator) {
        indicators.add(indicator);
    }

    /**
     * An entry left out. It is counted under its reason's kind, the text before {@code ": "} (so that the values in
     * reasons do not make a reason each); the first few are kept whole as examples, {@code <entry>: <reason>}.
     */
    void refuse(String entry, String reason) {
        refused++;
        if (examples.size() < EXAMPLES) {
            examples.add(entry + ": " + reason);
        }
        int colon = reason.indexOf(": ");
        reason = colon < 0 ? reason : reason.substring(0, colon);
        if (refusedByReason.size() < REASONS || refusedByReason.containsKey(reason)) {
            refusedByReason.merge(reason, 1, Integer::sum);
        }
    }

    /** The first few refusals, whole. */
    public List<String> examples() {
        return Collections.unmodifiableList(examples);
    }

    public List<Indicator> indicators() {
        return Collections.unmodifiableList(indicators);
    }

    public int refused() {
        return refused;
    }

    /** The refusals per reason (the first {@value #REASONS} reasons; the total is {@link #refused()}). */
    public Map<String, Integer> refusedByReason() {
        return Collections.unmodifiableMap(refusedByReason);
    }
}

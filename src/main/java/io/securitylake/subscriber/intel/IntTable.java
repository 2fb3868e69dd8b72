package io.securitylake.subscriber.intel;

import java.util.Map;

/**
 * An immutable open-addressing hash table from {@code int} (an IPv4 network) to indicators: no boxing on a look-up
 * and no entry object per key, for the hottest and largest kind of feed.
 */
final class IntTable {

    private static final Indicator[] NONE = {};

    private final int[] keys;
    private final Indicator[][] values;
    private final int mask;

    IntTable(Map<Integer, Indicator[]> entries) {
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2 - 1)) << 1;
        keys = new int[capacity];
        values = new Indicator[capacity][];
        mask = capacity - 1;
        entries.forEach((key, value) -> {
            int at = slot(key);
            while (values[at] != null) {
                at = (at + 1) & mask;
            }
            keys[at] = key;
            values[at] = value;
        });
    }

    Indicator[] get(int key) {
        int at = slot(key);
        Indicator[] value;
        while ((value = values[at]) != null) {
            if (keys[at] == key) {
                return value;
            }
            at = (at + 1) & mask;
        }
        return NONE;
    }

    /** Every value, for searches and counts. */
    Iterable<Indicator[]> values() {
        return () -> java.util.Arrays.stream(values).filter(java.util.Objects::nonNull).iterator();
    }

    private int slot(int key) {
        int h = key * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}

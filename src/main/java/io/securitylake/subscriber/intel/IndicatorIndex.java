package io.securitylake.subscriber.intel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A feed's indicators, ready for look-ups in constant time: a hash map per exact type, and for addresses one hash map
 * per prefix length the feed uses (an address is looked up once per such length, its bits masked), so a million
 * indicators cost no more per look-up than ten. Immutable: a new read of the feed builds a new index.
 */
final class IndicatorIndex {

    private static final Indicator[] NONE = {};

    private final Map<IndicatorType, Map<String, Indicator[]>> exact = new EnumMap<>(IndicatorType.class);
    /** Prefix length → masked IPv4 network → indicators; longest prefixes first. */
    private final TreeMap<Integer, IntTable> ipv4 = new TreeMap<>(java.util.Comparator.reverseOrder());
    /** Prefix length → masked IPv6 network → indicators; longest prefixes first. */
    private final TreeMap<Integer, Map<V6, Indicator[]>> ipv6 = new TreeMap<>(java.util.Comparator.reverseOrder());
    private final int[] v4Lengths;
    private final int[] v6Lengths;
    private final int size;
    private final List<Indicator> all;

    private record V6(long high, long low) {
    }

    IndicatorIndex(List<Indicator> indicators) {
        Map<Integer, Map<Integer, Indicator[]>> v4 = new HashMap<>();
        for (Indicator i : indicators) {
            switch (i.type()) {
                case IPV4 -> {
                    int slash = i.value().indexOf('/');
                    int bits = slash < 0 ? 32 : Integer.parseInt(i.value().substring(slash + 1));
                    int net = (int) Addresses.ipv4(slash < 0 ? i.value() : i.value().substring(0, slash));
                    v4.computeIfAbsent(bits, b -> new HashMap<>()).merge(net, new Indicator[] {i}, IndicatorIndex::join);
                }
                case IPV6 -> {
                    int slash = i.value().indexOf('/');
                    int bits = slash < 0 ? 128 : Integer.parseInt(i.value().substring(slash + 1));
                    byte[] a = Addresses.ipv6(slash < 0 ? i.value() : i.value().substring(0, slash));
                    ipv6.computeIfAbsent(bits, b -> new HashMap<>())
                            .merge(new V6(Addresses.high(a), Addresses.low(a)), new Indicator[] {i}, IndicatorIndex::join);
                }
                default -> exact.computeIfAbsent(i.type(), t -> new HashMap<>())
                        .merge(i.value(), new Indicator[] {i}, IndicatorIndex::join);
            }
        }
        v4.forEach((bits, map) -> ipv4.put(bits, new IntTable(map)));
        v4Lengths = ipv4.keySet().stream().mapToInt(Integer::intValue).toArray();
        v6Lengths = ipv6.keySet().stream().mapToInt(Integer::intValue).toArray();
        size = indicators.size();
        all = indicators;
    }

    /** The indicators it was built of. */
    List<Indicator> all() {
        return all;
    }

    int size() {
        return size;
    }

    /** Each indicator in force at {@code now} whose exact value is {@code value} (already in normal form). */
    void exact(IndicatorType type, String value, Instant now, Consumer<Indicator> hit) {
        Map<String, Indicator[]> map = exact.get(type);
        if (map != null) {
            report(map.getOrDefault(value, NONE), now, hit);
        }
    }

    /** Each address indicator in force at {@code now} (any, when null) that is the address or a network holding it. */
    void address(String address, Instant now, Consumer<Indicator> hit) {
        long v4 = Addresses.ipv4(address);
        if (v4 >= 0) {
            for (int bits : v4Lengths) {
                int net = (int) (v4 & (0xffffffffL << (32 - bits)));
                report(ipv4.get(bits).get(net), now, hit);
            }
            return;
        }
        if (v6Lengths.length == 0) {
            return;
        }
        long[] a = new long[2];
        if (!Addresses.ipv6Fast(address, a)) {
            return;
        }
        long high = a[0];
        long low = a[1];
        for (int bits : v6Lengths) {
            V6 net = new V6(high & Addresses.mask64(bits), low & Addresses.mask64(bits - 64));
            report(ipv6.get(bits).getOrDefault(net, NONE), now, hit);
        }
    }

    /** The indicators of a type (all when null) whose value contains {@code value} (any when null), at most {@code limit}. */
    List<Indicator> search(IndicatorType type, String value, int limit) {
        List<Indicator> out = new ArrayList<>();
        List<Iterable<Indicator[]>> maps = new ArrayList<>();
        exact.forEach((t, m) -> {
            if (type == null || type == t) {
                maps.add(m.values());
            }
        });
        if (type == null || type == IndicatorType.IPV4) {
            ipv4.values().forEach(t -> maps.add(t.values()));
        }
        if (type == null || type == IndicatorType.IPV6) {
            ipv6.values().forEach(m -> maps.add(m.values()));
        }
        for (Iterable<Indicator[]> map : maps) {
            for (Indicator[] indicators : map) {
                for (Indicator i : indicators) {
                    if (value == null || containsIgnoringCase(i.value(), value)) {
                        out.add(i);
                        if (out.size() >= limit) {
                            return out;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Indicators per type, for the feed's state and the metrics. */
    Map<IndicatorType, Integer> counts() {
        Map<IndicatorType, Integer> out = new EnumMap<>(IndicatorType.class);
        exact.forEach((t, m) -> m.values().forEach(a -> out.merge(t, a.length, Integer::sum)));
        ipv4.values().forEach(t -> t.values().forEach(a -> out.merge(IndicatorType.IPV4, a.length, Integer::sum)));
        ipv6.values().forEach(m -> m.values().forEach(a -> out.merge(IndicatorType.IPV6, a.length, Integer::sum)));
        return out;
    }

    private static boolean containsIgnoringCase(String text, String part) {
        for (int at = 0; at + part.length() <= text.length(); at++) {
            if (text.regionMatches(true, at, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }

    private static void report(Indicator[] candidates, Instant now, Consumer<Indicator> hit) {
        for (Indicator i : candidates) {
            if (now == null || i.inForce(now)) {
                hit.accept(i);
            }
        }
    }

    private static Indicator[] join(Indicator[] a, Indicator[] b) {
        Indicator[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

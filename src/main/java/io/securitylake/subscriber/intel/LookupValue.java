package io.securitylake.subscriber.intel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A value an analyst looks up (an address, a domain, a URL, an e-mail address or a hash): its kind, told from its
 * shape, in the normal form indicators are kept in, the texts a stored event may hold it as, and the fields of an
 * event that hold it, read as matching reads them ({@link EventObservables}).
 *
 * @param type  the kind: {@code ipv4-addr} or {@code ipv6-addr} (one address, no network), {@code md5},
 *              {@code sha-1} or {@code sha-256} (hex of that length), {@code url} (has {@code ://}),
 *              {@code email-addr} (has {@code @}), else {@code domain-name}
 * @param value in normal form
 * @param typed as the analyst typed it (stripped)
 */
public record LookupValue(IndicatorType type, String value, String typed) {

    /** The kind and normal form of a typed value, or an {@link IllegalArgumentException} saying why it is none. */
    public static LookupValue of(String raw) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("an empty value");
        }
        IndicatorType type = kind(v);
        if (type == null) {
            throw new IllegalArgumentException("not an IP address, domain, URL, e-mail address or MD5, SHA-1 or "
                    + "SHA-256 hash: " + IndicatorType.cut(v));
        }
        return new LookupValue(type, type.normalise(v), v);
    }

    private static IndicatorType kind(String v) {
        if (v.indexOf('/') < 0 && Addresses.ipv4(v) >= 0) {
            return IndicatorType.IPV4;
        }
        if (v.indexOf('/') < 0 && v.indexOf(':') >= 0 && Addresses.ipv6(v) != null) {
            return IndicatorType.IPV6;
        }
        if (v.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            switch (v.length()) {
                case 32: return IndicatorType.MD5;
                case 40: return IndicatorType.SHA1;
                case 64: return IndicatorType.SHA256;
                default: break;
            }
        }
        if (v.contains("://")) {
            return IndicatorType.URL;
        }
        if (v.indexOf('@') >= 0) {
            return IndicatorType.EMAIL;
        }
        return IndicatorType.domain(v) != null ? IndicatorType.DOMAIN : null;
    }

    /**
     * The texts a stored event may hold the value as: as typed, in normal form, and for an IPv6 address also its
     * shortest form ({@code 2001:db8::1}); compared case-insensitively.
     */
    public List<String> texts() {
        Set<String> out = new LinkedHashSet<>();
        out.add(typed);
        out.add(value);
        if (type == IndicatorType.IPV6) {
            out.add(shortest(value));
        }
        return new ArrayList<>(out);
    }

    /**
     * The fields of an event (as {@link EventObservables} names them: {@code src_endpoint.ip}, {@code query.hostname},
     * ...) that hold this value, compared in normal form; empty when none does.
     */
    public List<String> fieldsIn(Map<String, Object> event) {
        Set<String> fields = new LinkedHashSet<>();
        EventObservables.forEach(event, (kind, observed, field) -> {
            if (holds(kind, observed)) {
                fields.add(field);
            }
        });
        return new ArrayList<>(fields);
    }

    private boolean holds(EventObservables.Kind kind, String observed) {
        return switch (type) {
            case IPV4, IPV6 -> kind == EventObservables.Kind.ADDRESS && observed.indexOf('/') < 0
                    && value.equals(normalOrNull(type, observed));
            case DOMAIN -> kind == EventObservables.Kind.DOMAIN && value.equals(IndicatorType.domain(observed));
            case URL -> kind == EventObservables.Kind.URL && value.equals(observed);
            case EMAIL -> kind == EventObservables.Kind.EMAIL && value.equals(observed.toLowerCase(Locale.ROOT));
            case MD5, SHA1, SHA256 -> kind == EventObservables.Kind.HASH && value.equalsIgnoreCase(observed);
        };
    }

    private static String normalOrNull(IndicatorType type, String observed) {
        try {
            return type.normalise(observed);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An IPv6 address in its shortest form: the longest run of two or more zero groups as {@code ::} (RFC 5952). */
    static String shortest(String normal) {
        String[] groups = normal.split(":", -1);
        if (groups.length != 8) {
            return normal;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (!groups[i].equals("0")) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        if (bestStart < 0) {
            return normal;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, 8));
        return head + "::" + tail;
    }
}

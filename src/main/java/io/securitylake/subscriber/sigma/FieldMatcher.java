package io.securitylake.subscriber.sigma;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One Sigma field condition, {@code name|modifier|...: value or list}, compiled to a test on an OCSF event.
 * Strings compare case-insensitively (case-sensitively with {@code cased}) with Sigma's {@code *} and {@code ?}
 * wildcards ({@link SigmaString}); a list of values is an OR (an AND with {@code |all}); {@code null} matches an
 * absent field. A field holding several values (a list in the event) matches when any of them does. Value modifiers
 * ({@code windash}, {@code wide}..., {@code base64}, {@code base64offset}: {@link ValueModifiers}) come first, then at
 * most one of the comparisons ({@code contains}, {@code startswith}, {@code endswith}, {@code re} with its flags
 * {@code i}, {@code m}, {@code s}, {@code cidr}, {@code gt}..., {@code exists}, {@code fieldref}); {@code expand} takes
 * its {@code %name%} values from the tenant being evaluated ({@link Placeholders}).
 */
public final class FieldMatcher {

    static final Set<String> COMPARISONS = Set.of("contains", "startswith", "endswith", "re", "cidr",
            "gt", "gte", "lt", "lte", "exists", "fieldref");
    static final Set<String> MODIFIERS = Set.of("contains", "startswith", "endswith", "re", "cidr", "all",
            "gt", "gte", "lt", "lte", "exists", "fieldref", "cased", "windash", "base64", "base64offset",
            "wide", "utf16le", "utf16be", "utf16", "i", "m", "s", "expand");
    /** A placeholder in a value of {@code expand}: {@code %name%}. */
    static final Pattern PLACEHOLDER = Pattern.compile("%([^%\\s]+)%");

    private FieldMatcher() {
    }

    /** With the fields of the CloudTrail rules and OCSF paths ({@link OcsfPaths#reader}). */
    static Predicate<Map<String, Object>> compile(String key, List<Object> values, int line) {
        return compile(key, values, line, OcsfPaths::reader);
    }

    /**
     * The test of one field entry, the field names read by {@code fields} (null: unknown); {@link RuleRefused} for
     * an unknown field or modifier, modifiers that do not go together, or a bad value.
     */
    static Predicate<Map<String, Object>> compile(String key, List<Object> values, int line,
                                                  Function<String, OcsfPaths.FieldReader> fields) {
        String[] parts = key.split("\\|", -1);
        String name = parts[0];
        OcsfPaths.FieldReader reader = fields.apply(name);
        if (reader == null) {
            throw new RuleRefused(line, name, "unknown field '" + name + "': neither a mapped Sigma field nor an OCSF path");
        }
        Modifiers m = Modifiers.of(parts, line, key);
        if (values.isEmpty()) {
            throw new RuleRefused(line, key, "no value");
        }
        if (m.kind().equals("exists")) {
            return exists(reader, values, line, key);
        }
        if (m.kind().equals("fieldref")) {
            return fieldref(reader, values, m, line, key, fields);
        }
        if (m.expand()) {
            return expand(reader, values, m, line, key);
        }
        List<Predicate<Object>> tests = new ArrayList<>();
        List<SigmaString> needles = new ArrayList<>();
        boolean strings = Set.of("equals", "contains", "startswith", "endswith").contains(m.kind());
        for (Object value : values) {
            if (strings && value != null && !(value instanceof Map<?, ?> || value instanceof List<?>)) {
                List<SigmaString> ofValue = needles(m, value.toString(), line, key);
                needles.addAll(ofValue);
                Needles test = Needles.of(ofValue);
                tests.add(v -> v != null && test.test(v));
            } else {
                if (m.transformed()) {
                    throw new RuleRefused(line, key, "windash, base64 and the encodings apply to text values only");
                }
                tests.add(valueTest(m, value, line, key));
            }
        }
        if (!m.all() && strings && values.stream().allMatch(v -> v != null && !(v instanceof Map<?, ?> || v instanceof List<?>))) {
            // the common case: text needles only, the field's value lower-cased once for all of them
            Needles any = Needles.of(needles);
            return event -> {
                for (Object value : reader.read(event)) {
                    if (any.test(value)) {
                        return true;
                    }
                }
                return false;
            };
        }
        boolean matchAll = m.all();
        return event -> {
            List<Object> found = reader.read(event);
            if (matchAll) {
                for (Predicate<Object> test : tests) {
                    if (!any(found, test)) {
                        return false;
                    }
                }
                return true;
            }
            for (Predicate<Object> test : tests) {
                if (any(found, test)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** The modifiers of one field entry, checked for what goes together. */
    record Modifiers(String kind, boolean all, boolean cased, boolean windash, String encoding, String base64,
                     String reFlags, boolean expand) {

        static Modifiers of(String[] parts, int line, String key) {
            String kind = "equals";
            boolean all = false;
            boolean cased = false;
            boolean windash = false;
            boolean expand = false;
            String encoding = null;
            String base64 = null;
            StringBuilder reFlags = new StringBuilder();
            for (int i = 1; i < parts.length; i++) {
                String modifier = parts[i];
                if (!MODIFIERS.contains(modifier)) {
                    throw new RuleRefused(line, key, "unsupported modifier '" + modifier + "'; supported: "
                            + MODIFIERS.stream().sorted().toList());
                }
                switch (modifier) {
                    case "all" -> all = true;
                    case "cased" -> cased = true;
                    case "windash" -> windash = true;
                    case "expand" -> expand = true;
                    case "base64", "base64offset" -> {
                        if (base64 != null) {
                            throw new RuleRefused(line, key, "more than one base64 modifier");
                        }
                        base64 = modifier;
                    }
                    case "i", "m", "s" -> {
                        if (!kind.equals("re")) {
                            throw new RuleRefused(line, key, "'" + modifier + "' is a flag of 're' and follows it");
                        }
                        reFlags.append(modifier);
                    }
                    default -> {
                        if (ValueModifiers.ENCODINGS.contains(modifier)) {
                            if (encoding != null || base64 != null) {
                                throw new RuleRefused(line, key, "'" + modifier + "' comes once, before base64 or base64offset");
                            }
                            encoding = modifier;
                        } else if (!kind.equals("equals")) {
                            throw new RuleRefused(line, key, "more than one value modifier ('" + kind + "' and '" + modifier + "')");
                        } else {
                            kind = modifier;
                        }
                    }
                }
            }
            if (encoding != null && base64 == null) {
                throw new RuleRefused(line, key, "'" + encoding + "' only makes sense before base64 or base64offset");
            }
            boolean transformed = windash || base64 != null;
            if (transformed && !Set.of("equals", "contains", "startswith", "endswith").contains(kind)) {
                throw new RuleRefused(line, key, "windash and base64 go with equals, contains, startswith or endswith, not '" + kind + "'");
            }
            if (kind.equals("exists") && parts.length > 2) {
                throw new RuleRefused(line, key, "'exists' takes no other modifier");
            }
            if (expand && (all || !Set.of("equals", "contains", "startswith", "endswith").contains(kind))) {
                throw new RuleRefused(line, key, "expand goes with equals, contains, startswith or endswith, without 'all'");
            }
            return new Modifiers(kind, all, cased, windash, encoding, base64, reFlags.toString(), expand);
        }

        boolean transformed() {
            return windash || base64 != null;
        }
    }

    /** The strings one text value is looked for as, after the value modifiers and with the comparison's wildcards. */
    private static List<SigmaString> needles(Modifiers m, String raw, int line, String key) {
        List<SigmaString> strings = new ArrayList<>();
        List<String> texts = m.windash() ? ValueModifiers.windash(raw, line, key) : List.of(raw);
        for (String text : texts) {
            if (m.base64() == null) {
                strings.add(SigmaString.of(text, false, m.cased()));
                continue;
            }
            if (text.indexOf('*') >= 0 || text.indexOf('?') >= 0) {
                throw new RuleRefused(line, key, "a base64 value cannot hold wildcards");
            }
            // an encoded text is compared exactly: base64 is case-sensitive
            for (String encoded : ValueModifiers.encoded(text, m.encoding(), m.base64())) {
                strings.add(SigmaString.of(encoded, true, true));
            }
        }
        return strings.stream().map(s -> s.wrapped(m.kind())).toList();
    }

    /**
     * {@code expand}: each value's {@code %name%} placeholders replaced by the values of the tenant whose events are
     * evaluated ({@link Placeholders#current()}; every combination where a value holds several), then compared as
     * the other modifiers say. A placeholder without values leaves its value nothing to match.
     */
    private static Predicate<Map<String, Object>> expand(OcsfPaths.FieldReader reader, List<Object> values, Modifiers m,
                                                         int line, String key) {
        List<String> texts = new ArrayList<>();
        for (Object value : values) {
            if (value == null || !PLACEHOLDER.matcher(value.toString()).find()) {
                throw new RuleRefused(line, key, "expand needs a %placeholder% in each value");
            }
            texts.add(value.toString());
        }
        Map<Placeholders.Values, Needles> compiled = new ConcurrentHashMap<>();
        return event -> {
            Placeholders.Values in = Placeholders.current();
            if (in == null) {
                return false;
            }
            Needles needles = compiled.computeIfAbsent(in, v -> {
                List<SigmaString> out = new ArrayList<>();
                for (String text : texts) {
                    for (String expanded : expanded(text, v)) {
                        try {
                            out.addAll(needles(m, expanded, line, key));
                        } catch (RuleRefused e) {
                            // a tenant's value the other modifiers cannot take (a wildcard under base64) matches nothing
                        }
                    }
                }
                return Needles.of(out);
            });
            if (needles.isEmpty()) {
                return false;
            }
            for (Object value : reader.read(event)) {
                if (value != null && needles.test(value)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** The text with every placeholder replaced, in every combination of the placeholders' values. */
    public static List<String> expanded(String text, Placeholders.Values values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        if (!matcher.find()) {
            return List.of(text);
        }
        List<String> out = new ArrayList<>();
        String head = text.substring(0, matcher.start());
        for (String rest : expanded(text.substring(matcher.end()), values)) {
            for (String value : values.of(matcher.group(1))) {
                out.add(head + value + rest);
            }
        }
        return out;
    }

    /** The names of the placeholders a text holds. */
    static List<String> placeholders(String text) {
        List<String> out = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            out.add(matcher.group(1));
        }
        return out;
    }

    /** {@code exists: true} holds when the field has a value, {@code exists: false} when it has none. */
    private static Predicate<Map<String, Object>> exists(OcsfPaths.FieldReader reader, List<Object> values, int line,
                                                         String key) {
        Object value = values.size() == 1 ? values.get(0) : null;
        if (!(value instanceof Boolean) && !"true".equalsIgnoreCase(String.valueOf(value))
                && !"false".equalsIgnoreCase(String.valueOf(value))) {
            throw new RuleRefused(line, key, "'exists' takes one value, true or false");
        }
        boolean wanted = Boolean.parseBoolean(String.valueOf(value));
        return event -> !reader.read(event).isEmpty() == wanted;
    }

    /**
     * {@code fieldref}: the field equals (or contains, starts or ends with) the value of the other field the rule
     * names, in the same event; absent on either side, it does not hold.
     */
    private static Predicate<Map<String, Object>> fieldref(OcsfPaths.FieldReader reader, List<Object> values,
                                                           Modifiers m, int line, String key,
                                                           Function<String, OcsfPaths.FieldReader> fields) {
        List<OcsfPaths.FieldReader> others = new ArrayList<>();
        for (Object value : values) {
            OcsfPaths.FieldReader other = value == null ? null : fields.apply(value.toString());
            if (other == null) {
                throw new RuleRefused(line, key, "fieldref names an unknown field '" + value + "'");
            }
            others.add(other);
        }
        boolean cased = m.cased();
        List<Predicate<Map<String, Object>>> tests = new ArrayList<>();
        for (OcsfPaths.FieldReader other : others) {
            tests.add(event -> {
                for (Object theirs : other.read(event)) {
                    String t = cased ? theirs.toString() : theirs.toString().toLowerCase(Locale.ROOT);
                    for (Object ours : reader.read(event)) {
                        String o = cased ? ours.toString() : ours.toString().toLowerCase(Locale.ROOT);
                        if (o.equals(t)) {
                            return true;
                        }
                    }
                }
                return false;
            });
        }
        boolean all = m.all();
        return event -> {
            for (Predicate<Map<String, Object>> test : tests) {
                if (test.test(event) != all) {
                    return !all;
                }
            }
            return all;
        };
    }

    private static boolean any(List<Object> found, Predicate<Object> test) {
        if (found.isEmpty()) {
            return test.test(null);
        }
        for (Object value : found) {
            if (test.test(value)) {
                return true;
            }
        }
        return false;
    }

    private static Predicate<Object> valueTest(Modifiers m, Object value, int line, String key) {
        String kind = m.kind();
        if (value == null) {
            if (!kind.equals("equals")) {
                throw new RuleRefused(line, key, "null only compares for absence, without a modifier");
            }
            return v -> v == null;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new RuleRefused(line, key, "a value must be a string, number, boolean or null");
        }
        String text = value.toString();
        switch (kind) {
            case "re" -> {
                int flags = (m.reFlags().contains("i") ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0)
                        | (m.reFlags().contains("m") ? Pattern.MULTILINE : 0)
                        | (m.reFlags().contains("s") ? Pattern.DOTALL : 0);
                try {
                    Pattern p = Pattern.compile(text, flags);
                    // a value without the characters every match needs is not searched
                    RequiredCharacters required = RequiredCharacters.of(text, flags);
                    return v -> {
                        if (v == null) {
                            return false;
                        }
                        String s = v.toString();
                        return required.admits(s) && p.matcher(s).find();
                    };
                } catch (PatternSyntaxException e) {
                    throw new RuleRefused(line, key, "invalid regular expression: " + e.getDescription());
                }
            }
            case "cidr" -> {
                Cidr cidr = Cidr.parse(text, line, key);
                return v -> v != null && cidr.contains(v.toString());
            }
            case "gt", "gte", "lt", "lte" -> {
                BigDecimal bound;
                try {
                    bound = new BigDecimal(text);
                } catch (NumberFormatException e) {
                    throw new RuleRefused(line, key, "'" + kind + "' needs a number, not '" + text + "'");
                }
                return v -> {
                    BigDecimal n = number(v);
                    if (n == null) {
                        return false;
                    }
                    int c = n.compareTo(bound);
                    return switch (kind) {
                        case "gt" -> c > 0;
                        case "gte" -> c >= 0;
                        case "lt" -> c < 0;
                        default -> c <= 0;
                    };
                };
            }
            default -> throw new IllegalStateException(kind);
        }
    }

    private static BigDecimal number(Object v) {
        if (v instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** An IPv4 or IPv6 network; addresses are compared as bytes, never resolved. */
    record Cidr(byte[] network, int bits) {

        static Cidr parse(String text, int line, String key) {
            int slash = text.indexOf('/');
            try {
                String address = slash < 0 ? text : text.substring(0, slash);
                if (!address.matches("[0-9a-fA-F:.]+")) {
                    throw new UnknownHostException(address);
                }
                byte[] network = InetAddress.getByName(address).getAddress();
                int bits = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
                if (bits < 0 || bits > network.length * 8) {
                    throw new NumberFormatException();
                }
                return new Cidr(network, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new RuleRefused(line, key, "'" + text + "' is not a CIDR network");
            }
        }

        boolean contains(String ip) {
            if (ip.isEmpty() || !ip.matches("[0-9a-fA-F:.]+")) {
                return false;
            }
            byte[] address;
            try {
                address = InetAddress.getByName(ip).getAddress();
            } catch (UnknownHostException e) {
                return false;
            }
            if (address.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return "Cidr[" + bits + "]" + String.valueOf(network.length).toLowerCase(Locale.ROOT);
        }
    }
}

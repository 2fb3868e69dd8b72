package io.securitylake.subscriber.detect;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One Sigma field condition, {@code name|modifier|...: value or list}, compiled to a test on an OCSF event.
 * Strings compare case-insensitively with Sigma's {@code *} and {@code ?} wildcards; a list of values is an OR
 * (an AND with {@code |all}); {@code null} matches an absent field. A field holding several values (a list in the
 * event) matches when any of them does.
 */
final class FieldMatcher {

    static final Set<String> MODIFIERS = Set.of("contains", "startswith", "endswith", "re", "cidr", "all",
            "gt", "gte", "lt", "lte");

    private FieldMatcher() {
    }

    /** The test of one field entry; {@link RuleRefused} for an unknown field or modifier or a bad value. */
    static Predicate<Map<String, Object>> compile(String key, List<Object> values, int line) {
        String[] parts = key.split("\\|", -1);
        String name = parts[0];
        OcsfPaths.FieldReader reader = OcsfPaths.reader(name);
        if (reader == null) {
            throw new RuleRefused(line, name, "unknown field '" + name + "': neither a mapped Sigma field nor an OCSF path");
        }
        String kind = "equals";
        boolean all = false;
        for (int i = 1; i < parts.length; i++) {
            String modifier = parts[i];
            if (!MODIFIERS.contains(modifier)) {
                throw new RuleRefused(line, key, "unsupported modifier '" + modifier + "'; supported: " + MODIFIERS.stream().sorted().toList());
            }
            if (modifier.equals("all")) {
                all = true;
            } else if (!kind.equals("equals")) {
                throw new RuleRefused(line, key, "more than one value modifier ('" + kind + "' and '" + modifier + "')");
            } else {
                kind = modifier;
            }
        }
        if (values.isEmpty()) {
            throw new RuleRefused(line, key, "no value");
        }
        boolean matchAll = all;
        if (!all && Set.of("equals", "contains", "startswith", "endswith").contains(kind)
                && values.stream().allMatch(FieldMatcher::isPlain)) {
            Predicate<String> plain = plain(kind, values.stream().map(Object::toString).toList());
            return event -> {
                for (Object value : reader.read(event)) {
                    if (plain.test(value.toString().toLowerCase(Locale.ROOT))) {
                        return true;
                    }
                }
                return false;
            };
        }
        List<Predicate<Object>> tests = new ArrayList<>();
        for (Object value : values) {
            tests.add(valueTest(kind, value, line, key));
        }
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

    private static Predicate<Object> valueTest(String kind, Object value, int line, String key) {
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
                try {
                    Pattern p = Pattern.compile(text);
                    return v -> v != null && p.matcher(v.toString()).find();
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
            default -> {
                String glob = switch (kind) {
                    case "contains" -> "*" + text + "*";
                    case "startswith" -> text + "*";
                    case "endswith" -> "*" + text;
                    default -> text;
                };
                return glob(glob);
            }
        }
    }

    private static boolean isPlain(Object value) {
        return value instanceof String text && text.indexOf('*') < 0 && text.indexOf('?') < 0 && text.indexOf('\\') < 0;
    }

    /**
     * Values without wildcards, compared with the field's value lower-cased once (Sigma compares case-insensitively),
     * by {@code String.contains} and its kin rather than a regular expression: the common rule costs little per event.
     */
    private static Predicate<String> plain(String kind, List<String> values) {
        List<String> needles = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
        return haystack -> {
            for (String needle : needles) {
                boolean hit = switch (kind) {
                    case "contains" -> haystack.contains(needle);
                    case "startswith" -> haystack.startsWith(needle);
                    case "endswith" -> haystack.endsWith(needle);
                    default -> haystack.equals(needle);
                };
                if (hit) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Sigma's string match: case-insensitive, {@code *} any run, {@code ?} one character, {@code \} escapes. */
    static Predicate<Object> glob(String glob) {
        if (glob.indexOf('*') < 0 && glob.indexOf('?') < 0 && glob.indexOf('\\') < 0) {
            return v -> v != null && v.toString().equalsIgnoreCase(glob);
        }
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length() && "*?\\".indexOf(glob.charAt(i + 1)) >= 0) {
                literal.append(glob.charAt(++i));
            } else if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        Pattern p = Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
        return v -> v != null && p.matcher(v.toString()).matches();
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

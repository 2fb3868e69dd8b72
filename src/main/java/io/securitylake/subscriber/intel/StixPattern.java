package io.securitylake.subscriber.intel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The STIX 2.1 patterns the service can match event by event: one comparison, or comparisons joined by OR (inside
 * one observation expression or across several), each {@code =} on {@code ipv4-addr:value}, {@code ipv6-addr:value},
 * {@code domain-name:value}, {@code url:value}, {@code email-addr:value} or {@code file:hashes.'MD5' | 'SHA-1' |
 * 'SHA-256'}, or {@code ISSUBSET} on an address. Anything else (AND, FOLLOWEDBY, a qualifier, another operator or
 * object path, a value that is not one of its type) refuses the whole pattern with its reason: never half of it.
 */
final class StixPattern {

    /** One comparison of a pattern: a type and a value in its normal form. */
    record Comparison(IndicatorType type, String value) {
    }

    /** Why a pattern cannot be matched; the message is the reason the feed's state counts. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final Map<String, IndicatorType> PATHS = Map.of(
            "ipv4-addr:value", IndicatorType.IPV4, "ipv6-addr:value", IndicatorType.IPV6,
            "domain-name:value", IndicatorType.DOMAIN, "url:value", IndicatorType.URL,
            "email-addr:value", IndicatorType.EMAIL, "file:hashes.md5", IndicatorType.MD5,
            "file:hashes.sha-1", IndicatorType.SHA1, "file:hashes.sha-256", IndicatorType.SHA256);

    private final List<String> tokens;
    private int at;

    private StixPattern(List<String> tokens) {
        this.tokens = tokens;
    }

    /** The comparisons of a pattern, all of them, or {@link Refused} with the reason. */
    static List<Comparison> parse(String pattern) throws Refused {
        StixPattern p = new StixPattern(StixTokens.of(pattern));
        List<Comparison> out = new ArrayList<>();
        p.observations(out);
        if (p.at < p.tokens.size()) {
            throw p.unsupported(p.tokens.get(p.at));
        }
        return out;
    }

    /** observation ( OR observation )* */
    private void observations(List<Comparison> out) throws Refused {
        observation(out);
        while (accept("OR")) {
            observation(out);
        }
    }

    /** {@code [ comparisons ]} or {@code ( observations )}, without a qualifier. */
    private void observation(List<Comparison> out) throws Refused {
        if (accept("(")) {
            observations(out);
            expect(")");
        } else {
            expect("[");
            comparisons(out);
            expect("]");
        }
    }

    /** term ( OR term )* */
    private void comparisons(List<Comparison> out) throws Refused {
        term(out);
        while (accept("OR")) {
            term(out);
        }
    }

    private void term(List<Comparison> out) throws Refused {
        if (accept("(")) {
            comparisons(out);
            expect(")");
            return;
        }
        String path = next("an object path");
        IndicatorType type = PATHS.get(path.toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new Refused("unsupported object path: " + IndicatorType.cut(path));
        }
        String operator = next("an operator");
        boolean subset = "ISSUBSET".equalsIgnoreCase(operator);
        if (!"=".equals(operator) && !(subset && type.isAddress())) {
            throw new Refused("unsupported operator: " + IndicatorType.cut(operator));
        }
        String value = next("a value");
        if (!StixTokens.isString(value)) {
            throw new Refused("unsupported value (only a quoted string): " + IndicatorType.cut(value));
        }
        try {
            out.add(new Comparison(type, type.normalise(StixTokens.unquote(value))));
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage());
        }
    }

    private boolean accept(String token) {
        if (at < tokens.size() && tokens.get(at).equalsIgnoreCase(token)) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(String token) throws Refused {
        if (!accept(token)) {
            throw at < tokens.size() ? unsupported(tokens.get(at)) : new Refused("pattern ends early: " + token + " expected");
        }
    }

    private String next(String what) throws Refused {
        if (at >= tokens.size()) {
            throw new Refused("pattern ends early: " + what + " expected");
        }
        return tokens.get(at++);
    }

    /** The reason a token stops the pattern: a known but unsupported keyword, or a syntax error. */
    private Refused unsupported(String token) {
        String word = token.toUpperCase(Locale.ROOT);
        return switch (word) {
            case "AND", "FOLLOWEDBY" -> new Refused("unsupported " + word + " (only OR of comparisons)");
            case "WITHIN", "REPEATS", "START", "STOP" -> new Refused("unsupported qualifier: " + word);
            case "NOT" -> new Refused("unsupported operator: NOT");
            default -> new Refused("pattern syntax: unexpected " + IndicatorType.cut(token));
        };
    }
}

package io.securitylake.subscriber.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Sigma string value read the way the specification reads it: {@code *} any run, {@code ?} one character, and
 * {@code \} escaping only {@code *}, {@code ?} and {@code \} (a backslash before anything else, or at the end, is a
 * literal backslash). The escapes are read on the value as written, before {@code contains}, {@code startswith} or
 * {@code endswith} add their wildcards, so {@code contains: '\Temp\'} looks for {@code \Temp\} anywhere.
 *
 * @param parts  literal texts ({@link String}) and wildcards ({@link Character} {@code '*'} or {@code '?'})
 * @param cased  whether it compares case-sensitively ({@code cased}, and the output of {@code base64})
 */
public record SigmaString(List<Object> parts, boolean cased) {

    private static final Character ANY = '*';

    /** The value as written in a rule, without wildcards when {@code literal} (a value made by a modifier). */
    public static SigmaString of(String raw, boolean literal, boolean cased) {
        if (literal) {
            return new SigmaString(raw.isEmpty() ? List.of() : List.of(raw), cased);
        }
        List<Object> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() && "*?\\".indexOf(raw.charAt(i + 1)) >= 0) {
                text.append(raw.charAt(++i));
            } else if (c == '*' || c == '?') {
                if (!text.isEmpty()) {
                    parts.add(text.toString());
                    text.setLength(0);
                }
                parts.add(c);
            } else {
                text.append(c);
            }
        }
        if (!text.isEmpty()) {
            parts.add(text.toString());
        }
        return new SigmaString(parts, cased);
    }

    /** With the wildcards {@code contains}, {@code startswith} or {@code endswith} add ({@code equals}: as it is). */
    SigmaString wrapped(String kind) {
        List<Object> out = new ArrayList<>();
        if (kind.equals("contains") || kind.equals("endswith")) {
            out.add(ANY);
        }
        out.addAll(parts);
        if (kind.equals("contains") || kind.equals("startswith")) {
            out.add(ANY);
        }
        return new SigmaString(out, cased);
    }

    /**
     * The text this string looks for anywhere in a value, ignoring case ({@code *text*}, not {@code cased}), or null
     * when it is of another shape.
     */
    String containedText() {
        if (!cased && parts.size() == 3 && ANY.equals(parts.get(0)) && parts.get(1) instanceof String text
                && ANY.equals(parts.get(2))) {
            return text;
        }
        return null;
    }

    /** The test of one field value against this string. */
    Needle needle() {
        int n = parts.size();
        boolean leading = n > 0 && ANY.equals(parts.get(0));
        boolean trailing = n > 1 && ANY.equals(parts.get(n - 1));
        List<Object> middle = parts.subList(leading ? 1 : 0, trailing ? n - 1 : n);
        if (middle.isEmpty() && (leading || trailing)) {
            return h -> true;
        }
        if (middle.isEmpty()) {
            return h -> h.original().isEmpty();
        }
        if (middle.size() == 1 && middle.get(0) instanceof String text) {
            String lowered = text.toLowerCase(Locale.ROOT);
            int length = text.length();
            // equals, startswith and endswith compare in place; only contains needs the value lower-cased
            if (leading && trailing) {
                return cased ? h -> h.original().contains(text) : h -> h.lower().contains(lowered);
            } else if (leading) {
                return h -> h.original().regionMatches(!cased, h.original().length() - length, text, 0, length);
            } else if (trailing) {
                return h -> h.original().regionMatches(!cased, 0, text, 0, length);
            }
            return cased ? h -> h.original().equals(text) : h -> h.original().equalsIgnoreCase(text);
        }
        StringBuilder regex = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String text) {
                regex.append(Pattern.quote(text));
            } else {
                regex.append(ANY.equals(part) ? ".*" : ".");
            }
        }
        Pattern p = Pattern.compile(regex.toString(),
                cased ? Pattern.DOTALL : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
        return h -> p.matcher(h.original()).matches();
    }

    /** Tests a field's value. */
    @FunctionalInterface
    interface Needle {
        boolean test(Haystack value);
    }

    /** A field's value as written, and lower-cased when a needle first asks for it. */
    static final class Haystack {

        private final String original;
        private String lower;

        Haystack(String original) {
            this.original = original;
        }

        String original() {
            return original;
        }

        String lower() {
            if (lower == null) {
                lower = LowerCase.of(original);
            }
            return lower;
        }
    }

    /**
     * A value lower-cased once per thread while it is being looked at: the same event's command line is read by a
     * thousand rules in a row, so the last few values lower-cased are kept, by identity.
     */
    public static final class LowerCase {

        private static final int SIZE = 8;
        private static final ThreadLocal<LowerCase> RECENT = ThreadLocal.withInitial(LowerCase::new);
        private final String[] originals = new String[SIZE];
        private final String[] lowered = new String[SIZE];
        private int next;

        public static String of(String value) {
            return RECENT.get().lower(value);
        }

        private String lower(String value) {
            for (int i = 0; i < SIZE; i++) {
                if (originals[i] == value) {
                    return lowered[i];
                }
            }
            String lower = value.toLowerCase(Locale.ROOT);
            originals[next] = value;
            lowered[next] = lower;
            next = (next + 1) % SIZE;
            return lower;
        }
    }
}

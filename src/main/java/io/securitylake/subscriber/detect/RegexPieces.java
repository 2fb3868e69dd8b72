package io.securitylake.subscriber.detect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The literal pieces every match of a Java regular expression contains ({@link RequiredValues} indexes {@code |re}
 * rules by them): sets of texts such that the text a match covers contains a text of each set. From
 * {@code \\cmd\.exe.+/c}: {@code \cmd.exe} and {@code /c}; from {@code (ipconfig|arp)\s}: {@code ipconfig} or
 * {@code arp}. The texts are case-folded per character ({@link RuleIndex#fold}), as Java's case-insensitive matching
 * compares a character (its {@code i} flag, inline {@code (?i)}, with or without Unicode case): a piece holds whether
 * the pattern ignores case or not, so the flags need no reading.
 * <p>
 * A part of the pattern is read as the few texts it matches exactly (a literal, a small class of single characters
 * such as {@code [Cc]}, an alternation or concatenation of those) or as what its matches require; repetition that may
 * be absent, classes, {@code .}, back-references and the like require nothing. Anything this reading does not know
 * (the {@code x} flag, an unknown escape) gives up: no pieces, and the rule stays evaluated on every event.
 */
final class RegexPieces {

    /** More texts than this in one exact set are read as what they require instead. */
    private static final int MAX_EXACT = 16;
    /** Classes of at most this many single characters are exact sets. */
    private static final int MAX_CLASS = 8;

    /** What a part matches: the texts it matches (when few, else null) and, when not those, what every match contains. */
    private record Info(Set<String> exact, List<Set<String>> pieces) {

        static final Info EMPTY = new Info(Set.of(""), List.of());
        static final Info ANY = new Info(null, List.of());

        /** The sets of texts every match contains (none when it can match the empty text). */
        List<Set<String>> required() {
            if (exact == null) {
                return pieces;
            }
            return exact.contains("") ? List.of() : List.of(exact);
        }
    }

    /** Something this reading does not know: the pattern yields no pieces. */
    private static final class Unknown extends RuntimeException {
        Unknown() {
            super(null, null, false, false);
        }
    }

    private final String pattern;
    private int at;

    private RegexPieces(String pattern) {
        this.pattern = pattern;
    }

    /**
     * The sets of folded texts of which every match of {@code regex} contains one each; empty when none can be
     * proven. {@code regex} is one Java accepts (the rule's matcher compiled it).
     */
    static List<Set<String>> of(String regex) {
        try {
            RegexPieces reading = new RegexPieces(regex);
            Info info = reading.alternation();
            if (reading.at != regex.length()) {
                return List.of();
            }
            return info.required().stream().filter(set -> set.stream().noneMatch(String::isEmpty)).toList();
        } catch (Unknown | IndexOutOfBoundsException e) {
            return List.of();
        }
    }

    private Info alternation() {
        List<Info> branches = new ArrayList<>();
        branches.add(concatenation());
        while (at < pattern.length() && pattern.charAt(at) == '|') {
            at++;
            branches.add(concatenation());
        }
        if (branches.size() == 1) {
            return branches.get(0);
        }
        Set<String> exact = new LinkedHashSet<>();
        for (Info b : branches) {
            if (b.exact == null) {
                exact = null;
                break;
            }
            exact.addAll(b.exact);
        }
        if (exact != null && exact.size() <= MAX_EXACT) {
            return new Info(exact, List.of());
        }
        Set<String> any = new LinkedHashSet<>();
        for (Info b : branches) {
            List<Set<String>> required = b.required();
            if (required.isEmpty()) {
                return Info.ANY;
            }
            any.addAll(best(required));
        }
        return new Info(null, List.of(any));
    }

    /** The parts in a row: a run of exact parts stays one set of texts (a piece as long as the literal run). */
    private Info concatenation() {
        List<Set<String>> pieces = new ArrayList<>();
        Set<String> run = Info.EMPTY.exact;
        boolean exact = true;
        while (at < pattern.length() && pattern.charAt(at) != '|' && pattern.charAt(at) != ')') {
            Info part = quantified(atom());
            if (part.exact != null && run.size() * part.exact.size() <= MAX_EXACT) {
                run = cross(run, part.exact);
                continue;
            }
            exact = false;
            pieces.addAll(new Info(run, List.of()).required());
            if (part.exact != null) {
                run = part.exact;
            } else {
                pieces.addAll(part.pieces);
                run = Info.EMPTY.exact;
            }
        }
        if (exact) {
            return new Info(run, List.of());
        }
        pieces.addAll(new Info(run, List.of()).required());
        return new Info(null, pieces);
    }

    private static Set<String> cross(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>();
        for (String x : a) {
            for (String y : b) {
                out.add(x + y);
            }
        }
        return out;
    }

    /** The atom with the quantifier that follows it, if any. */
    private Info quantified(Info atom) {
        if (at >= pattern.length()) {
            return atom;
        }
        char c = pattern.charAt(at);
        int min;
        if (c == '*' || c == '?' || c == '+') {
            at++;
            min = c == '+' ? 1 : 0;
            if (c == '?') {
                skipLazyOrPossessive();
                if (atom.exact != null && atom.exact.size() < MAX_EXACT) {
                    Set<String> exact = new LinkedHashSet<>(atom.exact);
                    exact.add("");
                    return new Info(exact, List.of());
                }
                return Info.ANY;
            }
        } else if (c == '{') {
            int close = pattern.indexOf('}', at);
            String bounds = pattern.substring(at + 1, close);
            if (!bounds.matches("\\d+(,\\d*)?")) {
                throw new Unknown();
            }
            at = close + 1;
            min = Integer.parseInt(bounds.split(",", -1)[0]);
        } else {
            return atom;
        }
        skipLazyOrPossessive();
        return min == 0 ? Info.ANY : new Info(null, atom.required());
    }

    private void skipLazyOrPossessive() {
        if (at < pattern.length() && (pattern.charAt(at) == '?' || pattern.charAt(at) == '+')) {
            at++;
        }
    }

    private Info atom() {
        char c = pattern.charAt(at++);
        return switch (c) {
            case '(' -> group();
            case '[' -> characterClass();
            case '.' -> Info.ANY;
            case '^', '$' -> Info.EMPTY;
            case '\\' -> escape();
            case '*', '+', '?', '{' -> throw new Unknown(); // a quantifier without an atom: not a pattern Java takes
            default -> literal(c);
        };
    }

    private static Info literal(char c) {
        if (Character.isSurrogate(c)) {
            return Info.ANY; // compared by code point
        }
        return new Info(Set.of(RuleIndex.fold(String.valueOf(c))), List.of());
    }

    private Info group() {
        boolean zeroWidth = false;
        if (pattern.charAt(at) == '?') {
            at++;
            char kind = pattern.charAt(at);
            if (kind == ':' || kind == '>') {
                at++;
            } else if (kind == '=' || kind == '!') {
                at++;
                zeroWidth = true;
            } else if (kind == '<') {
                at++;
                char next = pattern.charAt(at);
                if (next == '=' || next == '!') {
                    at++;
                    zeroWidth = true;
                } else {
                    at = pattern.indexOf('>', at) + 1; // a named group
                    if (at == 0) {
                        throw new Unknown();
                    }
                }
            } else {
                // inline flags: (?i) (?-s) (?i:...); comments mode changes how the rest reads
                int end = at;
                while ("idmsuUx-".indexOf(pattern.charAt(end)) >= 0) {
                    end++;
                }
                String flags = pattern.substring(at, end);
                if (flags.contains("x") || (pattern.charAt(end) != ')' && pattern.charAt(end) != ':')) {
                    throw new Unknown();
                }
                at = end + 1;
                if (pattern.charAt(end) == ')') {
                    return Info.EMPTY;
                }
            }
        }
        Info inner = alternation();
        if (at >= pattern.length() || pattern.charAt(at) != ')') {
            throw new Unknown();
        }
        at++;
        return zeroWidth ? Info.EMPTY : inner;
    }

    /** A class: a few single characters as an exact set ({@code [Cc]}, {@code [-/]}), anything else as any character. */
    private Info characterClass() {
        int start = at;
        Set<String> chars = new LinkedHashSet<>();
        boolean simple = pattern.charAt(at) != '^';
        int depth = 1;
        boolean first = true;
        while (depth > 0) {
            char c = pattern.charAt(at++);
            if (c == '\\') {
                char escaped = pattern.charAt(at++);
                if (escaped == 'Q') {
                    throw new Unknown();
                }
                if (Character.isLetterOrDigit(escaped)) {
                    simple = false;
                } else {
                    chars.add(String.valueOf(escaped));
                }
            } else if (c == '[') {
                depth++;
                simple = false;
            } else if (c == ']' && !(first && depth == 1)) {
                depth--;
            } else if (c == '-' && !first && pattern.charAt(at) != ']') {
                simple = false; // a range
            } else if (c == '&' && pattern.charAt(at) == '&') {
                simple = false;
            } else {
                chars.add(String.valueOf(c));
            }
            first = at == start + 1 && c == '^';
        }
        if (!simple || chars.isEmpty() || chars.size() > MAX_CLASS
                || chars.stream().anyMatch(s -> Character.isSurrogate(s.charAt(0)))) {
            return Info.ANY;
        }
        Set<String> folded = new LinkedHashSet<>();
        chars.forEach(s -> folded.add(RuleIndex.fold(s)));
        return new Info(folded, List.of());
    }

    private Info escape() {
        char c = pattern.charAt(at++);
        switch (c) {
            case 't': return literal('\t');
            case 'n': return literal('\n');
            case 'r': return literal('\r');
            case 'f': return literal('\f');
            case 'a': return literal('\u0007');
            case 'e': return literal('\u001B');
            case 'b', 'B', 'A', 'z', 'Z', 'G':
                return Info.EMPTY; // a boundary or anchor: no character
            case 'd', 'D', 'w', 'W', 's', 'S', 'h', 'H', 'v', 'V', 'R', 'X':
                return Info.ANY;
            case 'p', 'P':
                if (pattern.charAt(at) == '{') {
                    at = pattern.indexOf('}', at) + 1;
                } else {
                    at++;
                }
                return Info.ANY;
            case 'x':
                if (pattern.charAt(at) == '{') {
                    at = pattern.indexOf('}', at) + 1;
                } else {
                    at += 2;
                }
                return Info.ANY;
            case 'u':
                at += 4;
                return Info.ANY;
            case 'c':
                at++;
                return Info.ANY;
            case '0':
                for (int n = 0; n < 3 && at < pattern.length() && pattern.charAt(at) >= '0' && pattern.charAt(at) <= '7'; n++) {
                    at++;
                }
                return Info.ANY;
            case 'k':
                at = pattern.indexOf('>', at) + 1; // a named back-reference
                return Info.ANY;
            case 'Q': {
                int end = pattern.indexOf("\\E", at);
                String quoted = pattern.substring(at, end < 0 ? pattern.length() : end);
                at = end < 0 ? pattern.length() : end + 2;
                if (quoted.chars().anyMatch(q -> Character.isSurrogate((char) q))) {
                    return Info.ANY;
                }
                return new Info(Set.of(RuleIndex.fold(quoted)), List.of());
            }
            default:
                if (c >= '1' && c <= '9') {
                    while (at < pattern.length() && Character.isDigit(pattern.charAt(at))) {
                        at++;
                    }
                    return Info.ANY; // a back-reference
                }
                if (Character.isLetterOrDigit(c)) {
                    throw new Unknown();
                }
                return literal(c);
        }
    }

    /** Of several sets, the one whose shortest text is longest (the likeliest to rule a value out). */
    private static Set<String> best(List<Set<String>> sets) {
        Set<String> best = sets.get(0);
        for (Set<String> s : sets) {
            if (shortest(s) > shortest(best)) {
                best = s;
            }
        }
        return best;
    }

    private static int shortest(Set<String> set) {
        return set.stream().mapToInt(String::length).min().orElse(0);
    }
}

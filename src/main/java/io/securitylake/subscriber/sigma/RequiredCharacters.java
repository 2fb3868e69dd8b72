package io.securitylake.subscriber.sigma;

import java.util.regex.Pattern;

/**
 * Characters every match of a regular expression contains, and how many times: a cheap test that rules a value out
 * before the expression is run on it. SigmaHQ writes expressions such as {@code \+.*\+.*\+ ...} (fourteen {@code +}) or
 * {@code \w+`(?:\w+|-|.)`[\w+|\s]}, whose search backtracks over the whole command line; a command line with fewer
 * {@code +} or backticks than the expression needs cannot match and is not searched.
 * <p>
 * What is read: the expression's top level only, when it has no top-level {@code |}; each literal character there
 * (written as itself or escaped, {@code \+}) that is not followed by a quantifier allowing none ({@code ?}, {@code *},
 * {@code {0,...}}) is one occurrence every match needs, since the top-level parts of a match cover distinct
 * characters. Groups, classes, {@code .}, escapes such as {@code \w} and anchors require nothing here. Only ASCII
 * characters that are not letters are counted: they have no other case, so the expression's case flags (and
 * {@code (?i)}) change nothing, and no other character folds to them. Anything this reading does not follow
 * ({@code \Q}, {@code \p{...}}, {@code \x..}, a comments flag) requires nothing.
 */
public final class RequiredCharacters {

    static final RequiredCharacters NOTHING = new RequiredCharacters(new char[0], new int[0]);
    private static final Pattern COMMENTS = Pattern.compile("\\(\\?[a-zA-Z-]*x");

    private final char[] characters;
    private final int[] times;

    private RequiredCharacters(char[] characters, int[] times) {
        this.characters = characters;
        this.times = times;
    }

    /** What every match of {@code regex} (compiled with {@code flags}) contains. */
    public static RequiredCharacters of(String regex, int flags) {
        if ((flags & (Pattern.COMMENTS | Pattern.LITERAL)) != 0 || COMMENTS.matcher(regex).find()) {
            return NOTHING;
        }
        int[] counts = new int[128];
        int i = 0;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            int literal = -1;
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= n) {
                        return NOTHING;
                    }
                    char e = regex.charAt(i + 1);
                    if (e >= '1' && e <= '9') { // a back-reference: its digits
                        i += 2;
                        while (i < n && Character.isDigit(regex.charAt(i))) {
                            i++;
                        }
                    } else if ("wWdDsSbBAzZGhHvVRXtnrfae".indexOf(e) >= 0) {
                        i += 2;
                    } else if (e < 128 && !Character.isLetterOrDigit(e)) {
                        literal = e;
                        i += 2;
                    } else {
                        return NOTHING; // a quoted run, a property, a code, an octal, a control or a named escape
                    }
                }
                case '[' -> {
                    i = skipClass(regex, i);
                    if (i < 0) {
                        return NOTHING;
                    }
                }
                case '(' -> {
                    i = skipGroup(regex, i);
                    if (i < 0) {
                        return NOTHING;
                    }
                }
                case '.', '^', '$' -> i++;
                case '|', ')', '*', '+', '?', '{' -> {
                    return NOTHING; // a top-level alternation, or what this reading does not follow
                }
                default -> {
                    literal = c;
                    i++;
                }
            }
            boolean optional = false;
            boolean quantified = false;
            if (i < n) {
                char q = regex.charAt(i);
                if (q == '?' || q == '*') {
                    optional = true;
                    quantified = true;
                    i++;
                } else if (q == '+') {
                    quantified = true;
                    i++;
                } else if (q == '{') {
                    quantified = true;
                    int close = regex.indexOf('}', i);
                    if (close < 0) {
                        return NOTHING;
                    }
                    String bounds = regex.substring(i + 1, close);
                    if (!bounds.matches("\\d+(,\\d*)?")) {
                        return NOTHING;
                    }
                    optional = Integer.parseInt(bounds.split(",")[0]) == 0;
                    i = close + 1;
                }
                if (quantified && i < n && (regex.charAt(i) == '?' || regex.charAt(i) == '+')) {
                    i++; // lazy or possessive
                }
            }
            if (literal >= 0 && !optional && literal < 128 && !Character.isLetter(literal)) {
                counts[literal]++;
            }
        }
        int distinct = 0;
        for (int count : counts) {
            distinct += count > 0 ? 1 : 0;
        }
        char[] characters = new char[distinct];
        int[] times = new int[distinct];
        int k = 0;
        for (char c = 0; c < 128; c++) {
            if (counts[c] > 0) {
                characters[k] = c;
                times[k++] = counts[c];
            }
        }
        return distinct == 0 ? NOTHING : new RequiredCharacters(characters, times);
    }

    /** Whether {@code value} holds every required character as many times as required (else no match is possible). */
    public boolean admits(String value) {
        for (int k = 0; k < characters.length; k++) {
            char c = characters[k];
            int wanted = times[k];
            for (int i = value.indexOf(c); i >= 0 && wanted > 0; i = value.indexOf(c, i + 1)) {
                wanted--;
            }
            if (wanted > 0) {
                return false;
            }
        }
        return true;
    }

    /** The required characters and their counts, e.g. {@code {+=14}}; for tests. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (int k = 0; k < characters.length; k++) {
            out.append(k > 0 ? ", " : "").append(characters[k]).append('=').append(times[k]);
        }
        return out.append('}').toString();
    }

    /** The index after the class that starts at {@code at} ({@code [}), nested classes and escapes followed; -1 if unclosed. */
    private static int skipClass(String regex, int at) {
        int i = at + 1;
        int n = regex.length();
        if (i < n && regex.charAt(i) == '^') {
            i++;
        }
        if (i < n && regex.charAt(i) == ']') {
            i++; // a leading ] is a literal
        }
        int depth = 1;
        while (i < n) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    /** The index after the group that starts at {@code at} ({@code (}), classes and escapes followed; -1 if unclosed. */
    private static int skipGroup(String regex, int at) {
        int i = at + 1;
        int n = regex.length();
        int depth = 1;
        while (i < n) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 < n && regex.charAt(i + 1) == 'Q') {
                    return -1;
                }
                i += 2;
                continue;
            }
            if (c == '[') {
                i = skipClass(regex, i);
                if (i < 0) {
                    return -1;
                }
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return -1;
    }
}

package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.sigma.RequiredCharacters;
import io.securitylake.subscriber.stack.Fixtures;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The literal pieces of a regular expression ({@link RegexPieces}), and the proof that they are sound: over every
 * {@code |re} value of SigmaHQ's rules, every text the expression finds a match in (texts generated to match it, and
 * the text values of SigmaHQ's regression events and the demo's process events, as written and upper-cased) contains
 * a piece of each set, folded.
 */
class RegexPiecesTest {

    static Stream<Arguments> pieces() {
        return Stream.of(
                Arguments.of("\\\\cmd\\.exe.*/c", "[\\cmd.exe] [/c]"),
                Arguments.of("(?i)\\\\CMD\\.EXE", "[\\cmd.exe]"),
                Arguments.of("ipconfig\\s+/all", "[ipconfig] [/all]"),
                // alternations: an exact set while small, else a piece of each branch
                Arguments.of("-(W|R)\\s", "[-w, -r]"),
                Arguments.of("(ipconfig\\s|arp\\s+-a)", "[ipconfig, arp]"),
                Arguments.of("\\s-[FTd]\\s", "[-f, -t, -d]"),
                Arguments.of("[Cc][Mm][Dd]\\.exe", "[cmd.exe]"),
                Arguments.of("https?://0[0-9]{3,11}", "[https://0, http://0]"),
                Arguments.of("\\\\Windows\\\\__1\\d{9}\\.\\d{1,7}$", "[\\windows\\__1] [.]"),
                Arguments.of("(?:a|b)+xyz", "[a, b] [xyz]"),
                Arguments.of("\\QC:\\Temp\\E\\d", "[c:\\temp]"),
                Arguments.of("(?<name>evil)(?=\\.exe)", "[evil]"),
                Arguments.of("^C:\\\\Users\\\\[^\\\\]+\\\\NTUSER\\.DAT$", "[c:\\users\\] [\\ntuser.dat]"),
                // nothing provable: optional or repeated-from-zero parts, classes, a branch without pieces, the x flag
                Arguments.of("(.){200,}", ""),
                Arguments.of("a*", ""),
                Arguments.of("(abc)?", ""),
                Arguments.of("[a-z]{8}", ""),
                Arguments.of("abc|\\d+", ""),
                Arguments.of("(?x) a b c", ""),
                Arguments.of("\\N{LATIN SMALL LETTER A}", ""));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("pieces")
    void aRegexRequiresTheLiteralPiecesEveryMatchContains(String regex, String expected) {
        Pattern.compile(regex); // every case is a pattern Java takes, as a rule's matcher would
        assertThat(RegexPieces.of(regex).stream().map(Object::toString).collect(Collectors.joining(" ")))
                .isEqualTo(expected);
    }

    /**
     * Every {@code |re} value of SigmaHQ's Windows, Linux, macOS and AWS rules, with its flags: each text it finds a
     * match in contains a piece of each of its sets (folded as the index folds the event's value). The texts: 40
     * generated to match each expression (some with letters in another case), and every text value of the regression
     * and demo events, as written and upper-cased.
     */
    @Test
    void everyTextASigmaHqRegexMatchesHoldsItsPieces() {
        Path sigma = Fixtures.folder("sigma");
        Map<String, Pattern> regexes = new LinkedHashMap<>();
        for (String folder : List.of("windows", "linux", "macos", "cloud/aws")) {
            for (String[] file : SigmaHqCorpusTest.files(sigma.resolve("rules").resolve(folder))) {
                collect(new Yaml().compose(new StringReader(file[1])), regexes);
            }
        }
        List<String> texts = new ArrayList<>();
        List<Map<String, Object>> events = new ArrayList<>(ProcessEvents.regression(sigma.resolve("regression_data")));
        events.addAll(ProcessEvents.demo(DemoSource.CROWDSTRIKE_PROCESS, 300));
        events.forEach(e -> strings(e, texts));
        List<String> upper = texts.stream().map(t -> t.toUpperCase(Locale.ROOT)).toList();
        texts.addAll(upper);

        Random random = new Random(7);
        int withPieces = 0;
        int withCharacters = 0;
        int generated = 0;
        int generatedMatching = 0;
        int matches = 0;
        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, Pattern> e : regexes.entrySet()) {
            List<Set<String>> pieces = RegexPieces.of(e.getValue().pattern());
            withPieces += pieces.isEmpty() ? 0 : 1;
            RequiredCharacters characters = RequiredCharacters.of(e.getValue().pattern(), e.getValue().flags());
            withCharacters += characters.toString().equals("{}") ? 0 : 1;
            List<String> candidates = new ArrayList<>(texts);
            for (int i = 0; i < 40; i++) {
                String witness = Witness.of(e.getValue(), random);
                if (witness != null) {
                    generated++;
                    if (e.getValue().matcher(witness).find()) {
                        generatedMatching++;
                    }
                    candidates.add(witness);
                }
            }
            for (String text : candidates) {
                if (!e.getValue().matcher(text).find()) {
                    continue;
                }
                matches++;
                if (!characters.admits(text)) {
                    lost.add(e.getKey() + " matches '" + text + "' without the characters " + characters);
                }
                String folded = RuleIndex.fold(text);
                for (Set<String> set : pieces) {
                    if (set.stream().noneMatch(folded::contains)) {
                        lost.add(e.getKey() + " matches '" + text + "' without any of " + set);
                    }
                }
            }
        }
        System.out.printf("regex pieces: %d SigmaHQ regexes, %d with pieces, %d with required characters; %d of %d "
                + "generated texts match; %d matches checked%n", regexes.size(), withPieces, withCharacters,
                generatedMatching, generated, matches);
        assertThat(lost).as("matches without their pieces").isEmpty();
        // not vacuous: most expressions yield pieces, and most generated texts are matches
        assertThat(regexes).hasSizeGreaterThan(80);
        assertThat(withPieces).isGreaterThan(regexes.size() / 2);
        assertThat(withCharacters).isGreaterThan(regexes.size() / 4);
        assertThat(generatedMatching).isGreaterThan(generated * 3 / 4);
    }

    /** The {@code |re} values of a rule's detection, compiled with their flags, keyed by field entry and value. */
    private static void collect(Node node, Map<String, Pattern> out) {
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key && key.getValue().contains("|re")) {
                    List<String> modifiers = List.of(key.getValue().split("\\|"));
                    int flags = (modifiers.contains("i") ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0)
                            | (modifiers.contains("m") ? Pattern.MULTILINE : 0) | (modifiers.contains("s") ? Pattern.DOTALL : 0);
                    List<Node> values = t.getValueNode() instanceof SequenceNode s ? s.getValue() : List.of(t.getValueNode());
                    for (Node v : values) {
                        if (v instanceof ScalarNode s) {
                            try {
                                out.put(key.getValue() + ": " + s.getValue(), Pattern.compile(s.getValue(), flags));
                            } catch (PatternSyntaxException e) {
                                // refused by the rule's parser too
                            }
                        }
                    }
                } else {
                    collect(t.getValueNode(), out);
                }
            }
        } else if (node instanceof SequenceNode list) {
            list.getValue().forEach(n -> collect(n, out));
        }
    }

    @SuppressWarnings("unchecked")
    private static void strings(Object value, List<String> out) {
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> strings(v, out));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> strings(v, out));
        } else if (value instanceof String s) {
            out.add(s);
        }
    }

    /**
     * A text made to match a pattern, read independently of {@link RegexPieces}: a random branch, repetition count
     * and member of each class (a character of a pool that the class itself matches), letters sometimes in the other
     * case, with text around it. Null where this reading does not follow the pattern.
     */
    private static final class Witness {

        private static final String POOL = "abcdefxyzABCDEFXYZ0123456789 \\/.:-_\"'=%$";
        private final String p;
        private final int flags;
        private final Random random;
        private final boolean ignoresCase;
        private int at;

        private Witness(Pattern pattern, Random random) {
            this.p = pattern.pattern();
            this.flags = pattern.flags();
            this.ignoresCase = (flags & Pattern.CASE_INSENSITIVE) != 0 || p.contains("(?i");
            this.random = random;
        }

        static String of(Pattern pattern, Random random) {
            try {
                Witness w = new Witness(pattern, random);
                String text = w.alternation();
                if (w.at != w.p.length()) {
                    return null;
                }
                return (random.nextBoolean() ? "x " : "") + text + (random.nextBoolean() ? " y" : "");
            } catch (RuntimeException e) {
                return null;
            }
        }

        private String alternation() {
            List<String> branches = new ArrayList<>();
            branches.add(concatenation());
            while (at < p.length() && p.charAt(at) == '|') {
                at++;
                branches.add(concatenation());
            }
            return branches.get(random.nextInt(branches.size()));
        }

        private String concatenation() {
            StringBuilder out = new StringBuilder();
            while (at < p.length() && p.charAt(at) != '|' && p.charAt(at) != ')') {
                int start = at;
                atom();
                int end = at;
                int[] bounds = quantifier();
                int n = bounds[0] + random.nextInt(Math.min(bounds[1], bounds[0] + 3) - bounds[0] + 1);
                for (int i = 0; i < n; i++) {
                    at = start;
                    out.append(atom());
                }
                at = end;
                quantifier();
            }
            return out.toString();
        }

        private int[] quantifier() {
            if (at >= p.length()) {
                return new int[] {1, 1};
            }
            int[] bounds;
            switch (p.charAt(at)) {
                case '*' -> bounds = new int[] {0, 4};
                case '+' -> bounds = new int[] {1, 4};
                case '?' -> bounds = new int[] {0, 1};
                case '{' -> {
                    int close = p.indexOf('}', at);
                    String[] b = p.substring(at + 1, close).split(",", -1);
                    int min = Integer.parseInt(b[0]);
                    int max = b.length == 1 ? min : b[1].isEmpty() ? min + 3 : Integer.parseInt(b[1]);
                    at = close;
                    bounds = new int[] {min, max};
                }
                default -> {
                    return new int[] {1, 1};
                }
            }
            at++;
            if (at < p.length() && (p.charAt(at) == '?' || p.charAt(at) == '+')) {
                at++;
            }
            return bounds;
        }

        private String atom() {
            char c = p.charAt(at++);
            switch (c) {
                case '(': {
                    boolean zeroWidth = false;
                    if (p.charAt(at) == '?') {
                        at++;
                        if (p.startsWith("<=", at) || p.startsWith("<!", at)) {
                            at += 2;
                            zeroWidth = true;
                        } else if (p.charAt(at) == '=' || p.charAt(at) == '!') {
                            at++;
                            zeroWidth = true;
                        } else if (p.charAt(at) == '<') {
                            at = p.indexOf('>', at) + 1;
                        } else {
                            while (p.charAt(at) != ':' && p.charAt(at) != ')') {
                                at++;
                            }
                            if (p.charAt(at++) == ')') {
                                return "";
                            }
                        }
                    }
                    String inner = alternation();
                    at++; // ')'
                    return zeroWidth ? "" : inner;
                }
                case '[': {
                    int start = at - 1;
                    int depth = 1;
                    boolean first = true;
                    while (depth > 0) {
                        char d = p.charAt(at++);
                        if (d == '\\') {
                            at++;
                        } else if (d == '[') {
                            depth++;
                        } else if (d == ']' && !first) {
                            depth--;
                        }
                        first = d == '^' && at == start + 2;
                    }
                    return member(p.substring(start, at));
                }
                case '.':
                    return member(".");
                case '^', '$':
                    return "";
                case '\\': {
                    char e = p.charAt(at++);
                    if (e == 'Q') {
                        int end = p.indexOf("\\E", at);
                        String quoted = p.substring(at, end < 0 ? p.length() : end);
                        at = end < 0 ? p.length() : end + 2;
                        return cased(quoted);
                    }
                    if ("bBAzZG".indexOf(e) >= 0) {
                        return "";
                    }
                    if (Character.isLetterOrDigit(e)) {
                        return member("\\" + e);
                    }
                    return String.valueOf(e);
                }
                default:
                    return cased(String.valueOf(c));
            }
        }

        /** A character of the pool that {@code characterClass} matches. */
        private String member(String characterClass) {
            Pattern one = Pattern.compile(characterClass, flags);
            for (int tries = 0; tries < 200; tries++) {
                String c = String.valueOf(POOL.charAt(random.nextInt(POOL.length())));
                if (one.matcher(c).matches()) {
                    return c;
                }
            }
            throw new IllegalStateException("no member of " + characterClass);
        }

        /** The text, each letter sometimes in the other case. */
        private String cased(String text) {
            StringBuilder out = new StringBuilder();
            for (char c : text.toCharArray()) {
                boolean flip = ignoresCase && random.nextInt(4) == 0;
                out.append(!flip ? c : Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
            }
            return out.toString();
        }
    }
}

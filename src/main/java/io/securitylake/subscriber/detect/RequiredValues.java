package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.sigma.SigmaString;
import io.securitylake.subscriber.sigma.ValueModifiers;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The literal values a Sigma rule cannot match without, read from the rule's {@code detection} and {@code condition}
 * ({@link RuleIndex} looks the rule up by them): sets of keys such that every event the rule matches has a key of
 * each set. A key is a field and its whole value, its last path segment ({@code |endswith} with a {@code \} or
 * {@code /}), a text within it lower-cased ({@code |contains}), or a text within it case-folded ({@code startswith},
 * {@code endswith} without a separator, {@code cased} contains, the longest literal piece of a value with
 * wildcards); {@link Kind}.
 * <p>
 * What a part of the condition requires: a selection map, {@code and} and {@code all of}, what each of their parts
 * requires; a list of maps, {@code or} and {@code 1 of}, one set: the union of one set of each part (nothing when one
 * part requires nothing); {@code not}, nothing. A field requires its values when its modifiers are among
 * {@code contains}, {@code startswith}, {@code endswith}, {@code windash} (each form is a key), {@code cased} and
 * {@code all}, and no value is {@code null} (an absent field). Anything else, or anything this reading does not
 * follow, requires nothing: a rule that requires nothing is evaluated on every event of its logsource, as without
 * the index.
 */
final class RequiredValues {

    /**
     * A field's whole value ({@code EQUALS}) or last path segment ({@code SEGMENT}), case-folded per character; a text
     * within the value, both lower-cased as {@code contains} compares them ({@code CONTAINS}), or both case-folded
     * per character ({@code FOLDED}).
     */
    record Key(String field, Kind kind, String value) {
    }

    enum Kind { EQUALS, SEGMENT, CONTAINS, FOLDED }

    /** A text within a value shorter than this is found in most values. */
    private static final int WEAK = 5;
    private static final Pattern TOKEN = Pattern.compile("\\s*(\\(|\\)|[A-Za-z0-9_*\\-.]+)");
    private static final Set<String> INDEXABLE_MODIFIERS = Set.of("endswith", "startswith", "contains", "windash",
            "cased", "all", "re", "i", "m", "s", "base64", "base64offset", "wide", "utf16le", "utf16be", "utf16");

    private final Map<String, Node> selections;
    private final List<String> tokens;
    private int at;

    private RequiredValues(Map<String, Node> selections, List<String> tokens) {
        this.selections = selections;
        this.tokens = tokens;
    }

    /**
     * What the single rule of a rule file's text requires: at most {@code clauses} sets of keys, the likeliest to rule
     * an event out first; every event the rule matches has a key of each set. Null when this reading proves none.
     */
    static List<Set<Key>> of(String ruleText, int clauses) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(10);
            Node document = new Yaml(options).compose(new StringReader(ruleText));
            Node detection = document instanceof MappingNode top ? entries(top).get("detection") : null;
            if (!(detection instanceof MappingNode d)) {
                return null;
            }
            Map<String, Node> entries = entries(d);
            if (!(entries.remove("condition") instanceof ScalarNode condition)) {
                return null;
            }
            List<String> tokens = new ArrayList<>();
            String text = condition.getValue().trim();
            Matcher m = TOKEN.matcher(text);
            int end = 0;
            while (m.find() && m.start() == end) {
                tokens.add(m.group(1));
                end = m.end();
            }
            if (!text.substring(end).isBlank()) {
                return null;
            }
            RequiredValues reading = new RequiredValues(entries, tokens);
            List<Set<Key>> required = reading.or();
            if (required.isEmpty() || reading.at != tokens.size()) {
                return null;
            }
            return required.stream().distinct().sorted(COST).limit(clauses).toList();
        } catch (RuntimeException e) {
            return null; // the rule's own parser decides what is refused; here it is only not indexed
        }
    }

    private List<Set<Key>> or() {
        List<List<Set<Key>>> parts = new ArrayList<>();
        parts.add(and());
        while (peek("or")) {
            at++;
            parts.add(and());
        }
        return any(parts);
    }

    private List<Set<Key>> and() {
        List<List<Set<Key>>> parts = new ArrayList<>();
        parts.add(not());
        while (peek("and")) {
            at++;
            parts.add(not());
        }
        return all(parts);
    }

    private List<Set<Key>> not() {
        if (peek("not")) {
            at++;
            not();
            return List.of();
        }
        return primary();
    }

    private List<Set<Key>> primary() {
        String token = tokens.get(at++);
        if (token.equals("(")) {
            List<Set<Key>> inner = or();
            if (!peek(")")) {
                throw new IllegalArgumentException("unclosed");
            }
            at++;
            return inner;
        }
        if ((token.equals("1") || token.equalsIgnoreCase("all")) && peek("of")) {
            at++;
            String target = tokens.get(at++);
            Pattern glob = target.equals("them") ? null : Pattern.compile(target.replace("*", ".*"));
            List<List<Set<Key>>> parts = new ArrayList<>();
            selections.forEach((name, node) -> {
                if (glob == null ? !name.startsWith("_") : glob.matcher(name).matches()) {
                    parts.add(selection(node));
                }
            });
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("no selection");
            }
            return token.equals("1") ? any(parts) : all(parts);
        }
        Node selection = selections.get(token);
        if (selection == null) {
            throw new IllegalArgumentException("not a selection: " + token);
        }
        return selection(selection);
    }

    private boolean peek(String word) {
        return at < tokens.size() && tokens.get(at).equalsIgnoreCase(word);
    }

    /** A map: what each of its fields requires; a list of maps: what one of them requires. */
    private static List<Set<Key>> selection(Node node) {
        if (node instanceof MappingNode map) {
            List<List<Set<Key>>> parts = new ArrayList<>();
            for (NodeTuple tuple : map.getValue()) {
                parts.add(tuple.getKeyNode() instanceof ScalarNode key ? field(key.getValue().trim(), tuple.getValueNode())
                        : List.of());
            }
            return all(parts);
        }
        if (node instanceof SequenceNode list && !list.getValue().isEmpty()
                && list.getValue().stream().allMatch(n -> n instanceof MappingNode)) {
            List<List<Set<Key>>> parts = new ArrayList<>();
            list.getValue().forEach(item -> parts.add(selection(item)));
            return any(parts);
        }
        return List.of();
    }

    /** One field entry: what its values require, when each is a text compared with or without a modifier. */
    private static List<Set<Key>> field(String key, Node value) {
        String[] parts = key.split("\\|", -1);
        String comparison = "equals";
        boolean all = false;
        boolean windash = false;
        boolean cased = false;
        String encoding = null;
        String base64 = null;
        for (int i = 1; i < parts.length; i++) {
            if (!INDEXABLE_MODIFIERS.contains(parts[i])) {
                return List.of();
            }
            switch (parts[i]) {
                case "all" -> all = true;
                case "windash" -> windash = true;
                case "cased" -> cased = true;
                case "i", "m", "s" -> { } // a regular expression's flags: its pieces hold with or without them
                case "base64", "base64offset" -> base64 = parts[i];
                case "wide", "utf16le", "utf16be", "utf16" -> encoding = parts[i];
                default -> comparison = parts[i];
            }
        }
        if (encoding != null && base64 == null || base64 != null && comparison.equals("re")) {
            return List.of(); // refused by the rule's parser
        }
        List<Node> values = value instanceof SequenceNode list ? list.getValue() : List.of(value);
        if (comparison.equals("re")) {
            return regex(parts[0], values, all);
        }
        List<Set<Key>> each = new ArrayList<>();
        for (Node v : values) {
            each.add(v instanceof ScalarNode s ? base64 == null ? keys(parts[0], comparison, cased, windash, s)
                    : encodedKeys(parts[0], windash, encoding, base64, s) : null);
        }
        if (all) {
            return each.stream().filter(java.util.Objects::nonNull).toList();
        }
        return each.isEmpty() || each.contains(null) ? List.of() : List.of(union(each));
    }

    /**
     * Regular expressions: the literal pieces every match of each contains ({@link RegexPieces}), found within the
     * folded value; with {@code all} what each requires, else one set: a piece of each (nothing when one proves none).
     */
    private static List<Set<Key>> regex(String field, List<Node> values, boolean all) {
        List<List<Set<Key>>> each = new ArrayList<>();
        for (Node v : values) {
            List<Set<Key>> required = new ArrayList<>();
            if (v instanceof ScalarNode s && Tag.STR.equals(s.getTag())) {
                for (Set<String> pieces : RegexPieces.of(s.getValue())) {
                    Set<Key> keys = new LinkedHashSet<>();
                    pieces.forEach(piece -> keys.add(new Key(field, Kind.FOLDED, piece)));
                    required.add(keys);
                }
            }
            each.add(required);
        }
        return all ? all(each) : any(each);
    }

    /** The keys of one value: one, or with {@code windash} one for each of its forms; null when one has none. */
    private static Set<Key> keys(String field, String comparison, boolean cased, boolean windash, ScalarNode value) {
        if (Tag.NULL.equals(value.getTag())) {
            return null; // null matches an absent field
        }
        String text = value.getValue();
        if (Tag.BOOL.equals(value.getTag()) && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            text = text.toLowerCase(Locale.ROOT);
        }
        Set<Key> out = new LinkedHashSet<>();
        for (String form : windash ? ValueModifiers.windash(text, 0, field) : List.of(text)) {
            Key key = key(field, comparison, cased, form);
            if (key == null) {
                return null;
            }
            out.add(key);
        }
        return out;
    }

    /**
     * The keys of one value under {@code base64} or {@code base64offset}: each text it is looked for as (the three
     * offset encodings of each form), folded within the folded value, whatever the comparison (an encoded text is
     * compared exactly, and equal, starting or ending with it contains it). Null when a form has an empty or no
     * encoding (a short value at some offset: the matcher finds it in every value).
     */
    private static Set<Key> encodedKeys(String field, boolean windash, String encoding, String base64, ScalarNode value) {
        if (!Tag.STR.equals(value.getTag())) {
            return null;
        }
        String text = value.getValue();
        if (text.indexOf('*') >= 0 || text.indexOf('?') >= 0) {
            return null; // refused by the rule's parser
        }
        Set<Key> out = new LinkedHashSet<>();
        for (String form : windash ? ValueModifiers.windash(text, 0, field) : List.of(text)) {
            for (String encoded : ValueModifiers.encoded(form, encoding, base64)) {
                Key key = folded(field, encoded);
                if (key == null) {
                    return null;
                }
                out.add(key);
            }
        }
        return out;
    }

    /**
     * What one value requires. A literal: its whole value (equals), its last path segment (endswith with a
     * separator), itself lower-cased (contains: what SigmaString compares, both sides lower-cased whole), else itself
     * folded within the folded value ({@code FOLDED}: startswith, endswith without a separator, cased contains). With
     * wildcards: its longest literal piece, folded within the folded value (the case-insensitive pattern compares
     * character by character as the fold does). Null for a value that needs nothing (empty, only wildcards).
     */
    private static Key key(String field, String comparison, boolean cased, String text) {
        StringBuilder literal = new StringBuilder();
        String longest = "";
        boolean wildcards = false;
        for (Object part : SigmaString.of(text, false, false).parts()) {
            if (part instanceof String s) {
                literal.append(s);
                longest = s.length() > longest.length() ? s : longest;
            } else {
                wildcards = true;
            }
        }
        if (wildcards) {
            return folded(field, longest);
        }
        String value = literal.toString();
        return switch (comparison) {
            case "equals" -> new Key(field, Kind.EQUALS, RuleIndex.fold(value));
            case "contains" -> cased ? folded(field, value)
                    : value.isEmpty() ? null : new Key(field, Kind.CONTAINS, value.toLowerCase(Locale.ROOT));
            case "endswith" -> {
                String f = RuleIndex.fold(value);
                int separator = Math.max(f.lastIndexOf('\\'), f.lastIndexOf('/'));
                yield separator < 0 ? folded(field, value) : new Key(field, Kind.SEGMENT, f.substring(separator + 1));
            }
            default -> folded(field, value); // startswith
        };
    }

    /** A text found within the value, both folded; none for an empty text or one with a surrogate (compared by code point). */
    private static Key folded(String field, String text) {
        if (text.isEmpty() || text.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
            return null;
        }
        return new Key(field, Kind.FOLDED, RuleIndex.fold(text));
    }

    /** Every part holds: what each requires. */
    private static List<Set<Key>> all(List<List<Set<Key>>> parts) {
        List<Set<Key>> out = new ArrayList<>();
        parts.forEach(out::addAll);
        return out;
    }

    /**
     * One of the parts holds: the union of one set of each (the likeliest to rule an event out), or nothing when
     * one part requires nothing.
     */
    private static List<Set<Key>> any(List<List<Set<Key>>> parts) {
        Set<Key> out = new LinkedHashSet<>();
        for (List<Set<Key>> p : parts) {
            if (p.isEmpty()) {
                return List.of();
            }
            out.addAll(p.stream().min(COST).orElseThrow());
        }
        return List.of(out);
    }

    private static Set<Key> union(List<Set<Key>> sets) {
        Set<Key> out = new LinkedHashSet<>();
        sets.forEach(out::addAll);
        return out;
    }

    /**
     * Which set of keys rules out most events, by guess: sets without a text shorter than {@link #WEAK} characters
     * ({@code .exe}, a regex's single {@code `}) first, then whole values and path ends before texts within a value,
     * then the fewest keys, then the longest shortest text.
     */
    private static final java.util.Comparator<Set<Key>> COST = java.util.Comparator
            .<Set<Key>, Boolean>comparing(keys -> keys.stream().anyMatch(k -> k.kind() != Kind.EQUALS && k.value().length() < WEAK))
            .thenComparing(keys -> keys.stream().anyMatch(k -> k.kind() == Kind.CONTAINS || k.kind() == Kind.FOLDED))
            .thenComparing(Set::size)
            .thenComparing(keys -> -keys.stream().mapToInt(k -> k.value().length()).min().orElse(0));

    private static Map<String, Node> entries(MappingNode map) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode key) {
                out.put(key.getValue().trim(), t.getValueNode());
            }
        }
        return out;
    }
}

package io.securitylake.subscriber.detect;

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
 * The literal values a Sigma rule cannot match without: a set of keys of which every event the rule matches has at
 * least one, read from the rule's {@code detection} and {@code condition} ({@link RuleIndex} looks the rule up by
 * them). A key is a field and either its whole value ({@code Image: 'C:\Windows\System32\cmd.exe'}) or, for
 * {@code |endswith} with a value holding a {@code \} or {@code /}, the value's last path segment
 * ({@code Image|endswith: '\cmd.exe'} → {@code cmd.exe}); values case-folded ({@link RuleIndex#fold}).
 * <p>
 * What it proves, for a part of the condition: a selection map (an AND) requires what any one of its fields requires
 * (the one with fewest keys is kept); a list of maps, {@code or} and {@code 1 of} require the union of what each part
 * requires (nothing when one part requires nothing); {@code and} and {@code all of} what one of their parts requires;
 * {@code not} nothing. A field requires its values when it has no modifier other than {@code endswith},
 * {@code cased} and {@code all}, and each value is literal (no wildcard; an escaped {@code \*} is literal); a
 * {@code null} value (absent field) requires nothing. Anything else, or anything this reading does not follow, yields
 * no keys: the rule is then evaluated on every event of its logsource, as without the index.
 */
final class RequiredValues {

    /**
     * A field's whole value ({@code EQUALS}) or last path segment ({@code SEGMENT}), case-folded per character; or
     * ({@code CONTAINS}) a text within the value, both lower-cased as {@code contains} compares them.
     */
    record Key(String field, Kind kind, String value) {
    }

    enum Kind { EQUALS, SEGMENT, CONTAINS }

    private static final Pattern TOKEN = Pattern.compile("\\s*(\\(|\\)|[A-Za-z0-9_*\\-.]+)");
    private static final Set<String> INDEXABLE_MODIFIERS = Set.of("endswith", "contains", "windash", "cased", "all");

    private final Map<String, Node> selections;
    private final List<String> tokens;
    private int at;

    private RequiredValues(Map<String, Node> selections, List<String> tokens) {
        this.selections = selections;
        this.tokens = tokens;
    }

    /** The keys the single rule of a rule file's text requires, or null when it requires none this reading proves. */
    static List<Key> of(String ruleText) {
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
            Set<Key> keys = reading.or();
            return keys == null || reading.at != tokens.size() ? null : List.copyOf(keys);
        } catch (RuntimeException e) {
            return null; // the rule's own parser decides what is refused; here it is only not indexed
        }
    }

    private Set<Key> or() {
        List<Set<Key>> parts = new ArrayList<>();
        parts.add(and());
        while (peek("or")) {
            at++;
            parts.add(and());
        }
        return union(parts);
    }

    private Set<Key> and() {
        List<Set<Key>> parts = new ArrayList<>();
        parts.add(not());
        while (peek("and")) {
            at++;
            parts.add(not());
        }
        return fewest(parts);
    }

    private Set<Key> not() {
        if (peek("not")) {
            at++;
            not();
            return null;
        }
        return primary();
    }

    private Set<Key> primary() {
        String token = tokens.get(at++);
        if (token.equals("(")) {
            Set<Key> inner = or();
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
            List<Set<Key>> parts = new ArrayList<>();
            selections.forEach((name, node) -> {
                if (glob == null ? !name.startsWith("_") : glob.matcher(name).matches()) {
                    parts.add(selection(node));
                }
            });
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("no selection");
            }
            return token.equals("1") ? union(parts) : fewest(parts);
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

    /** A map: what one of its fields requires; a list of maps: the union. */
    private static Set<Key> selection(Node node) {
        if (node instanceof MappingNode map) {
            List<Set<Key>> parts = new ArrayList<>();
            for (NodeTuple tuple : map.getValue()) {
                parts.add(tuple.getKeyNode() instanceof ScalarNode key ? field(key.getValue().trim(), tuple.getValueNode()) : null);
            }
            return fewest(parts);
        }
        if (node instanceof SequenceNode list && !list.getValue().isEmpty()
                && list.getValue().stream().allMatch(n -> n instanceof MappingNode)) {
            List<Set<Key>> parts = new ArrayList<>();
            list.getValue().forEach(item -> parts.add(selection(item)));
            return union(parts);
        }
        return null;
    }

    /** One field entry: its values, when each is a literal compared whole, as a path's end, or as a part. */
    private static Set<Key> field(String key, Node value) {
        String[] parts = key.split("\\|", -1);
        Kind kind = Kind.EQUALS;
        boolean all = false;
        boolean windash = false;
        boolean cased = false;
        for (int i = 1; i < parts.length; i++) {
            if (!INDEXABLE_MODIFIERS.contains(parts[i])) {
                return null;
            }
            kind = parts[i].equals("endswith") ? Kind.SEGMENT : parts[i].equals("contains") ? Kind.CONTAINS : kind;
            all |= parts[i].equals("all");
            windash |= parts[i].equals("windash");
            cased |= parts[i].equals("cased");
        }
        if (kind == Kind.CONTAINS && cased) {
            return null; // compared as written, not lower-cased
        }
        List<Node> values = value instanceof SequenceNode list ? list.getValue() : List.of(value);
        List<Set<Key>> each = new ArrayList<>();
        for (Node v : values) {
            each.add(v instanceof ScalarNode s ? keys(parts[0], kind, windash, s) : null);
        }
        if (each.isEmpty()) {
            return null;
        }
        return all ? fewest(each) : union(each);
    }

    /** The keys of one value: one, or with {@code windash} one for each of its forms; null when one is not literal. */
    private static Set<Key> keys(String field, Kind kind, boolean windash, ScalarNode value) {
        if (Tag.NULL.equals(value.getTag())) {
            return null; // null matches an absent field
        }
        String text = value.getValue();
        if (Tag.BOOL.equals(value.getTag()) && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            text = text.toLowerCase(Locale.ROOT);
        }
        Set<Key> out = new LinkedHashSet<>();
        for (String form : windash ? ValueModifiers.windash(text, 0, field) : List.of(text)) {
            Key key = key(field, kind, form);
            if (key == null) {
                return null;
            }
            out.add(key);
        }
        return out;
    }

    private static Key key(String field, Kind kind, String text) {
        StringBuilder literal = new StringBuilder();
        for (Object part : SigmaString.of(text, false, false).parts()) {
            if (!(part instanceof String s)) {
                return null; // a wildcard
            }
            literal.append(s);
        }
        if (kind == Kind.CONTAINS) {
            // what SigmaString's contains compares: both sides lower-cased whole
            return literal.isEmpty() ? null : new Key(field, kind, literal.toString().toLowerCase(Locale.ROOT));
        }
        String folded = RuleIndex.fold(literal.toString());
        if (kind == Kind.EQUALS) {
            return new Key(field, kind, folded);
        }
        int separator = Math.max(folded.lastIndexOf('\\'), folded.lastIndexOf('/'));
        return separator < 0 ? null : new Key(field, kind, folded.substring(separator + 1));
    }

    /**
     * Every part requires its keys, so any one part's requirement holds: the one that rules out most events, by guess:
     * whole values and path ends before texts within a value, then the fewest keys, then the longest shortest text.
     */
    private static Set<Key> fewest(List<Set<Key>> parts) {
        Set<Key> best = null;
        for (Set<Key> p : parts) {
            if (p != null && (best == null || COST.compare(p, best) < 0)) {
                best = p;
            }
        }
        return best;
    }

    private static final java.util.Comparator<Set<Key>> COST = java.util.Comparator
            .<Set<Key>, Boolean>comparing(keys -> keys.stream().anyMatch(k -> k.kind() == Kind.CONTAINS))
            .thenComparing(Set::size)
            .thenComparing(keys -> -keys.stream().mapToInt(k -> k.value().length()).min().orElse(0));

    /** One of the parts holds: the union of their keys, or nothing when one part requires nothing. */
    private static Set<Key> union(List<Set<Key>> parts) {
        Set<Key> out = new LinkedHashSet<>();
        for (Set<Key> p : parts) {
            if (p == null) {
                return null;
            }
            out.addAll(p);
        }
        return out;
    }

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

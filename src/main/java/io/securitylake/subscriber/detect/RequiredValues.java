package io.securitylake.subscriber.detect;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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

    /** A field's value (or with {@code segment}, its last path segment), case-folded. */
    record Key(String field, boolean segment, String value) {
    }

    private static final Pattern TOKEN = Pattern.compile("\\s*(\\(|\\)|[A-Za-z0-9_*\\-.]+)");
    private static final Set<String> INDEXABLE_MODIFIERS = Set.of("endswith", "cased", "all");

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

    /** One field entry: its values, when each is a literal compared whole or as a path's end. */
    private static Set<Key> field(String key, Node value) {
        String[] parts = key.split("\\|", -1);
        boolean endswith = false;
        boolean all = false;
        for (int i = 1; i < parts.length; i++) {
            if (!INDEXABLE_MODIFIERS.contains(parts[i])) {
                return null;
            }
            endswith |= parts[i].equals("endswith");
            all |= parts[i].equals("all");
        }
        List<Node> values = value instanceof SequenceNode list ? list.getValue() : List.of(value);
        List<Set<Key>> each = new ArrayList<>();
        for (Node v : values) {
            Key k = v instanceof ScalarNode s ? key(parts[0], endswith, s) : null;
            each.add(k == null ? null : Set.of(k));
        }
        if (each.isEmpty()) {
            return null;
        }
        return all ? fewest(each) : union(each);
    }

    private static Key key(String field, boolean endswith, ScalarNode value) {
        if (Tag.NULL.equals(value.getTag())) {
            return null; // null matches an absent field
        }
        String text = value.getValue();
        if (Tag.BOOL.equals(value.getTag()) && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            text = text.toLowerCase(java.util.Locale.ROOT);
        }
        StringBuilder literal = new StringBuilder();
        for (Object part : SigmaString.of(text, false, false).parts()) {
            if (!(part instanceof String s)) {
                return null; // a wildcard
            }
            literal.append(s);
        }
        String folded = RuleIndex.fold(literal.toString());
        if (!endswith) {
            return new Key(field, false, folded);
        }
        int separator = Math.max(folded.lastIndexOf('\\'), folded.lastIndexOf('/'));
        return separator < 0 ? null : new Key(field, true, folded.substring(separator + 1));
    }

    /** Every part requires its keys: any one part's requirement holds; the one with fewest keys. */
    private static Set<Key> fewest(List<Set<Key>> parts) {
        Set<Key> best = null;
        for (Set<Key> p : parts) {
            if (p != null && (best == null || p.size() < best.size())) {
                best = p;
            }
        }
        return best;
    }

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

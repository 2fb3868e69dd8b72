package io.securitylake.subscriber.sigma;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A Sigma filter (the {@code filter:} rule kind of the Sigma specification) compiled for one tenant: the rules it
 * applies to ({@code rules:} their ids, or {@code any}) and its condition, which an event must meet to stay a match of
 * those rules. {@code condition: not selection} excepts the events the selection matches. Its {@code logsource}, when
 * given, is read but selects nothing: the filter applies to the rules it names.
 *
 * @param uid    the filter's {@code id}
 * @param rules  the rule uids it applies to; empty for {@code any}
 * @param keeps  the filter's condition: false for an event the filter excepts
 * @param fields the fields its selections name, in order
 * @param key    when the filter can only except events whose field equals one of some literal texts ({@code not
 *               selection} with a field compared to plain texts): that field and those texts, lower case; else null
 */
public record SigmaFilter(String uid, String title, List<String> rules, Predicate<Map<String, Object>> keeps,
                   List<String> fields, Key key) {

    /** A field and the lower-case texts one of which it must equal for the filter to except an event. */
    public record Key(String field, java.util.Set<String> values) {
    }

    private static final java.util.regex.Pattern LITERAL = java.util.regex.Pattern.compile("[^*?\\\\]+");

    /** Whether the filter applies to every rule. */
    public boolean anyRule() {
        return rules.isEmpty();
    }

    /** Whether the filter excepts this event from its rules. */
    public boolean excepts(Map<String, Object> event) {
        return !keeps.test(event);
    }

    /**
     * Reads a filter file; {@link RuleRefused} with line and field for anything that is not a filter the engine
     * honours whole: no {@code filter:}, no rule list, a selection without a field, an unknown field or modifier.
     */
    public static SigmaFilter parse(String text, String fallbackUid) {
        Node document;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            document = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new RuleRefused(e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1, null,
                    "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new RuleRefused(0, null, "not valid YAML (one filter per file): " + e.getMessage());
        }
        if (document == null) {
            throw new RuleRefused(1, null, "the file is empty");
        }
        Map<String, Node> top = SigmaParser.mapping(document, "filter file");
        String title = SigmaParser.text(SigmaParser.required(top, "title", document), "title");
        String uid = top.containsKey("id") ? SigmaParser.text(top.get("id"), "id") : fallbackUid;
        if (uid == null) {
            throw new RuleRefused(SigmaParser.line(document), "id", "a filter needs an id");
        }
        SigmaParser.checkUid(uid, SigmaParser.line(top.containsKey("id") ? top.get("id") : document));
        Node filterNode = top.get("filter");
        if (filterNode == null) {
            throw new RuleRefused(SigmaParser.line(document), "filter",
                    "not a Sigma filter: it has no 'filter:' (a filter names its rules, selections and a condition)");
        }
        Map<String, Node> filter = SigmaParser.mapping(filterNode, "filter");
        List<String> rules = rules(SigmaParser.required(filter, "rules", filterNode));
        Node condition = SigmaParser.required(filter, "condition", filterNode);
        Map<String, Predicate<Map<String, Object>>> selections = new LinkedHashMap<>();
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, Node> e : filter.entrySet()) {
            if (e.getKey().equals("rules") || e.getKey().equals("condition")) {
                continue;
            }
            fields.addAll(fields(e.getKey(), e.getValue()));
            selections.put(e.getKey(), SigmaParser.selection(e.getKey(), e.getValue()));
        }
        if (fields.isEmpty()) {
            throw new RuleRefused(SigmaParser.line(filterNode), "filter",
                    "a filter without a field condition would except every event of its rules: name at least one field");
        }
        String conditionText = SigmaParser.text(condition, "filter.condition");
        Predicate<Map<String, Object>> keeps = ConditionParser.parse(conditionText, selections, SigmaParser.line(condition));
        return new SigmaFilter(uid, title, rules, keeps, List.copyOf(fields), key(filter, conditionText));
    }

    /**
     * The key of a filter {@code not <selection>} whose one selection compares a field (no modifier) to literal texts:
     * an event whose field holds none of them keeps its match, so the filter need not be tried on it.
     */
    private static Key key(Map<String, Node> filter, String condition) {
        List<String> names = filter.keySet().stream().filter(k -> !k.equals("rules") && !k.equals("condition")).toList();
        if (names.size() != 1 || !condition.strip().equals("not " + names.get(0))
                || !(filter.get(names.get(0)) instanceof MappingNode selection)) {
            return null;
        }
        for (org.yaml.snakeyaml.nodes.NodeTuple t : selection.getValue()) {
            String field = SigmaParser.text(t.getKeyNode(), "filter");
            List<Node> values = t.getValueNode() instanceof SequenceNode seq ? seq.getValue() : List.of(t.getValueNode());
            java.util.Set<String> texts = new java.util.HashSet<>();
            for (Node v : values) {
                if (!(v instanceof ScalarNode s) || !org.yaml.snakeyaml.nodes.Tag.STR.equals(s.getTag())
                        || !LITERAL.matcher(s.getValue()).matches()) {
                    texts = null;
                    break;
                }
                texts.add(s.getValue().toLowerCase(java.util.Locale.ROOT));
            }
            if (!field.contains("|") && texts != null && !texts.isEmpty()) {
                return new Key(field, java.util.Set.copyOf(texts));
            }
        }
        return null;
    }

    private static List<String> rules(Node node) {
        if (node instanceof ScalarNode s && s.getValue().strip().equalsIgnoreCase("any")) {
            return List.of();
        }
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            throw new RuleRefused(SigmaParser.line(node), "filter.rules", "rules must be a list of rule ids, or 'any'");
        }
        List<String> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
            out.add(SigmaParser.text(n, "filter.rules"));
        }
        return List.copyOf(out);
    }

    /** The field names of a selection (a map, or a list of maps); a selection with no field is refused. */
    private static List<String> fields(String name, Node node) {
        List<String> out = new ArrayList<>();
        if (node instanceof MappingNode m) {
            m.getValue().forEach(t -> out.add(SigmaParser.text(t.getKeyNode(), "filter." + name).split("\\|", -1)[0]));
        } else if (node instanceof SequenceNode s) {
            for (Node item : s.getValue()) {
                List<String> of = fields(name, item);
                if (of.isEmpty()) {
                    throw new RuleRefused(SigmaParser.line(item), "filter." + name, "a selection without a field");
                }
                out.addAll(of);
            }
        }
        if (out.isEmpty()) {
            throw new RuleRefused(SigmaParser.line(node), "filter." + name, "a selection without a field");
        }
        return out;
    }
}

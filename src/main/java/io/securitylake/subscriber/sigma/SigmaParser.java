package io.securitylake.subscriber.sigma;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one Sigma rule file into a {@link SigmaRule}, or refuses it whole with the line and field at fault. Read
 * as a YAML node tree (never constructs objects from tags), so that every refusal can say where it is.
 * A file may also hold Sigma correlation rules with their base rules ({@link CorrelationParser}); other rule
 * collections are refused; unknown top-level attributes are ignored, as Sigma allows.
 */
public final class SigmaParser {

    public static final Map<String, Integer> LEVELS = Map.of("informational", 1, "low", 2, "medium", 3, "high", 4, "critical", 5);
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private SigmaParser() {
    }

    /** A single-rule file (tests and callers that know the file holds one plain rule). */
    public static SigmaRule parse(String file, String fallbackUid, String text) {
        RuleFile parsed = parseFile(file, fallbackUid, text);
        if (!parsed.drafts().isEmpty() || parsed.rules().size() != 1) {
            throw new RuleRefused(1, null, "not a single rule");
        }
        return parsed.rules().get(0);
    }

    /**
     * One rule file: a single Sigma rule, or (Sigma correlation rules) several documents of which at least one has
     * {@code correlation:} and the others are the base rules it refers to, by {@code name} or {@code id}.
     * References are resolved later ({@link CorrelationParser#resolve}), when every file of the folder is read.
     */
    public static RuleFile parseFile(String file, String fallbackUid, String text) {
        List<Node> documents = new ArrayList<>();
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            for (Node node : new Yaml(options).composeAll(new StringReader(text))) {
                if (node != null) {
                    documents.add(node);
                }
            }
        } catch (MarkedYAMLException e) {
            throw new RuleRefused(e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1, null,
                    "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new RuleRefused(0, null, "not valid YAML: " + e.getMessage());
        }
        if (documents.isEmpty()) {
            throw new RuleRefused(1, null, "the file is empty");
        }
        List<Map<String, Node>> tops = new ArrayList<>();
        for (Node document : documents) {
            Map<String, Node> top = mapping(document, "rule");
            if (top.containsKey("action")) {
                throw new RuleRefused(line(top.get("action")), "action", "rule collections (action) are not supported");
            }
            tops.add(top);
        }
        boolean correlated = tops.stream().anyMatch(t -> t.containsKey("correlation"));
        if (documents.size() > 1 && !correlated) {
            throw new RuleRefused(line(documents.get(1)), null,
                    "several YAML documents without a correlation (rule collections) are not supported");
        }
        List<SigmaRule> rules = new ArrayList<>();
        List<CorrelationParser.Draft> drafts = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            Map<String, Node> top = tops.get(i);
            if (top.containsKey("correlation")) {
                drafts.add(CorrelationParser.draft(top, documents.get(i), file, fallbackUid));
            } else {
                rules.add(rule(top, documents.get(i), file, fallbackUid, correlated));
            }
        }
        return new RuleFile(file, rules, drafts);
    }

    /** What one file holds, before the correlations' references are resolved. */
    public record RuleFile(String file, List<SigmaRule> rules, List<CorrelationParser.Draft> drafts) {
    }

    private static SigmaRule rule(Map<String, Node> top, Node document, String file, String fallbackUid,
                                  boolean inCorrelationFile) {
        String title = text(required(top, "title", document), "title");
        String name = top.containsKey("name") ? text(top.get("name"), "name") : null;
        String uid;
        if (top.containsKey("id")) {
            uid = text(top.get("id"), "id");
        } else if (!inCorrelationFile) {
            uid = fallbackUid;
        } else if (name != null) {
            uid = fallbackUid + "." + name;
        } else {
            throw new RuleRefused(line(document), "name",
                    "a base rule in a correlation file needs a name or an id for the correlation to refer to it");
        }
        checkUid(uid, top.containsKey("id") ? line(top.get("id")) : line(document));
        String level = level(top);
        List<String> tags = tags(top);
        Node logsourceNode = required(top, "logsource", document);
        Map<String, Node> ls = mapping(logsourceNode, "logsource");
        Logsource logsource = Logsource.of(optionalText(ls, "product"), optionalText(ls, "service"),
                optionalText(ls, "category"), line(logsourceNode));
        Set<String> placeholders = new TreeSet<>();
        Map<String, List<String>> fields = new LinkedHashMap<>();
        Function<String, OcsfPaths.FieldReader> reading = field -> {
            OcsfPaths.FieldReader reader = logsource.field(field);
            if (reader != null) {
                fields.putIfAbsent(field, reader.paths());
            }
            return reader;
        };
        Predicate<Map<String, Object>> detection = detection(required(top, "detection", document), reading, placeholders);
        String status = top.containsKey("status") ? text(top.get("status"), "status").toLowerCase(Locale.ROOT) : null;
        Suppression suppression = top.containsKey("suppress") ? Suppression.parse(top.get("suppress")) : null;
        return new SigmaRule(uid, title, level, LEVELS.get(level), List.copyOf(tags), logsource, detection, file, name,
                !inCorrelationFile, status, suppression, Set.copyOf(placeholders), Map.copyOf(fields),
                SilentFields.of(logsource, fields));
    }

    static void checkUid(String uid, int line) {
        if (!UID.matcher(uid).matches() || uid.equals("lake-finding")) {
            throw new RuleRefused(line, "id",
                    "a rule id is letters, digits, '.', '_' and '-' (at most 128), and not 'lake-finding'");
        }
    }

    static String level(Map<String, Node> top) {
        String level = top.containsKey("level") ? text(top.get("level"), "level").toLowerCase(Locale.ROOT) : "medium";
        if (!LEVELS.containsKey(level)) {
            throw new RuleRefused(line(top.get("level")), "level", "unknown level '" + level + "'; one of "
                    + LEVELS.keySet().stream().sorted().toList());
        }
        return level;
    }

    static List<String> tags(Map<String, Node> top) {
        List<String> tags = new ArrayList<>();
        if (top.containsKey("tags")) {
            for (Node tag : sequence(top.get("tags"), "tags")) {
                tags.add(text(tag, "tags").toLowerCase(Locale.ROOT));
            }
        }
        return tags;
    }

    private static Predicate<Map<String, Object>> detection(Node node, Function<String, OcsfPaths.FieldReader> fields,
                                                            Set<String> placeholders) {
        Map<String, Node> entries = mapping(node, "detection");
        Node condition = entries.get("condition");
        if (condition == null) {
            throw new RuleRefused(line(node), "detection.condition", "the detection has no condition");
        }
        if (entries.containsKey("timeframe")) {
            throw new RuleRefused(line(entries.get("timeframe")), "detection.timeframe",
                    "timeframe is not supported; use a correlation rule");
        }
        Map<String, Predicate<Map<String, Object>>> selections = new LinkedHashMap<>();
        entries.forEach((name, value) -> {
            if (!name.equals("condition")) {
                selections.put(name, selection(name, value, fields, placeholders));
            }
        });
        if (condition instanceof SequenceNode) {
            throw new RuleRefused(line(condition), "detection.condition", "a list of conditions is not supported");
        }
        return ConditionParser.parse(text(condition, "detection.condition"), selections, line(condition));
    }

    /** A selection of a filter (an exception): Sigma's CloudTrail fields and OCSF paths. */
    static Predicate<Map<String, Object>> selection(String name, Node node) {
        return selection(name, node, OcsfPaths::reader, new TreeSet<>());
    }

    /**
     * A map is an AND of its fields; a list of maps is an OR of them; a list of strings (or one string) is a keyword
     * list, any of them contained in the event's text ({@link KeywordFields}). The names of the {@code expand}
     * placeholders met are added to {@code placeholders}.
     */
    private static Predicate<Map<String, Object>> selection(String name, Node node,
                                                             Function<String, OcsfPaths.FieldReader> fields,
                                                             Set<String> placeholders) {
        if (node instanceof MappingNode) {
            Predicate<Map<String, Object>> all = e -> true;
            for (NodeTuple tuple : ((MappingNode) node).getValue()) {
                String key = text(tuple.getKeyNode(), "detection." + name);
                Node value = tuple.getValueNode();
                List<Object> values = new ArrayList<>();
                if (value instanceof SequenceNode seq) {
                    for (Node item : seq.getValue()) {
                        values.add(scalar(item, "detection." + name + "." + key));
                    }
                } else {
                    values.add(scalar(value, "detection." + name + "." + key));
                }
                if (Arrays.asList(key.split("\\|")).contains("expand")) {
                    values.stream().filter(v -> v != null).forEach(v -> placeholders.addAll(FieldMatcher.placeholders(v.toString())));
                }
                all = all.and(FieldMatcher.compile(key, values, line(tuple.getKeyNode()), fields));
            }
            return all;
        }
        if (node instanceof SequenceNode seq && !seq.getValue().isEmpty()
                && seq.getValue().stream().allMatch(n -> n instanceof MappingNode)) {
            Predicate<Map<String, Object>> any = e -> false;
            for (Node item : seq.getValue()) {
                any = any.or(selection(name, item, fields, placeholders));
            }
            return any;
        }
        if (node instanceof ScalarNode || node instanceof SequenceNode seq && !seq.getValue().isEmpty()
                && seq.getValue().stream().allMatch(n -> n instanceof ScalarNode)) {
            List<Object> keywords = new ArrayList<>();
            for (Node item : node instanceof SequenceNode seq ? seq.getValue() : List.of(node)) {
                Object keyword = scalar(item, "detection." + name);
                if (keyword == null) {
                    throw new RuleRefused(line(item), "detection." + name, "a keyword cannot be null");
                }
                keywords.add(keyword);
            }
            return FieldMatcher.compile("keywords|contains", keywords, line(node), f -> KeywordFields.READER);
        }
        throw new RuleRefused(line(node), "detection." + name,
                "a selection is a map of fields, a list of such maps, or a list of keywords (strings)");
    }

    private static Object scalar(Node node, String field) {
        if (!(node instanceof ScalarNode s)) {
            throw new RuleRefused(line(node), field, "a value must be a string, number, boolean or null");
        }
        Tag tag = s.getTag();
        String v = s.getValue();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            // SnakeYAML reads YAML 1.1, where yes/no/on/off are booleans; Sigma reads YAML 1.2, where they are text
            String lower = v.toLowerCase(Locale.ROOT);
            return lower.equals("true") || lower.equals("false") ? Boolean.valueOf(lower) : v;
        }
        return v; // numbers compare as written (and numerically under gt/gte/lt/lte)
    }

    static Map<String, Node> mapping(Node node, String field) {
        if (!(node instanceof MappingNode m)) {
            throw new RuleRefused(line(node), field, field + " must be a map");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            out.put(text(t.getKeyNode(), field), t.getValueNode());
        }
        return out;
    }

    static List<Node> sequence(Node node, String field) {
        if (!(node instanceof SequenceNode s)) {
            throw new RuleRefused(line(node), field, field + " must be a list");
        }
        return s.getValue();
    }

    static Node required(Map<String, Node> map, String key, Node parent) {
        Node node = map.get(key);
        if (node == null) {
            throw new RuleRefused(line(parent), key, "the rule has no " + key);
        }
        return node;
    }

    private static String optionalText(Map<String, Node> map, String key) {
        Node node = map.get(key);
        return node == null ? null : text(node, "logsource." + key);
    }

    static String text(Node node, String field) {
        if (!(node instanceof ScalarNode s) || Tag.NULL.equals(s.getTag()) || s.getValue().isBlank()) {
            throw new RuleRefused(line(node), field, field + " must be a non-empty text");
        }
        return s.getValue().trim();
    }

    static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }
}

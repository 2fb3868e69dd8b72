package io.securitylake.subscriber.sigma;

import static io.securitylake.subscriber.sigma.SigmaParser.line;
import static io.securitylake.subscriber.sigma.SigmaParser.mapping;
import static io.securitylake.subscriber.sigma.SigmaParser.required;
import static io.securitylake.subscriber.sigma.SigmaParser.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The {@code correlation:} documents of a rule file (Sigma correlation rules, specification 2.0): {@code event_count}
 * and {@code value_count} are honoured; {@code temporal}, {@code temporal_ordered}, {@code aliases} and correlations
 * of correlations are refused with the line and field at fault. {@code group-by} and {@code field} name fields the
 * way detections do ({@link OcsfPaths}). A correlation refers to the base rules of its own file by {@code name} or
 * {@code id}, or to a plain rule file of the folder by its {@code id}.
 */
public final class CorrelationParser {

    private static final Pattern TIMESPAN = Pattern.compile("([1-9][0-9]{0,6})([smhd])");
    private static final long MAX_SPAN_MS = 7L * 24 * 3600 * 1000;
    private static final Set<String> SECTION = Set.of("type", "rules", "group-by", "timespan", "condition", "generate",
            "aliases");
    private static final Set<String> BOUNDS = Set.of("gt", "gte", "lt", "lte", "eq");

    /** A correlation as written: its rule references, with their lines, are resolved once the folder is read. */
    record Draft(SigmaCorrelation correlation, List<String> refs, List<Integer> refLines, String name,
                 boolean generate) {
    }

    /** A file's rules and correlations with every reference resolved. */
    public record Resolved(List<SigmaRule> rules, List<SigmaCorrelation> correlations) {
    }

    private CorrelationParser() {
    }

    static Draft draft(Map<String, Node> top, Node document, String file, String fallbackUid) {
        String title = text(required(top, "title", document), "title");
        String name = top.containsKey("name") ? text(top.get("name"), "name") : null;
        String uid = top.containsKey("id") ? text(top.get("id"), "id") : name != null ? name : fallbackUid;
        SigmaParser.checkUid(uid, top.containsKey("id") ? line(top.get("id")) : line(document));
        String level = SigmaParser.level(top);
        List<String> tags = SigmaParser.tags(top);
        Map<String, Node> section = mapping(top.get("correlation"), "correlation");
        for (Map.Entry<String, Node> e : section.entrySet()) {
            if (!SECTION.contains(e.getKey())) {
                throw new RuleRefused(line(e.getValue()), "correlation." + e.getKey(), "unknown correlation attribute '"
                        + e.getKey() + "'" + (e.getKey().equals("field") ? "; value_count takes its field in the condition" : ""));
            }
        }
        Node typeNode = required(section, "type", top.get("correlation"));
        String typeName = text(typeNode, "correlation.type").toLowerCase(Locale.ROOT);
        SigmaCorrelation.Type type = switch (typeName) {
            case "event_count" -> SigmaCorrelation.Type.EVENT_COUNT;
            case "value_count" -> SigmaCorrelation.Type.VALUE_COUNT;
            case "temporal", "temporal_ordered" -> throw new RuleRefused(line(typeNode), "correlation.type",
                    typeName + " correlations are not supported (event_count and value_count are)");
            default -> throw new RuleRefused(line(typeNode), "correlation.type", "unknown correlation type '" + typeName
                    + "'; event_count or value_count");
        };
        if (section.containsKey("aliases")) {
            throw new RuleRefused(line(section.get("aliases")), "correlation.aliases", "field name aliases are not supported");
        }
        List<String> refs = new ArrayList<>();
        List<Integer> refLines = new ArrayList<>();
        for (Node ref : list(required(section, "rules", top.get("correlation")), "correlation.rules")) {
            refs.add(text(ref, "correlation.rules"));
            refLines.add(line(ref));
        }
        List<SigmaCorrelation.GroupField> groupBy = new ArrayList<>();
        if (section.containsKey("group-by")) {
            for (Node g : list(section.get("group-by"), "correlation.group-by")) {
                SigmaCorrelation.Field field = field(g, "correlation.group-by");
                groupBy.add(new SigmaCorrelation.GroupField(field, entityType(field.name())));
            }
        }
        long spanMs = timespan(required(section, "timespan", top.get("correlation")));
        Node conditionNode = required(section, "condition", top.get("correlation"));
        Map<String, Node> condition = mapping(conditionNode, "correlation.condition");
        SigmaCorrelation.Field valueField = null;
        if (condition.containsKey("field")) {
            if (type != SigmaCorrelation.Type.VALUE_COUNT) {
                throw new RuleRefused(line(condition.get("field")), "correlation.condition.field",
                        "field is for value_count correlations");
            }
            valueField = field(condition.get("field"), "correlation.condition.field");
        } else if (type == SigmaCorrelation.Type.VALUE_COUNT) {
            throw new RuleRefused(line(conditionNode), "correlation.condition.field",
                    "a value_count correlation names the field whose distinct values it counts (condition.field)");
        }
        boolean generate = bool(section.get("generate"), "correlation.generate") || bool(top.get("generate"), "generate");
        SigmaCorrelation c = new SigmaCorrelation(uid, title, level, SigmaParser.LEVELS.get(level), List.copyOf(tags),
                type, List.of(), List.copyOf(groupBy), spanMs, condition(condition, conditionNode), valueField, file);
        return new Draft(c, List.copyOf(refs), List.copyOf(refLines), name, generate);
    }

    /**
     * Resolves a file's correlations: each reference names a base rule of the file ({@code name}, then {@code id})
     * or a plain rule of another file ({@code id}). A base rule raises detections of its own only when a
     * correlation that refers to it says {@code generate: true}; a base rule no correlation refers to is refused.
     */
    public static Resolved resolve(SigmaParser.RuleFile file, Map<String, SigmaRule> plainRules) {
        Map<String, SigmaRule> own = new HashMap<>();
        for (SigmaRule r : file.rules()) {
            if (r.name() != null && own.put(r.name(), r) != null) {
                throw new RuleRefused(1, "name", "two rules of the file are named " + r.name());
            }
        }
        file.rules().forEach(r -> own.putIfAbsent(r.uid(), r));
        Set<String> correlationNames = new HashSet<>();
        file.drafts().forEach(d -> {
            correlationNames.add(d.correlation().uid());
            if (d.name() != null) {
                correlationNames.add(d.name());
            }
        });
        Set<String> referenced = new HashSet<>();
        Set<String> generated = new HashSet<>();
        List<SigmaCorrelation> correlations = new ArrayList<>();
        for (Draft d : file.drafts()) {
            List<String> uids = new ArrayList<>();
            for (int i = 0; i < d.refs().size(); i++) {
                String ref = d.refs().get(i);
                SigmaRule base = own.containsKey(ref) ? own.get(ref) : plainRules.get(ref);
                if (base == null) {
                    throw new RuleRefused(d.refLines().get(i), "correlation.rules", correlationNames.contains(ref)
                            ? "a correlation of correlations is not supported ('" + ref + "')"
                            : "no rule named '" + ref + "' in this file, nor a rule file with that id");
                }
                if (!uids.contains(base.uid())) {
                    uids.add(base.uid());
                }
                referenced.add(base.uid());
                if (d.generate()) {
                    generated.add(base.uid());
                }
            }
            SigmaCorrelation c = d.correlation();
            correlations.add(new SigmaCorrelation(c.uid(), c.title(), c.level(), c.severityId(), c.tags(), c.type(),
                    List.copyOf(uids), c.groupBy(), c.spanMs(), c.condition(), c.valueField(), c.file()));
        }
        List<SigmaRule> rules = new ArrayList<>();
        for (SigmaRule r : file.rules()) {
            if (!referenced.contains(r.uid())) {
                throw new RuleRefused(1, "name", "the base rule " + (r.name() != null ? r.name() : r.uid())
                        + " is referred to by no correlation of the file");
            }
            rules.add(new SigmaRule(r.uid(), r.title(), r.level(), r.severityId(), r.tags(), r.logsource(),
                    r.detection(), r.file(), r.name(), generated.contains(r.uid()), r.status(), r.suppression(),
                    r.placeholders(), r.fields(), r.silent()));
        }
        return new Resolved(rules, correlations);
    }

    static List<Node> list(Node node, String field) {
        if (node instanceof SequenceNode s) {
            if (s.getValue().isEmpty()) {
                throw new RuleRefused(line(node), field, field + " is empty");
            }
            return s.getValue();
        }
        return List.of(node);
    }

    static SigmaCorrelation.Field field(Node node, String where) {
        String name = text(node, where);
        OcsfPaths.FieldReader reader = OcsfPaths.reader(name);
        if (reader == null || name.contains("|")) {
            throw new RuleRefused(line(node), where, "unknown field '" + name + "': neither a mapped Sigma field nor an OCSF path");
        }
        return new SigmaCorrelation.Field(name, reader);
    }

    /** The entity type of a group-by value, from the OCSF path the field reads. */
    static String entityType(String name) {
        List<String> mapped = OcsfPaths.SIGMA_FIELDS.get(name);
        String path = mapped == null ? name : mapped.get(0);
        if (path.contains("account")) {
            return "account";
        }
        if (path.startsWith("actor.user") || path.startsWith("user.")) {
            return "user";
        }
        if (path.endsWith(".ip") || path.equals("ip")) {
            return "ip";
        }
        if (path.endsWith("hostname") || path.equals("device.name")) {
            return "host";
        }
        return "resource";
    }

    private static long timespan(Node node) {
        return timespan(node, "correlation.timespan");
    }

    /** A duration as Sigma writes a timespan: a number and one of s, m, h, d, at most 7d. */
    static long timespan(Node node, String where) {
        String text = text(node, where);
        Matcher m = TIMESPAN.matcher(text);
        if (!m.matches()) {
            throw new RuleRefused(line(node), where,
                    "a timespan is a number and one of s, m, h, d (e.g. 5m, 1h, 1d), not '" + text + "'");
        }
        long unit = switch (m.group(2)) {
            case "s" -> 1000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        long ms = Long.parseLong(m.group(1)) * unit;
        if (ms > MAX_SPAN_MS) {
            throw new RuleRefused(line(node), where, "a timespan is at most 7d");
        }
        return ms;
    }

    private static SigmaCorrelation.Condition condition(Map<String, Node> condition, Node node) {
        Map<String, Long> bounds = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : condition.entrySet()) {
            String key = e.getKey();
            if (key.equals("field")) {
                continue;
            }
            if (key.equals("range")) {
                // not in the specification, which writes a range as two bounds; some tools write "min..max"
                String[] range = text(e.getValue(), "correlation.condition.range").split("\\.\\.", -1);
                if (range.length != 2) {
                    throw new RuleRefused(line(e.getValue()), "correlation.condition.range", "a range is min..max");
                }
                bounds.put("gte", number(range[0].trim(), e.getValue(), "correlation.condition.range"));
                bounds.put("lte", number(range[1].trim(), e.getValue(), "correlation.condition.range"));
            } else if (BOUNDS.contains(key)) {
                bounds.put(key, number(text(e.getValue(), "correlation.condition." + key), e.getValue(),
                        "correlation.condition." + key));
            } else {
                throw new RuleRefused(line(e.getValue()), "correlation.condition." + key,
                        "unknown condition '" + key + "'; gt, gte, lt, lte, eq (several: all must hold), field");
            }
        }
        if (bounds.isEmpty()) {
            throw new RuleRefused(line(node), "correlation.condition", "the condition has no bound (gt, gte, lt, lte, eq)");
        }
        SigmaCorrelation.Condition c = new SigmaCorrelation.Condition(bounds.get("gt"), bounds.get("gte"),
                bounds.get("lt"), bounds.get("lte"), bounds.get("eq"));
        long lowest = Math.max(Math.max(c.gt() == null ? 0 : c.gt() + 1, c.gte() == null ? 0 : c.gte()),
                c.eq() == null ? 0 : c.eq());
        long highest = Math.min(Math.min(c.lt() == null ? Long.MAX_VALUE : c.lt() - 1,
                c.lte() == null ? Long.MAX_VALUE : c.lte()), c.eq() == null ? Long.MAX_VALUE : c.eq());
        if (lowest > highest) {
            throw new RuleRefused(line(node), "correlation.condition", "no count satisfies the condition");
        }
        return c;
    }

    private static long number(String text, Node node, String field) {
        try {
            long n = Long.parseLong(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new RuleRefused(line(node), field, "a count is a whole number of 0 or more, not '" + text + "'");
    }

    private static boolean bool(Node node, String field) {
        if (node == null) {
            return false;
        }
        if (node instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
            return Boolean.parseBoolean(s.getValue().toLowerCase(Locale.ROOT));
        }
        throw new RuleRefused(line(node), field, field + " is true or false");
    }
}

package io.securitylake.subscriber.sigma;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A rule's suppression: the first match of a group ({@code by} fields) in a window of {@code for} is a detection, the
 * later ones only raise its {@code count} and last-seen time. Windows are tumbling and aligned to the epoch, like a
 * correlation's, so every replica and replay puts a match in the same window; the engine counts a suppressed rule as
 * an {@code event_count ≥ 1} correlation of that rule alone (state in the tenant's {@code correlation_events}, one
 * row per event, effectively once), whose detection is the rule's own.
 *
 * @param by    the fields that make a group, each with its reader and entity type
 * @param forMs the window
 */
public record Suppression(List<SigmaCorrelation.GroupField> by, long forMs) {

    /** A rule file's {@code suppress: {by: [fields], for: 1h}}. */
    static Suppression parse(Node node) {
        Map<String, Node> section = SigmaParser.mapping(node, "suppress");
        for (String key : section.keySet()) {
            if (!key.equals("by") && !key.equals("for")) {
                throw new RuleRefused(SigmaParser.line(section.get(key)), "suppress." + key,
                        "a suppression has by (fields) and for (a duration such as 1h)");
            }
        }
        List<SigmaCorrelation.GroupField> by = new ArrayList<>();
        for (Node f : CorrelationParser.list(SigmaParser.required(section, "by", node), "suppress.by")) {
            SigmaCorrelation.Field field = CorrelationParser.field(f, "suppress.by");
            by.add(new SigmaCorrelation.GroupField(field, CorrelationParser.entityType(field.name())));
        }
        return new Suppression(List.copyOf(by), CorrelationParser.timespan(SigmaParser.required(section, "for", node),
                "suppress.for"));
    }

    /** A tenant's setting: {@code by} comma-separated, {@code for} a duration; {@link RuleRefused} when unusable. */
    public static Suppression of(String by, Duration window) {
        if (by == null || by.isBlank()) {
            throw new RuleRefused(0, "suppress.by", "a suppression needs by: the fields that make a group");
        }
        if (window == null || window.toMillis() < 1000 || window.toDays() > 7) {
            throw new RuleRefused(0, "suppress.for", "a suppression needs for: a duration from 1s to 7d");
        }
        List<SigmaCorrelation.GroupField> fields = new ArrayList<>();
        for (String name : by.split(",")) {
            SigmaCorrelation.Field field = CorrelationParser.field(new ScalarNode(org.yaml.snakeyaml.nodes.Tag.STR,
                    name.strip(), null, null, org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN), "suppress.by");
            fields.add(new SigmaCorrelation.GroupField(field, CorrelationParser.entityType(field.name())));
        }
        return new Suppression(List.copyOf(fields), window.toMillis());
    }

    /** The rule, suppressed: an event_count ≥ 1 correlation of the rule alone, with the rule's uid, title and level. */
    public SigmaCorrelation of(SigmaRule rule) {
        return new SigmaCorrelation(rule.uid(), rule.title(), rule.level(), rule.severityId(), rule.tags(),
                SigmaCorrelation.Type.SUPPRESSION, List.of(rule.uid()), by, forMs,
                new SigmaCorrelation.Condition(null, 1L, null, null, null), null, rule.file());
    }
}

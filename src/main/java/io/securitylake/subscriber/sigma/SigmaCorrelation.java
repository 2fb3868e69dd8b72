package io.securitylake.subscriber.sigma;

import java.util.List;
import java.util.Map;

/**
 * A Sigma correlation rule the engine honours: {@code event_count} or {@code value_count} of the events that its
 * base rules match, per group of {@code group-by} values, in tumbling windows of {@code timespan} aligned to the
 * epoch (a window is {@code [k × span, (k + 1) × span)}), so that every replica and every replay puts an event in
 * the same window.
 *
 * @param uid        the correlation's {@code id} (or name, or the file name)
 * @param baseRules  uids of the rules whose matches it counts
 * @param groupBy    the {@code group-by} fields, each with its reader and the entity type its value names
 * @param valueField for {@code value_count}, the field whose distinct values are counted; else null
 */
public record SigmaCorrelation(String uid, String title, String level, int severityId, List<String> tags, Type type,
                        List<String> baseRules, List<GroupField> groupBy, long spanMs, Condition condition,
                        Field valueField, String file) {

    /** Sigma's correlation types; SUPPRESSION is a suppressed rule counted as its own event_count ≥ 1. */
    public enum Type { EVENT_COUNT, VALUE_COUNT, SUPPRESSION }

    /** A field of the correlation: its name as written and how it is read from an OCSF event. */
    public record Field(String name, OcsfPaths.FieldReader reader) {
    }

    /** A {@code group-by} field and the entity type ({@code user}, {@code ip}, ...) its value is. */
    public record GroupField(Field field, String entityType) {
    }

    /** Sigma's condition: every bound given must hold (a range is a lower and an upper bound). */
    public record Condition(Long gt, Long gte, Long lt, Long lte, Long eq) {

        public boolean holds(long count) {
            return (gt == null || count > gt) && (gte == null || count >= gte) && (lt == null || count < lt)
                    && (lte == null || count <= lte) && (eq == null || count == eq);
        }

        /**
         * True when more events can make the condition false ({@code lt}, {@code lte}, {@code eq}): such a window
         * is judged once, when it has closed; otherwise (only {@code gt}, {@code gte}) it is judged as events come.
         */
        public boolean bounded() {
            return lt != null || lte != null || eq != null;
        }

        public Map<String, Long> asMap() {
            Map<String, Long> out = new java.util.LinkedHashMap<>();
            if (gt != null) {
                out.put("gt", gt);
            }
            if (gte != null) {
                out.put("gte", gte);
            }
            if (lt != null) {
                out.put("lt", lt);
            }
            if (lte != null) {
                out.put("lte", lte);
            }
            if (eq != null) {
                out.put("eq", eq);
            }
            return out;
        }
    }

    /** ATT&CK tags without the {@code attack.} prefix. */
    public List<String> attackTags() {
        return tags.stream().filter(t -> t.startsWith("attack.")).map(t -> t.substring("attack.".length())).toList();
    }

    /** The window an event time falls in: its start, in epoch milliseconds. */
    public long windowOf(long timeMs) {
        return Math.floorDiv(timeMs, spanMs) * spanMs;
    }

    /** The Sigma name of the type ({@code event_count}, {@code value_count}). */
    public String typeName() {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }
}

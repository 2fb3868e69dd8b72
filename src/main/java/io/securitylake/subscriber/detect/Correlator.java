package io.securitylake.subscriber.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.sigma.SigmaCorrelation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Advances the tenant's correlation windows with a batch's base-rule matches and says which windows fire. A window
 * is a tumbling window of the timespan aligned to the epoch; it fires at most once: its detection's uid derives
 * from the correlation, the group and the window start. A condition with only lower bounds ({@code gt},
 * {@code gte}) is judged on every window the batch touched, as soon as it holds; one with an upper bound
 * ({@code lt}, {@code lte}, {@code eq}) only once the window has closed, that is when the correlation's newest
 * event is a whole timespan past the window's end (later events of a closed window are not counted for it, so a
 * judged window is never judged again); such windows are expired after the batch's detections are stored.
 * <p>
 * Windows of a condition with only lower bounds are kept while anything was recorded in them within the last
 * {@link #idleHold} of the service's clock, even when newer events have closed them: an object that arrives late (a
 * slow source, a replay, a backfill) is counted in the windows of its own events, and the events of another object
 * cannot expire them between two of its chunks.
 */
@Component
class Correlator {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The least time a window with lower bounds only is kept after its last recording. */
    static final Duration MIN_IDLE_HOLD = Duration.ofMinutes(15);

    private final CorrelationTable table;
    private final Clock clock;

    @Autowired
    Correlator(CorrelationTable table) {
        this(table, Clock.systemUTC());
    }

    /** On a clock of the caller's (tests). */
    Correlator(CorrelationTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    /** How long a window of a condition with lower bounds only is kept after its last recording. */
    static long idleHold(SigmaCorrelation c) {
        return Math.max(2 * c.spanMs(), MIN_IDLE_HOLD.toMillis());
    }

    /** A base rule's match, keyed for the correlation: its group and value; null when a group-by field is absent. */
    static CorrelationTable.Hit hit(SigmaCorrelation c, Map<String, Object> event, String eventUid, long timeMs) {
        List<String> group = new ArrayList<>(c.groupBy().size());
        for (SigmaCorrelation.GroupField g : c.groupBy()) {
            String v = first(g.field(), event);
            if (v == null) {
                return null;
            }
            group.add(v);
        }
        String value = null;
        if (c.valueField() != null) {
            value = first(c.valueField(), event);
            if (value == null) {
                return null;
            }
        }
        try {
            return new CorrelationTable.Hit(JSON.writeValueAsString(group), c.windowOf(timeMs), eventUid, timeMs, value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the hits of each correlation and returns the detections of the windows that fire. */
    List<Detection> advance(String tenant, Map<SigmaCorrelation, List<CorrelationTable.Hit>> hits) {
        List<Detection> out = new ArrayList<>();
        hits.forEach((c, list) -> {
            boolean values = c.type() == SigmaCorrelation.Type.VALUE_COUNT;
            List<CorrelationTable.Window> judged;
            if (c.condition().bounded()) {
                Long newest = table.newest(tenant, c.uid());
                long closed = newest == null ? Long.MIN_VALUE : closedUpTo(c, newest);
                table.record(tenant, c.uid(), list.stream().filter(h -> h.windowStartMs() > closed).toList(),
                        clock.millis());
                Long now = table.newest(tenant, c.uid());
                judged = now == null ? List.of() : table.windowsUpTo(tenant, c.uid(), values, closedUpTo(c, now));
            } else {
                table.record(tenant, c.uid(), list, clock.millis());
                judged = table.windows(tenant, c.uid(), values, list);
            }
            for (CorrelationTable.Window w : judged) {
                long count = values ? w.values() : w.events();
                if (c.condition().holds(count)) {
                    out.add(detection(c, w, count));
                }
            }
        });
        return out;
    }

    /**
     * Deletes the windows of these correlations that are a timespan past their end (after their detections are
     * stored): a judged window of a bounded condition at once, any other once it has also been idle for its hold.
     */
    void expire(String tenant, Collection<SigmaCorrelation> correlations) {
        for (SigmaCorrelation c : correlations) {
            Long newest = table.newest(tenant, c.uid());
            if (newest == null) {
                continue;
            }
            if (c.condition().bounded()) {
                table.expire(tenant, c.uid(), closedUpTo(c, newest));
            } else {
                table.expireIdle(tenant, c.uid(), closedUpTo(c, newest), clock.millis() - idleHold(c));
            }
        }
    }

    /** The start of the newest window that is closed when the correlation's newest event is at {@code newestMs}. */
    private static long closedUpTo(SigmaCorrelation c, long newestMs) {
        return c.windowOf(newestMs) - 2 * c.spanMs();
    }

    private Detection detection(SigmaCorrelation c, CorrelationTable.Window w, long count) {
        List<String> values = groupValues(w.groupKey());
        List<Entities.Entity> entities = new ArrayList<>();
        Map<String, Object> groupBy = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            SigmaCorrelation.GroupField g = c.groupBy().get(i);
            groupBy.put(g.field().name(), values.get(i));
            Entities.Entity e = new Entities.Entity(g.entityType(), values.get(i));
            if (!entities.contains(e)) {
                entities.add(e);
            }
        }
        Map<String, Object> correlation = new LinkedHashMap<>();
        correlation.put("type", c.typeName());
        correlation.put("rules", c.baseRules());
        correlation.put("group_by", groupBy);
        correlation.put("timespan_ms", c.spanMs());
        correlation.put("window_start_time", w.startMs());
        correlation.put("window_end_time", w.startMs() + c.spanMs());
        correlation.put("condition", c.condition().asMap());
        correlation.put("count", count);
        correlation.put("event_count", w.events());
        if (c.valueField() != null) {
            correlation.put("field", c.valueField().name());
            correlation.put("values", w.distinctValues());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("finding_info", Map.of("uid", c.uid(), "title", c.title()));
        details.put("tags", c.tags());
        if (c.type() == SigmaCorrelation.Type.SUPPRESSION) {
            Map<String, Object> suppression = new LinkedHashMap<>();
            suppression.put("by", groupBy);
            suppression.put("for_ms", c.spanMs());
            suppression.put("window_start_time", w.startMs());
            suppression.put("window_end_time", w.startMs() + c.spanMs());
            suppression.put("count", count);
            details.put("suppression", suppression);
            details.put("count", count);
        } else {
            details.put("correlation", correlation);
        }
        return new Detection(Detection.uidOf(c.uid(), w.groupKey() + "@" + w.startMs()), w.lastMs(), c.severityId(),
                c.uid(), c.title(), w.eventUids(), entities, c.attackTags(), w.firstMs(), w.lastMs(), null, details);
    }

    private static List<String> groupValues(String key) {
        try {
            return JSON.readValue(key, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a correlation group that is not a JSON list: " + key, e);
        }
    }

    private static String first(SigmaCorrelation.Field field, Map<String, Object> event) {
        List<Object> values = field.reader().read(event);
        if (values.isEmpty() || values.get(0) == null || values.get(0).toString().isBlank()) {
            return null;
        }
        return values.get(0).toString();
    }
}

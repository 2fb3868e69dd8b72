package io.securitylake.subscriber.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.intel.Indicator;
import io.securitylake.subscriber.intel.IndicatorType;
import io.securitylake.subscriber.intel.IntelIndicators;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The only code that reads or writes a tenant's {@code intel_lookback_indicators} and {@code intel_lookback_passes}
 * (tenant migration V20), and the one query of the back-in-time scan over its {@code events}.
 */
final class IntelLookbackTable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A pass under way: its window and where its scan is. */
    record Pass(long id, Instant from, Instant to, Instant cursorTime, String cursorUid) {
    }

    /** A stored event as the scan reads it. */
    record StoredEvent(String uid, Instant time, Integer classUid, String json) {
    }

    private final JdbcTemplate jdbc;

    IntelLookbackTable(DataSource tenantStore) {
        this.jdbc = new JdbcTemplate(tenantStore);
    }

    /** Queues the indicators a read brought; one already queued (ever) is not queued again. */
    int queue(List<Indicator> indicators, String feed, Integer severity) {
        List<Object[]> rows = new ArrayList<>(indicators.size());
        for (Indicator i : indicators) {
            rows.add(new Object[] {IntelIndicators.key(i), feed, severity, json(i)});
        }
        int queued = 0;
        for (int from = 0; from < rows.size(); from += 1000) {
            for (int n : jdbc.batchUpdate("""
                    INSERT INTO intel_lookback_indicators (indicator_key, feed, severity, indicator)
                    VALUES (?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING""", rows.subList(from, Math.min(rows.size(), from + 1000)))) {
                queued += Math.max(n, 0);
            }
        }
        return queued;
    }

    /** The pass under way, if any. */
    Optional<Pass> open() {
        return jdbc.query("""
                SELECT pass_id, window_from, window_to, cursor_time, cursor_uid FROM intel_lookback_passes
                 WHERE ended_at IS NULL ORDER BY pass_id LIMIT 1""",
                (rs, n) -> new Pass(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(), rs.getString(5)))
                .stream().findFirst();
    }

    /** A new pass over {@code [from, to)} for the pending indicators; empty when none is pending. */
    Optional<Pass> start(Instant from, Instant to) {
        List<Long> ids = jdbc.query("""
                INSERT INTO intel_lookback_passes (window_from, window_to, indicators)
                SELECT ?, ?, count(*) FROM intel_lookback_indicators WHERE pass_id IS NULL
                HAVING count(*) > 0 RETURNING pass_id""", (rs, n) -> rs.getLong(1), Timestamp.from(from), Timestamp.from(to));
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        long id = ids.get(0);
        jdbc.update("UPDATE intel_lookback_indicators SET pass_id = ? WHERE pass_id IS NULL", id);
        return Optional.of(new Pass(id, from, to, null, null));
    }

    /** The indicators of a pass, and the severity of each feed's detections (null: from the confidence). */
    List<Indicator> indicators(long passId, Map<String, Integer> severityByFeed) {
        return jdbc.query("SELECT feed, severity, indicator::text FROM intel_lookback_indicators WHERE pass_id = ?",
                (rs, n) -> {
                    severityByFeed.put(rs.getString(1), (Integer) rs.getObject(2));
                    return indicator(rs.getString(3));
                }, passId);
    }

    /**
     * The next events of the pass's window after its cursor, in (event_time, event_uid) order: a range scan of index
     * events_time in the window's daily partitions only.
     */
    List<StoredEvent> events(Pass pass, int limit) {
        Timestamp to = Timestamp.from(pass.to());
        if (pass.cursorTime() == null) {
            return jdbc.query("""
                    SELECT event_uid, event_time, class_uid, event::text FROM events
                     WHERE event_time >= ? AND event_time < ? ORDER BY event_time, event_uid LIMIT ?""",
                    (rs, n) -> row(rs), Timestamp.from(pass.from()), to, limit);
        }
        return jdbc.query("""
                SELECT event_uid, event_time, class_uid, event::text FROM events
                 WHERE event_time < ? AND (event_time, event_uid) > (?, ?) ORDER BY event_time, event_uid LIMIT ?""",
                (rs, n) -> row(rs), to, Timestamp.from(pass.cursorTime()), pass.cursorUid(), limit);
    }

    /** The pass has scanned up to this event. */
    void advance(long passId, Instant time, String uid, int scanned, int matched) {
        jdbc.update("""
                UPDATE intel_lookback_passes SET cursor_time = ?, cursor_uid = ?, scanned = scanned + ?,
                       matched = matched + ? WHERE pass_id = ?""", Timestamp.from(time), uid, scanned, matched, passId);
    }

    /** The pass scanned its whole window: it and its indicators are done. */
    void end(long passId, int scanned, int matched) {
        jdbc.update("""
                UPDATE intel_lookback_passes SET ended_at = now(), scanned = scanned + ?, matched = matched + ?
                 WHERE pass_id = ?""", scanned, matched, passId);
        jdbc.update("UPDATE intel_lookback_indicators SET done_at = now() WHERE pass_id = ?", passId);
    }

    private static StoredEvent row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StoredEvent(rs.getString(1), rs.getTimestamp(2).toInstant(), (Integer) rs.getObject(3), rs.getString(4));
    }

    private static String json(Indicator i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("feed", i.feed());
        m.put("type", i.type().id());
        m.put("value", i.value());
        m.put("stix_id", i.stixId());
        m.put("name", i.name());
        m.put("valid_from", i.validFrom() == null ? null : i.validFrom().toString());
        m.put("valid_until", i.validUntil() == null ? null : i.validUntil().toString());
        m.put("revoked", i.revoked());
        m.put("confidence", i.confidence());
        m.put("labels", i.labels());
        m.put("kill_chain_phases", i.killChainPhases());
        m.put("modified", i.modified() == null ? null : i.modified().toString());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Indicator indicator(String text) {
        try {
            Map<String, Object> m = JSON.readValue(text, Map.class);
            return new Indicator((String) m.get("feed"), IndicatorType.of((String) m.get("type")), (String) m.get("value"),
                    (String) m.get("stix_id"), (String) m.get("name"), time(m.get("valid_from")), time(m.get("valid_until")),
                    Boolean.TRUE.equals(m.get("revoked")), ((Number) m.get("confidence")).intValue(),
                    (List<String>) m.get("labels"), (List<String>) m.get("kill_chain_phases"), time(m.get("modified")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a queued indicator is not JSON", e);
        }
    }

    private static Instant time(Object text) {
        return text == null ? null : Instant.parse(text.toString());
    }
}

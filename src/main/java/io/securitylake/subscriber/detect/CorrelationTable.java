package io.securitylake.subscriber.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The only code that writes a tenant's {@code correlation_events} and {@code correlation_windows}: the matches of a
 * correlation's base rules, one row per (correlation, group, window, event) — for a value_count one per (correlation,
 * group, window, value) — stored once whatever replays them, with the time it was recorded; each window's running
 * count, raised in the same statement by the rows really inserted; and the expiry of windows long closed or long
 * idle. Each call is its own statement (autocommit), so a replica that records after another one's recording sees it
 * when it counts.
 */
@Component
class CorrelationTable {

    /** Event uids and values a detection lists at most. */
    static final int LISTED = 100;

    /** A base rule's match as the correlation counts it. */
    record Hit(String groupKey, long windowStartMs, String eventUid, long timeMs, String value) {
    }

    /** What a window of one group holds now. */
    record Window(String groupKey, long startMs, long events, long values, long firstMs, long lastMs,
                  List<String> eventUids, List<String> distinctValues) {
    }

    /**
     * Inserts the matches, skipping those recorded before (same group, window and event, or for a value_count the
     * same value), and raises the running count of each window by the rows really inserted, in one statement.
     */
    private static final String INSERT = "WITH added AS (INSERT INTO correlation_events "
            + "(rule_uid, group_key, window_start_ms, event_uid, time_ms, value, recorded_ms) "
            + "SELECT ?, x.g, x.w, x.e, x.t, x.v, ? FROM jsonb_to_recordset(?::jsonb) AS x(g text, w bigint, e text, t bigint, v text) "
            + "ON CONFLICT DO NOTHING RETURNING rule_uid, group_key, window_start_ms, time_ms, recorded_ms), "
            + "counted AS (INSERT INTO correlation_windows AS c "
            + "(rule_uid, group_key, window_start_ms, events, first_ms, last_ms, recorded_ms) "
            + "SELECT rule_uid, group_key, window_start_ms, count(*), min(time_ms), max(time_ms), max(recorded_ms) "
            + "FROM added GROUP BY rule_uid, group_key, window_start_ms ORDER BY group_key, window_start_ms "
            + "ON CONFLICT (rule_uid, group_key, window_start_ms) DO UPDATE SET events = c.events + excluded.events, "
            + "first_ms = least(c.first_ms, excluded.first_ms), last_ms = greatest(c.last_ms, excluded.last_ms), "
            + "recorded_ms = greatest(c.recorded_ms, excluded.recorded_ms) RETURNING 1) "
            + "SELECT (SELECT count(*) FROM added), (SELECT count(*) FROM counted)";
    /**
     * A window as it is now: its running count and times, its first event uids by time and, for a value_count, its
     * first values (each row of a value_count is one value), each read through an index of the window's rows.
     */
    private static final String WINDOW = "SELECT w.group_key, w.window_start_ms, w.events, w.first_ms, w.last_ms, "
            + "ARRAY(SELECT e.event_uid FROM correlation_events e WHERE e.rule_uid = w.rule_uid "
            + "AND e.group_key = w.group_key AND e.window_start_ms = w.window_start_ms "
            + "ORDER BY e.time_ms, e.event_uid LIMIT " + LISTED + "), "
            + "ARRAY(SELECT e.value FROM correlation_events e WHERE ?::boolean AND e.rule_uid = w.rule_uid "
            + "AND e.group_key = w.group_key AND e.window_start_ms = w.window_start_ms AND e.value IS NOT NULL "
            + "ORDER BY e.value LIMIT " + LISTED + ") FROM correlation_windows w WHERE w.rule_uid = ? ";

    private final Function<String, DataSource> stores;
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    CorrelationTable(TenantStores stores) {
        this(stores::dataSource);
    }

    /** On the tenant stores a function gives (tests). */
    CorrelationTable(Function<String, DataSource> stores) {
        this.stores = stores;
    }

    /**
     * Records a correlation's hits at {@code recordedMs}; a hit already recorded (same group, window and event) is
     * skipped and keeps its first recording time.
     */
    int record(String tenant, String ruleUid, Collection<Hit> hits, long recordedMs) {
        if (hits.isEmpty()) {
            return 0;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Hit h : hits) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("g", h.groupKey());
            row.put("w", h.windowStartMs());
            row.put("e", h.eventUid());
            row.put("t", h.timeMs());
            row.put("v", h.value());
            rows.add(row);
        }
        Long inserted = jdbc(tenant).queryForObject(INSERT, (rs, i) -> rs.getLong(1), ruleUid, recordedMs, toJson(rows));
        return inserted == null ? 0 : inserted.intValue();
    }

    /** The time of the newest event recorded for a correlation, or null when it holds none. */
    Long newest(String tenant, String ruleUid) {
        return jdbc(tenant).queryForObject("SELECT max(time_ms) FROM correlation_events WHERE rule_uid = ?",
                Long.class, ruleUid);
    }

    /**
     * The windows of a correlation with these (group, window start) keys, as they are now; their values listed when
     * {@code values} (a value_count).
     */
    List<Window> windows(String tenant, String ruleUid, boolean values, Collection<Hit> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> wanted = new ArrayList<>();
        keys.stream().map(h -> List.of(h.groupKey(), h.windowStartMs())).distinct()
                .forEach(k -> wanted.add(Map.of("g", k.get(0), "w", k.get(1))));
        return jdbc(tenant).query(WINDOW + "AND (w.group_key, w.window_start_ms) IN "
                        + "(SELECT x.g, x.w FROM jsonb_to_recordset(?::jsonb) AS x(g text, w bigint)) "
                        + "ORDER BY w.window_start_ms, w.group_key",
                (rs, i) -> window(rs, values), values, ruleUid, toJson(wanted));
    }

    /** Every window of a correlation that starts at or before {@code startMs} (closed windows). */
    List<Window> windowsUpTo(String tenant, String ruleUid, boolean values, long startMs) {
        return jdbc(tenant).query(WINDOW + "AND w.window_start_ms <= ? ORDER BY w.window_start_ms, w.group_key",
                (rs, i) -> window(rs, values), values, ruleUid, startMs);
    }

    /** Deletes a correlation's windows that start at or before {@code startMs}; returns the rows deleted. */
    int expire(String tenant, String ruleUid, long startMs) {
        return jdbc(tenant).queryForObject("WITH w AS (DELETE FROM correlation_windows WHERE rule_uid = ? "
                + "AND window_start_ms <= ?), e AS (DELETE FROM correlation_events WHERE rule_uid = ? "
                + "AND window_start_ms <= ? RETURNING 1) SELECT count(*)::int FROM e", Integer.class,
                ruleUid, startMs, ruleUid, startMs);
    }

    /**
     * Deletes a correlation's windows that start at or before {@code startMs} and in which nothing was recorded at or
     * after {@code recordedBeforeMs}; returns the rows deleted.
     */
    int expireIdle(String tenant, String ruleUid, long startMs, long recordedBeforeMs) {
        // a window's recorded_ms is the last time a recording inserted a row into it
        return jdbc(tenant).queryForObject("WITH w AS (DELETE FROM correlation_windows WHERE rule_uid = ? "
                + "AND window_start_ms <= ? AND recorded_ms < ? RETURNING group_key, window_start_ms), "
                + "e AS (DELETE FROM correlation_events c USING w WHERE c.rule_uid = ? AND c.group_key = w.group_key "
                + "AND c.window_start_ms = w.window_start_ms RETURNING 1) SELECT count(*)::int FROM e", Integer.class,
                ruleUid, startMs, recordedBeforeMs, ruleUid);
    }

    /** A value_count's window holds one row per value, so its running count is its count of distinct values. */
    private static Window window(ResultSet rs, boolean values) throws SQLException {
        return new Window(rs.getString(1), rs.getLong(2), rs.getLong(3), values ? rs.getLong(3) : 0, rs.getLong(4),
                rs.getLong(5), strings(rs.getArray(6)), strings(rs.getArray(7)));
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object o : (Object[]) array.getArray()) {
            out.add((String) o);
        }
        return out;
    }

    private JdbcTemplate jdbc(String tenant) {
        return new JdbcTemplate(stores.apply(tenant));
    }

    private String toJson(Object rows) {
        try {
            return json.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("correlation state that is not JSON", e);
        }
    }
}

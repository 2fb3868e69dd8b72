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
 * The only code that writes a tenant's {@code correlation_events}: the matches of a correlation's base rules, one
 * row per (correlation, group, window, event), stored once whatever replays them, with the time it was recorded; the
 * state of a window as one aggregate; and the expiry of windows long closed or long idle. Each call is its own statement (autocommit), so a replica
 * that records after another one's recording sees it when it counts.
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

    private static final String INSERT = "INSERT INTO correlation_events "
            + "(rule_uid, group_key, window_start_ms, event_uid, time_ms, value, recorded_ms) "
            + "SELECT ?, x.g, x.w, x.e, x.t, x.v, ? FROM jsonb_to_recordset(?::jsonb) AS x(g text, w bigint, e text, t bigint, v text) "
            + "ON CONFLICT DO NOTHING";
    private static final String AGGREGATE = "SELECT group_key, window_start_ms, count(*), count(DISTINCT value), "
            + "min(time_ms), max(time_ms), (array_agg(event_uid ORDER BY time_ms, event_uid))[1:" + LISTED + "], "
            + "(array_agg(DISTINCT value) FILTER (WHERE value IS NOT NULL))[1:" + LISTED + "] "
            + "FROM correlation_events WHERE rule_uid = ? ";

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
        return jdbc(tenant).update(INSERT, ruleUid, recordedMs, toJson(rows));
    }

    /** The time of the newest event recorded for a correlation, or null when it holds none. */
    Long newest(String tenant, String ruleUid) {
        return jdbc(tenant).queryForObject("SELECT max(time_ms) FROM correlation_events WHERE rule_uid = ?",
                Long.class, ruleUid);
    }

    /** The windows of a correlation with these (group, window start) keys, as they are now. */
    List<Window> windows(String tenant, String ruleUid, Collection<Hit> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> wanted = new ArrayList<>();
        keys.stream().map(h -> List.of(h.groupKey(), h.windowStartMs())).distinct()
                .forEach(k -> wanted.add(Map.of("g", k.get(0), "w", k.get(1))));
        return jdbc(tenant).query(AGGREGATE + "AND (group_key, window_start_ms) IN "
                        + "(SELECT x.g, x.w FROM jsonb_to_recordset(?::jsonb) AS x(g text, w bigint)) "
                        + "GROUP BY group_key, window_start_ms ORDER BY window_start_ms, group_key",
                (rs, i) -> window(rs), ruleUid, toJson(wanted));
    }

    /** Every window of a correlation that starts at or before {@code startMs} (closed windows). */
    List<Window> windowsUpTo(String tenant, String ruleUid, long startMs) {
        return jdbc(tenant).query(AGGREGATE + "AND window_start_ms <= ? GROUP BY group_key, window_start_ms "
                + "ORDER BY window_start_ms, group_key", (rs, i) -> window(rs), ruleUid, startMs);
    }

    /** Deletes a correlation's windows that start at or before {@code startMs}; returns the rows deleted. */
    int expire(String tenant, String ruleUid, long startMs) {
        return jdbc(tenant).update("DELETE FROM correlation_events WHERE rule_uid = ? AND window_start_ms <= ?",
                ruleUid, startMs);
    }

    /**
     * Deletes a correlation's windows that start at or before {@code startMs} and in which nothing was recorded at or
     * after {@code recordedBeforeMs}; returns the rows deleted.
     */
    int expireIdle(String tenant, String ruleUid, long startMs, long recordedBeforeMs) {
        return jdbc(tenant).update("DELETE FROM correlation_events c WHERE rule_uid = ? AND window_start_ms <= ? "
                + "AND NOT EXISTS (SELECT 1 FROM correlation_events r WHERE r.rule_uid = c.rule_uid "
                + "AND r.group_key = c.group_key AND r.window_start_ms = c.window_start_ms AND r.recorded_ms >= ?)",
                ruleUid, startMs, recordedBeforeMs);
    }

    private static Window window(ResultSet rs) throws SQLException {
        return new Window(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                strings(rs.getArray(7)), strings(rs.getArray(8)));
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

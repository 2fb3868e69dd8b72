package io.securitylake.subscriber.hunt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.store.EventPartitions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OCSF events as Security Lake writes them (1.0.0-rc.2 and 1.1.0 paths, as in the shared fixtures and the demo
 * generators), stored in a tenant's events table the way the pipeline stores them.
 */
public final class HuntEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HuntEvents() {
    }

    /** A nested map from dotted paths: {@code event("a.b", 1, "c", 2)}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> event(Object... pathsAndValues) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndValues.length; i += 2) {
            String[] path = ((String) pathsAndValues[i]).split("\\.");
            Map<String, Object> node = root;
            for (int j = 0; j < path.length - 1; j++) {
                node = (Map<String, Object>) node.computeIfAbsent(path[j], k -> new LinkedHashMap<>());
            }
            node.put(path[path.length - 1], pathsAndValues[i + 1]);
        }
        return root;
    }

    public static void store(Connection c, String uid, Instant time, String account, String source, Map<String, Object> event)
            throws SQLException {
        EventPartitions.ensure(c, List.of(LocalDate.ofInstant(time, ZoneOffset.UTC)));
        event.put("time", time.toEpochMilli());
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO events (event_uid, event_time, class_uid, category_uid, severity_id, account, region,
                                    source, bucket, object_key, event)
                VALUES (?, ?, ?, ?, ?, ?, 'us-east-1', ?, 'bucket', 'key', CAST(? AS jsonb))
                ON CONFLICT (event_time, event_uid) DO NOTHING""")) {
            int classUid = ((Number) event.get("class_uid")).intValue();
            ps.setString(1, uid);
            ps.setTimestamp(2, Timestamp.from(time));
            ps.setInt(3, classUid);
            ps.setInt(4, classUid / 1000);
            ps.setObject(5, event.get("severity_id"));
            ps.setString(6, account);
            ps.setString(7, source);
            ps.setString(8, JSON.writeValueAsString(event));
            ps.executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

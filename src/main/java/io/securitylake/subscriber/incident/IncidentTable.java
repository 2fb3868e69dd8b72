package io.securitylake.subscriber.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.detect.Entities.Entity;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The only code that writes a tenant's {@code incidents}, {@code incident_entities}, {@code incident_notes} and
 * {@code incident_history}. Every method runs on the {@link JdbcTemplate} it is given, bound to the caller's
 * transaction, so a correlation step or an analyst's change is written whole or not at all.
 */
@Component
public class IncidentTable {

    private static final String COLUMNS = "uid, status_id, severity_id, priority_id, assignee, version, "
            + "(extract(epoch FROM start_time) * 1000)::bigint, (extract(epoch FROM end_time) * 1000)::bigint, "
            + "detection_count, entities::text, attacks, title, merged_into, "
            + "(extract(epoch FROM created_at) * 1000)::bigint, (extract(epoch FROM modified_at) * 1000)::bigint";
    private static final TypeReference<List<Entity>> ENTITIES = new TypeReference<>() {
    };

    /** A note an analyst wrote. */
    public record Note(String author, long timeMs, String text) {
    }

    /** One recorded change: who, when, what (a field, or an event such as created or merged), from, to. */
    public record Change(long version, String actor, long timeMs, String field, String from, String to) {
    }

    /** Where a page ends: the end time and uid of its last incident. */
    public record After(int severityId, Instant endTime, String uid) {
    }

    /** The listing's orders: most recently active first, or the analyst's queue (most severe, then most recent). */
    public enum Order {
        RECENT(" ORDER BY end_time DESC, uid DESC"),
        SEVERITY(" ORDER BY severity_id DESC, end_time DESC, uid DESC");

        private final String orderBy;

        Order(String orderBy) {
            this.orderBy = orderBy;
        }
    }

    /** The filters of the incident listing; every one optional. */
    public record Filter(List<Integer> statusIds, Integer severityMin, String assignee, Instant from, Instant to) {
    }

    private final ObjectMapper json = new ObjectMapper();

    /** Longest a correlation step waits for another replica's step of the same tenant. */
    static final int LOCK_WAIT_SECONDS = 120;

    /**
     * Serialises correlation per tenant until the transaction ends (replicas share the database). The wait has a
     * timeout of its own: another consumer's step may hold the lock for longer than one statement may take.
     */
    void lockTenant(JdbcTemplate jdbc, String tenant) {
        JdbcTemplate waiting = new JdbcTemplate(jdbc.getDataSource()); // same transaction, bound to the thread
        waiting.setQueryTimeout(LOCK_WAIT_SECONDS);
        waiting.queryForList("SELECT pg_advisory_xact_lock(hashtext('lake-incidents'), hashtext(?))", tenant);
    }

    /**
     * Deletes the incidents past retention: resolved, closed or merged into another, with no activity since
     * {@code cutoff}, with their keys, notes and history (an open incident stays, however old). Returns how many.
     */
    int deleteEndedBefore(JdbcTemplate jdbc, Instant cutoff) {
        Integer deleted = jdbc.queryForObject("""
                WITH gone AS (SELECT uid FROM incidents
                               WHERE end_time < ? AND (status_id IN (4, 5) OR merged_into IS NOT NULL)),
                     keys AS (DELETE FROM incident_entities WHERE incident_uid IN (SELECT uid FROM gone)),
                     notes AS (DELETE FROM incident_notes WHERE incident_uid IN (SELECT uid FROM gone)),
                     changes AS (DELETE FROM incident_history WHERE incident_uid IN (SELECT uid FROM gone)),
                     deleted AS (DELETE FROM incidents WHERE uid IN (SELECT uid FROM gone) RETURNING uid)
                SELECT count(*) FROM deleted""", Integer.class, java.sql.Timestamp.from(cutoff));
        return deleted == null ? 0 : deleted;
    }

    /** One incident, locked until the transaction ends when {@code forUpdate}. */
    public Optional<Incident> find(JdbcTemplate jdbc, String uid, boolean forUpdate) {
        return jdbc.query("SELECT " + COLUMNS + " FROM incidents WHERE uid = ?" + (forUpdate ? " FOR UPDATE" : ""),
                (rs, n) -> incident(rs), uid).stream().findFirst();
    }

    /** The incidents of these uids that exist, in no particular order: one query, however many. */
    public List<Incident> findAll(JdbcTemplate jdbc, java.util.Collection<String> uids) {
        if (uids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM incidents WHERE uid = ANY(?)", (rs, n) -> incident(rs),
                (Object) uids.toArray(String[]::new));
    }

    /** An incident as it was when it last changed (the database's clock). */
    public record Changed(Incident incident, long changedMs) {
    }

    /** The incidents whose last change falls in [from, to), merged ones included, oldest change first. */
    public List<Changed> changedIn(JdbcTemplate jdbc, Instant from, Instant to) {
        return jdbc.query("SELECT " + COLUMNS + ", (extract(epoch FROM changed_at) * 1000)::bigint FROM incidents "
                        + "WHERE changed_at >= ? AND changed_at < ? ORDER BY changed_at, uid",
                (rs, n) -> new Changed(incident(rs), rs.getLong(16)), Timestamp.from(from), Timestamp.from(to));
    }

    /** When the first change of the incidents at or after {@code from} happened, if any. */
    public Optional<Instant> firstChangeFrom(JdbcTemplate jdbc, Instant from) {
        java.time.OffsetDateTime first = jdbc.queryForObject("SELECT min(changed_at) FROM incidents WHERE changed_at >= ?",
                java.time.OffsetDateTime.class, Timestamp.from(from));
        return Optional.ofNullable(first).map(java.time.OffsetDateTime::toInstant);
    }

    /** A page of a tenant's incidents (merged ones left out) in {@code order}, after the row {@code after}. */
    public List<Incident> page(JdbcTemplate jdbc, Filter filter, Order order, After after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM incidents WHERE merged_into IS NULL");
        List<Object> args = new ArrayList<>();
        if (!filter.statusIds().isEmpty()) {
            sql.append(" AND status_id = ANY(?)");
            args.add(filter.statusIds().toArray(Integer[]::new));
        }
        if (filter.severityMin() != null) {
            sql.append(" AND severity_id >= ?");
            args.add(filter.severityMin());
        }
        if (filter.assignee() != null) {
            sql.append(" AND assignee = ?");
            args.add(filter.assignee());
        }
        if (filter.from() != null) {
            sql.append(" AND end_time >= ?");
            args.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND start_time < ?");
            args.add(Timestamp.from(filter.to()));
        }
        if (after != null && order == Order.SEVERITY) {
            sql.append(" AND (severity_id, end_time, uid) < (?, ?, ?)");
            args.add(after.severityId());
        } else if (after != null) {
            sql.append(" AND (end_time, uid) < (?, ?)");
        }
        if (after != null) {
            args.add(Timestamp.from(after.endTime()));
            args.add(after.uid());
        }
        sql.append(order.orderBy).append(" LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, n) -> incident(rs), args.toArray());
    }

    /** Open incidents per status id (merged ones left out), for the gauges. */
    public Map<Integer, Long> countByStatus(JdbcTemplate jdbc) {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        jdbc.query("SELECT status_id, count(*) FROM incidents WHERE merged_into IS NULL GROUP BY status_id",
                rs -> {
                    out.put(rs.getInt(1), rs.getLong(2));
                });
        return out;
    }

    /** An incident's columns as one element of {@link #STEP_ROWS}, the {@code n}th. */
    private static Map<String, Object> row(int n, Incident i) {
        Map<String, Object> row = new HashMap<>();
        row.put("n", n);
        row.put("uid", i.uid());
        row.put("status_id", i.status().id());
        row.put("severity_id", i.severityId());
        row.put("priority_id", i.priorityId());
        row.put("assignee", i.assignee());
        row.put("version", i.version());
        row.put("start_ms", i.startMs());
        row.put("end_ms", i.endMs());
        row.put("detection_count", i.detectionCount());
        row.put("entities", i.entities());
        row.put("attacks", i.attacks());
        row.put("title", i.title());
        row.put("merged_into", i.mergedInto());
        return row;
    }

    /** The incidents of a correlation step, one jsonb array bound as one parameter; times in epoch milliseconds. */
    private static final String STEP_ROWS = "jsonb_to_recordset(?::jsonb) AS x(n int, uid text, status_id int, "
            + "severity_id int, priority_id int, assignee text, version bigint, start_ms bigint, end_ms bigint, "
            + "detection_count int, entities jsonb, attacks text[], title text, merged_into text)";

    /**
     * The incidents a correlation step opened, each as it ended the step (joined, merged into another), in one
     * statement and in the order given (their creation times follow it); a uid already stored is left as it is.
     */
    void insertAll(JdbcTemplate jdbc, List<Incident> opened) {
        if (opened.isEmpty()) {
            return;
        }
        jdbc.update("INSERT INTO incidents (uid, status_id, severity_id, priority_id, assignee, version, start_time, "
                + "end_time, detection_count, entities, attacks, title, merged_into, created_at, modified_at) "
                + "SELECT x.uid, x.status_id, x.severity_id, x.priority_id, x.assignee, x.version, "
                + "timestamptz 'epoch' + x.start_ms * interval '1 millisecond', "
                + "timestamptz 'epoch' + x.end_ms * interval '1 millisecond', x.detection_count, x.entities, "
                + "coalesce(x.attacks, '{}'), x.title, x.merged_into, clock_timestamp(), "
                + "clock_timestamp() FROM " + STEP_ROWS + " ORDER BY x.n ON CONFLICT (uid) DO NOTHING",
                write(rows(opened)));
    }

    private static List<Map<String, Object>> rows(List<Incident> incidents) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Incident i : incidents) {
            rows.add(row(rows.size(), i));
        }
        return rows;
    }

    /** Writes every changeable column of stored incidents (each at its next version), in one statement. */
    void updateAll(JdbcTemplate jdbc, List<Incident> changed) {
        if (changed.isEmpty()) {
            return;
        }
        jdbc.update("UPDATE incidents i SET status_id = x.status_id, severity_id = x.severity_id, "
                + "priority_id = x.priority_id, assignee = x.assignee, version = x.version, "
                + "start_time = timestamptz 'epoch' + x.start_ms * interval '1 millisecond', "
                + "end_time = timestamptz 'epoch' + x.end_ms * interval '1 millisecond', "
                + "detection_count = x.detection_count, entities = x.entities, "
                + "attacks = coalesce(x.attacks, '{}'), merged_into = x.merged_into, "
                + "modified_at = clock_timestamp() FROM " + STEP_ROWS + " WHERE i.uid = x.uid",
                write(rows(changed)));
    }

    /** The incidents' verdicts (OCSF verdict_id), by uid; an incident without one is absent. */
    Map<String, Integer> verdicts(JdbcTemplate jdbc, Collection<String> uids) {
        Map<String, Integer> out = new HashMap<>();
        jdbc.query("SELECT uid, verdict_id FROM incidents WHERE uid = ANY(?) AND verdict_id IS NOT NULL", rs -> {
            out.put(rs.getString(1), rs.getInt(2));
        }, (Object) uids.toArray(String[]::new));
        return out;
    }

    void setVerdict(JdbcTemplate jdbc, String uid, Integer verdictId) {
        jdbc.update("UPDATE incidents SET verdict_id = ? WHERE uid = ?", verdictId, uid);
    }

    /** Writes every changeable column of an incident (its version already the next one). */
    void update(JdbcTemplate jdbc, Incident i) {
        updateAll(jdbc, List.of(i));
    }

    /**
     * Which incidents a detection of a correlation step may still join, by the step's keys, in one read: those holding
     * a key that are neither Closed nor merged into another and whose time span, widened by the window, meets the
     * step's detections' event times [{@code fromMs}, {@code toMs}] (an incident a detection joins has
     * {@code start - window <= time <= end + window}). Only the keys whose {@code ends_by} (their incident's end,
     * rounded up; see {@link #endsBy}) is at or after {@code fromMs - window} are visited, in index
     * {@code incident_entities_joinable}: the other holders of a key (a host of a year of incidents, Closed ones) are
     * neither visited, sent nor locked; each holder visited is still checked exactly on its incident.
     * Only correlation changes an incident's times or merges it, under the tenant's lock; an analyst's change can
     * only make an incident unjoinable (Closed), which the caller checks on the incident as locked.
     */
    Map<Entity, Set<String>> joinableOwners(JdbcTemplate jdbc, Collection<Entity> keys, long fromMs, long toMs,
                                            long windowMs) {
        Map<Entity, Set<String>> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        // driven by the keys (index incident_entities_joinable), then each holder by its primary key
        jdbc.query("SELECT e.type, e.value, e.incident_uid FROM jsonb_to_recordset(?::jsonb) AS k(type text, value text) "
                + "JOIN incident_entities e ON (e.type, e.value) = (k.type, k.value) AND e.ends_by >= ? "
                + "JOIN incidents i ON i.uid = e.incident_uid "
                + "WHERE i.merged_into IS NULL AND i.status_id <> " + IncidentStatus.CLOSED.id()
                + " AND i.start_time <= ? AND i.end_time >= ?", rs -> {
                    out.computeIfAbsent(new Entity(rs.getString(1), rs.getString(2)), k -> new LinkedHashSet<>())
                            .add(rs.getString(3));
                }, write(List.copyOf(keys)), Timestamp.from(Instant.ofEpochMilli(fromMs - windowMs)),
                Timestamp.from(Instant.ofEpochMilli(toMs + windowMs)),
                Timestamp.from(Instant.ofEpochMilli(fromMs - windowMs)));
        return out;
    }

    /** These incidents, each locked until the transaction ends, in one statement (locked in uid order). */
    List<Incident> lockAll(JdbcTemplate jdbc, Collection<String> uids) {
        if (uids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM incidents WHERE uid = ANY(?) ORDER BY uid FOR UPDATE",
                (rs, n) -> incident(rs), (Object) uids.toArray(String[]::new));
    }

    private static final long DAY_MS = 86_400_000L;

    /**
     * The {@code ends_by} of the keys of an incident that ends at {@code endMs}: the next UTC day boundary after it plus
     * a day, so that an incident growing within a day (or two) keeps its keys' bound and rewrites them about once a
     * day, not at every step. Kept equal to the backfill of tenant migration V31.
     */
    static long endsBy(long endMs) {
        return (Math.floorDiv(endMs, DAY_MS) + 2) * DAY_MS;
    }

    /**
     * Stores correlation keys, each {@code [incident uid, Entity, the incident's end in epoch ms]}, in one statement
     * (a stored one is skipped), each with the {@link #endsBy} of that end.
     */
    void addKeysAll(JdbcTemplate jdbc, List<Object[]> keys) {
        if (keys.isEmpty()) {
            return;
        }
        String[] types = new String[keys.size()];
        String[] values = new String[keys.size()];
        String[] owners = new String[keys.size()];
        Long[] endsBy = new Long[keys.size()];
        for (int n = 0; n < keys.size(); n++) {
            Entity e = (Entity) keys.get(n)[1];
            types[n] = e.type();
            values[n] = e.value();
            owners[n] = (String) keys.get(n)[0];
            endsBy[n] = endsBy((Long) keys.get(n)[2]);
        }
        jdbc.update("INSERT INTO incident_entities (type, value, incident_uid, ends_by) "
                + "SELECT k.type, k.value, k.incident_uid, timestamptz 'epoch' + k.ends_by * interval '1 millisecond' "
                + "FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[]) AS k(type, value, incident_uid, ends_by) "
                + "ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING", types, values, owners, endsBy);
    }

    /**
     * A merge: the loser's keys become the winner's, bound by the winner's end after the merge ({@code endMs}); a key
     * the winner holds already keeps its row.
     */
    void moveKeys(JdbcTemplate jdbc, String fromIncident, String toIncident, long endMs) {
        jdbc.update("INSERT INTO incident_entities (type, value, incident_uid, ends_by) SELECT type, value, ?, "
                + "timestamptz 'epoch' + ? * interval '1 millisecond' FROM incident_entities WHERE incident_uid = ? "
                + "ON CONFLICT DO NOTHING", toIncident, endsBy(endMs), fromIncident);
        jdbc.update("DELETE FROM incident_entities WHERE incident_uid = ?", fromIncident);
    }

    /**
     * Incidents that grew past their keys' bound: each incident uid → its end now (epoch ms); every key of it bound
     * lower than {@link #endsBy} of that end is raised to it, in one statement.
     */
    void raiseKeyBounds(JdbcTemplate jdbc, Map<String, Long> endMsByIncident) {
        if (endMsByIncident.isEmpty()) {
            return;
        }
        jdbc.update("UPDATE incident_entities e SET ends_by = x.ends_by FROM (SELECT u.incident_uid, "
                        + "timestamptz 'epoch' + u.ends_by * interval '1 millisecond' AS ends_by "
                        + "FROM unnest(?::text[], ?::bigint[]) AS u(incident_uid, ends_by)) x "
                        + "WHERE e.incident_uid = x.incident_uid AND e.ends_by < x.ends_by",
                endMsByIncident.keySet().toArray(String[]::new),
                endMsByIncident.values().stream().map(IncidentTable::endsBy).toArray(Long[]::new));
    }

    /** A Closed incident (final) joins nothing more: its keys are no longer visited by {@link #joinableOwners}. */
    void retireKeys(JdbcTemplate jdbc, String incidentUid) {
        jdbc.update("UPDATE incident_entities SET ends_by = '-infinity' WHERE incident_uid = ?", incidentUid);
    }

    void record(JdbcTemplate jdbc, String incidentUid, long version, String actor, String field, Object from, Object to) {
        jdbc.update("INSERT INTO incident_history (incident_uid, version, actor, time, field, from_value, to_value) "
                        + "VALUES (?, ?, ?, clock_timestamp(), ?, ?, ?)", incidentUid, version, actor, field,
                from == null ? null : from.toString(), to == null ? null : to.toString());
    }

    /** A change to record in an incident's history (its time is the moment it is written). */
    record HistoryRow(String incidentUid, long version, String actor, String field, String from, String to) {
    }

    /** History rows in one statement, in their order. */
    void recordAll(JdbcTemplate jdbc, List<HistoryRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.update("INSERT INTO incident_history (incident_uid, version, actor, time, field, from_value, to_value) "
                        + "SELECT x.incident_uid, x.version, x.actor, clock_timestamp(), x.field, x.from_value, x.to_value "
                        + "FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY "
                        + "AS x(incident_uid, version, actor, field, from_value, to_value, n) ORDER BY x.n",
                rows.stream().map(HistoryRow::incidentUid).toArray(String[]::new),
                rows.stream().map(HistoryRow::version).toArray(Long[]::new),
                rows.stream().map(HistoryRow::actor).toArray(String[]::new),
                rows.stream().map(HistoryRow::field).toArray(String[]::new),
                rows.stream().map(HistoryRow::from).toArray(String[]::new),
                rows.stream().map(HistoryRow::to).toArray(String[]::new));
    }

    Note addNote(JdbcTemplate jdbc, String incidentUid, String author, String text) {
        return jdbc.queryForObject("INSERT INTO incident_notes (incident_uid, author, time, text) "
                + "VALUES (?, ?, clock_timestamp(), ?) RETURNING author, (extract(epoch FROM time) * 1000)::bigint, text",
                (rs, n) -> new Note(rs.getString(1), rs.getLong(2), rs.getString(3)), incidentUid, author, text);
    }

    public List<Note> notes(JdbcTemplate jdbc, String incidentUid) {
        return jdbc.query("SELECT author, (extract(epoch FROM time) * 1000)::bigint, text FROM incident_notes "
                + "WHERE incident_uid = ? ORDER BY id", (rs, n) -> new Note(rs.getString(1), rs.getLong(2),
                rs.getString(3)), incidentUid);
    }

    public List<Change> history(JdbcTemplate jdbc, String incidentUid) {
        return jdbc.query("SELECT version, actor, (extract(epoch FROM time) * 1000)::bigint, field, from_value, to_value "
                + "FROM incident_history WHERE incident_uid = ? ORDER BY id", (rs, n) -> new Change(rs.getLong(1),
                rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6)), incidentUid);
    }

    private Incident incident(ResultSet rs) throws SQLException {
        Array attacks = rs.getArray(11);
        return new Incident(rs.getString(1), IncidentStatus.of(rs.getInt(2)).orElseThrow(), rs.getInt(3), rs.getInt(4),
                rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getInt(9), read(rs.getString(10)),
                attacks == null ? List.of() : Arrays.asList((String[]) attacks.getArray()), rs.getString(12),
                rs.getString(13), rs.getLong(14), rs.getLong(15));
    }

    private List<Entity> read(String entities) {
        try {
            return json.readValue(entities, ENTITIES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored incident entities are not JSON", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

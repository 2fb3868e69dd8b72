package io.securitylake.subscriber.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.store.CopyText;
import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The only code that writes a tenant's {@code detections} table. A batch is COPYed into a table of the session
 * (emptied at commit), then up to three statements read it there: an insert that skips stored uids and returns the
 * new ones; for lake
 * findings already stored, an update that applies only a newer state (later last-seen time, or event time) and
 * adds the event to the detection's events; for correlation windows already fired, an update that applies only a
 * larger count. Replaying the same events therefore changes nothing.
 */
@Component
public class DetectionTable {

    /** Longest an API read may hold a connection of the tenant's pool. */
    static final int QUERY_TIMEOUT_SECONDS = 15;
    /** A detection as the API returns it: the stored body with the columns laid over it. */
    private static final String BODY = "(detection || jsonb_build_object('uid', uid, "
            + "'time', (extract(epoch FROM time) * 1000)::bigint, 'severity_id', severity_id, "
            + "'rule', jsonb_build_object('uid', rule_uid, 'title', rule_title), 'event_uids', to_jsonb(event_uids), "
            + "'entities', entities, 'incident_uid', incident_uid, 'attacks', to_jsonb(attacks), 'status', status, "
            + "'first_seen_time', (extract(epoch FROM first_seen) * 1000)::bigint, "
            + "'last_seen_time', (extract(epoch FROM last_seen) * 1000)::bigint, "
            + "'detected_at', (extract(epoch FROM detected_at) * 1000)::bigint))::text";

    /** Where a page ends: the time and uid of its last detection (the keyset order). */
    public record After(Instant time, String uid) {
    }

    /** One detection of a page, and its place in the order. */
    public record Listed(Instant time, String uid, String json) {
    }

    /** How often a rule raised a detection in a tenant, and when last. */
    public record Hits(long count, Instant last) {
    }

    /** The columns a batch's detections fill, in the order of their COPY text. */
    private static final String COLUMNS = "uid, time, severity_id, rule_uid, rule_title, event_uids, entities, attacks, "
            + "first_seen, last_seen, status, detection, incident_uid";
    /** The session's table the batch is COPYed into (emptied at commit, its columns and defaults those of detections). */
    private static final String INCOMING = "CREATE TEMPORARY TABLE IF NOT EXISTS incoming_detections "
            + "(LIKE detections INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
    private static final String EMPTY_INCOMING = "DELETE FROM incoming_detections";
    private static final String COPY = "COPY incoming_detections (" + COLUMNS + ") FROM STDIN";
    private static final String INSERT = "INSERT INTO detections (" + COLUMNS + ") SELECT " + COLUMNS
            + " FROM incoming_detections ON CONFLICT (uid) DO NOTHING RETURNING uid";
    private static final String UPDATE_FINDING = "UPDATE detections d SET time = x.time, "
            + "severity_id = x.severity_id, rule_title = x.rule_title, status = x.status, "
            + "last_seen = x.last_seen, entities = x.entities, detection = x.detection, attacks = x.attacks, "
            + "event_uids = ARRAY(SELECT e FROM unnest(d.event_uids || x.event_uids) "
            + "WITH ORDINALITY AS t(e, n) GROUP BY e ORDER BY min(n)) "
            + "FROM incoming_detections x WHERE x.uid = ANY(?::text[]) AND d.uid = x.uid "
            + "AND (d.last_seen, d.time) < (x.last_seen, x.time) RETURNING d.uid";

    /**
     * A correlation window (or a suppressed rule's window) that fired before and counts more now: its detection follows
     * the window.
     */
    private static final String UPDATE_CORRELATION = "UPDATE detections d SET time = x.time, "
            + "last_seen = x.last_seen, first_seen = x.first_seen, event_uids = x.event_uids, detection = x.detection "
            + "FROM incoming_detections x WHERE x.uid = ANY(?::text[]) AND d.uid = x.uid "
            + "AND coalesce(d.detection->'correlation'->>'count', d.detection->'suppression'->>'count')::bigint "
            + "< coalesce(x.detection->'correlation'->>'count', x.detection->'suppression'->>'count')::bigint RETURNING d.uid";
    private final Function<String, DataSource> stores;
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    DetectionTable(TenantStores stores) {
        this(stores::dataSource);
    }

    /** On the tenant stores a function gives (tests). */
    public DetectionTable(Function<String, DataSource> stores) {
        this.stores = stores;
    }

    /**
     * A page of a tenant's detections, newest first (time, then uid, descending: the index detections_time, or
     * detections_rule_time with a rule, detections_incident with an incident); {@code from} inclusive, {@code to}
     * exclusive, every filter optional.
     */
    public List<Listed> page(String tenant, Instant from, Instant to, String rule, Integer severityMin, String incident,
                             After after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT time, uid, " + BODY + " FROM detections WHERE true");
        List<Object> args = new ArrayList<>();
        if (from != null) {
            sql.append(" AND time >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND time < ?");
            args.add(Timestamp.from(to));
        }
        if (rule != null) {
            sql.append(" AND rule_uid = ?");
            args.add(rule);
        }
        if (severityMin != null) {
            sql.append(" AND severity_id >= ?");
            args.add(severityMin);
        }
        if (incident != null) {
            sql.append(" AND incident_uid = ?");
            args.add(incident);
        }
        if (after != null) {
            sql.append(" AND (time, uid) < (?, ?)");
            args.add(Timestamp.from(after.time()));
            args.add(after.uid());
        }
        sql.append(" ORDER BY time DESC, uid DESC LIMIT ?");
        args.add(limit);
        return reader(tenant).query(sql.toString(), (rs, i) -> new Listed(
                rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2), rs.getString(3)), args.toArray());
    }

    /** A detection as it was when it last changed (the database's clock), as the API returns it. */
    public record Changed(String uid, long changedMs, String json) {
    }

    /** The tenant's detections whose last change falls in [from, to), oldest change first. */
    public List<Changed> changedIn(String tenant, Instant from, Instant to) {
        return reader(tenant).query("SELECT uid, (extract(epoch FROM changed_at) * 1000)::bigint, " + BODY
                        + " FROM detections WHERE changed_at >= ? AND changed_at < ? ORDER BY changed_at, uid",
                (rs, i) -> new Changed(rs.getString(1), rs.getLong(2), rs.getString(3)),
                Timestamp.from(from), Timestamp.from(to));
    }

    /** When the first change of the tenant's detections at or after {@code from} happened, if any. */
    public Optional<Instant> firstChangeFrom(String tenant, Instant from) {
        OffsetDateTime first = reader(tenant).queryForObject("SELECT min(changed_at) FROM detections WHERE changed_at >= ?",
                OffsetDateTime.class, Timestamp.from(from));
        return Optional.ofNullable(first).map(OffsetDateTime::toInstant);
    }

    /** One of a tenant's detections, as the API returns it. */
    public Optional<String> byUid(String tenant, String uid) {
        return reader(tenant).queryForList("SELECT " + BODY + " FROM detections WHERE uid = ?", String.class, uid)
                .stream().findFirst();
    }

    /** Detections per rule uid of a tenant (rules that raised none are absent). */
    public Map<String, Hits> hits(String tenant) {
        Map<String, Hits> out = new LinkedHashMap<>();
        reader(tenant).query("SELECT rule_uid, count(*), max(time) FROM detections GROUP BY rule_uid", rs -> {
            out.put(rs.getString(1), new Hits(rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant()));
        });
        return out;
    }

    /** Matches a suppressed rule's detections stood for beyond the first (count - 1), per rule, detected since {@code since}. */
    public Map<String, Long> suppressed(String tenant, Instant since) {
        Map<String, Long> out = new LinkedHashMap<>();
        reader(tenant).query("SELECT rule_uid, sum((detection->'suppression'->>'count')::bigint - 1) FROM detections "
                + "WHERE detection->'suppression' IS NOT NULL AND detected_at >= ? GROUP BY rule_uid", rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                }, Timestamp.from(since));
        return out;
    }

    /**
     * Per rule, the incidents holding its detections by OCSF verdict_id (incidents without a verdict left out), of the
     * incidents changed since {@code since}.
     */
    public Map<String, Map<Integer, Long>> verdicts(String tenant, Instant since) {
        Map<String, Map<Integer, Long>> out = new LinkedHashMap<>();
        reader(tenant).query("SELECT d.rule_uid, i.verdict_id, count(DISTINCT i.uid) FROM detections d "
                + "JOIN incidents i ON i.uid = d.incident_uid WHERE i.verdict_id IS NOT NULL AND i.modified_at >= ? "
                + "GROUP BY 1, 2", rs -> {
                    out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getInt(2), rs.getLong(3));
                }, Timestamp.from(since));
        return out;
    }

    private JdbcTemplate reader(String tenant) {
        JdbcTemplate jdbc = new JdbcTemplate(stores.apply(tenant));
        jdbc.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        return jdbc;
    }

    /**
     * Deletes the detections past retention: raised before {@code cutoff} and in no incident that is still kept (an
     * open incident keeps its detections, however old). Returns how many.
     */
    public int deleteBefore(JdbcTemplate jdbc, Instant cutoff) {
        return jdbc.update("DELETE FROM detections d WHERE d.time < ? AND (d.incident_uid IS NULL OR NOT EXISTS "
                + "(SELECT 1 FROM incidents i WHERE i.uid = d.incident_uid))", Timestamp.from(cutoff));
    }

    /** Stores a tenant's detections, in no incident (in a transaction of its own); returns those that are new. */
    public List<Detection> store(String tenant, List<Detection> detections) {
        DataSource store = stores.apply(tenant);
        JdbcTemplate jdbc = new JdbcTemplate(store);
        return new TransactionTemplate(new DataSourceTransactionManager(store))
                .execute(status -> store(jdbc, detections, Map.of()));
    }

    /**
     * Stores detections on {@code jdbc} (bound to the caller's transaction: the COPYed rows live until its commit),
     * each new one in the incident {@code incidentOf} names (none if absent); a stored one in no incident is put in
     * the incident named for it. The batch is COPYed once into the session's {@code incoming_detections}; the insert
     * and the updates read it there (no JSON of the batch to build and parse). Returns those that are new.
     */
    public List<Detection> store(JdbcTemplate jdbc, List<Detection> detections, Map<String, String> incidentOf) {
        if (detections.isEmpty()) {
            return List.of();
        }
        Map<String, Detection> byUid = newestPerUid(detections);
        jdbc.execute(INCOMING);
        jdbc.execute((ConnectionCallback<Long>) connection -> copy(connection, byUid.values(), incidentOf));
        Set<String> inserted = new HashSet<>(jdbc.queryForList(INSERT, String.class));
        Map<String, String> storedBefore = new LinkedHashMap<>(incidentOf);
        storedBefore.keySet().removeAll(inserted);
        attachAll(jdbc, storedBefore);
        String[] findingsSeenBefore = byUid.values().stream()
                .filter(d -> !inserted.contains(d.uid()) && d.ruleUid().equals(Detection.LAKE_FINDING))
                .map(Detection::uid).toArray(String[]::new);
        if (findingsSeenBefore.length > 0) {
            jdbc.queryForList(UPDATE_FINDING, String.class, (Object) findingsSeenBefore);
        }
        String[] windowsSeenBefore = byUid.values().stream()
                .filter(d -> !inserted.contains(d.uid()) && (d.details().containsKey("correlation")
                        || d.details().containsKey("suppression"))).map(Detection::uid).toArray(String[]::new);
        if (windowsSeenBefore.length > 0) {
            jdbc.queryForList(UPDATE_CORRELATION, String.class, (Object) windowsSeenBefore);
        }
        jdbc.update(EMPTY_INCOMING); // a second batch of the same transaction reads only its own rows
        return byUid.values().stream().filter(d -> inserted.contains(d.uid())).toList();
    }

    /** COPYs the detections, each in the incident {@code incidentOf} names, into {@code incoming_detections}. */
    private long copy(Connection connection, Iterable<Detection> detections, Map<String, String> incidentOf)
            throws SQLException {
        if (connection.getAutoCommit()) { // the COPYed rows would be gone before the insert reads them
            throw new IllegalStateException("detections are stored in a transaction of the caller's");
        }
        return CopyText.copy(connection, COPY, detections, (text, d) -> text.field(d.uid()).timeField(d.timeMs())
                .field(d.severityId()).field(d.ruleUid()).field(d.ruleTitle()).arrayField(d.eventUids())
                .field(json(d.entities())).arrayField(d.attacks()).timeField(d.firstSeenMs()).timeField(d.lastSeenMs())
                .field(d.status()).field(json(d.storedBody())).field(incidentOf.get(d.uid())).endRow());
    }

    private byte[] json(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a detection that is not JSON", e);
        }
    }

    /** One detection per uid (a chunk may hold several events of one finding): the newest, with all their events. */
    private static Map<String, Detection> newestPerUid(List<Detection> detections) {
        Map<String, Detection> byUid = new LinkedHashMap<>();
        for (Detection d : detections) {
            byUid.merge(d.uid(), d, (a, b) -> {
                boolean bNewer = b.lastSeenMs() > a.lastSeenMs() || b.lastSeenMs() == a.lastSeenMs() && b.timeMs() > a.timeMs();
                Detection newer = bNewer ? b : a;
                Detection older = bNewer ? a : b;
                List<String> events = new ArrayList<>(older.eventUids());
                newer.eventUids().stream().filter(e -> !events.contains(e)).forEach(events::add);
                return new Detection(newer.uid(), newer.timeMs(), newer.severityId(), newer.ruleUid(), newer.ruleTitle(),
                        events, newer.entities(), newer.attacks(), Math.min(a.firstSeenMs(), b.firstSeenMs()),
                        newer.lastSeenMs(), newer.status(), newer.details());
            });
        }
        return byUid;
    }

    /** A detection as an incident lists it: uid, rule, title, severity, first and last seen (epoch ms). */
    public record OfIncident(String uid, String incidentUid, String ruleUid, String ruleTitle, int severityId,
                             long firstSeenMs, long lastSeenMs) {
    }

    /**
     * Of the given detections, those stored: uid → the incident it is in (null: none). Only correlation attaches a
     * detection, under the tenant's correlation lock, which the caller holds.
     */
    public Map<String, String> incidentsOf(JdbcTemplate jdbc, List<String> uids) {
        Map<String, String> out = new HashMap<>();
        // driven by the uids, one index probe each
        jdbc.query("SELECT d.uid, d.incident_uid FROM unnest(?::text[]) AS x(uid) JOIN detections d ON d.uid = x.uid", rs -> {
            out.put(rs.getString(1), rs.getString(2));
        }, (Object) uids.toArray(String[]::new));
        return out;
    }

    /** Puts stored detections in incidents (detection uid → incident uid), in one statement. */
    private void attachAll(JdbcTemplate jdbc, Map<String, String> incidentOf) {
        if (!incidentOf.isEmpty()) {
            jdbc.update("UPDATE detections d SET incident_uid = x.incident_uid "
                            + "FROM unnest(?::text[], ?::text[]) AS x(uid, incident_uid) WHERE d.uid = x.uid",
                    incidentOf.keySet().toArray(String[]::new), incidentOf.values().toArray(String[]::new));
        }
    }

    /** Moves every detection of one incident to another (a merge); returns how many moved. */
    public int moveToIncident(JdbcTemplate jdbc, String fromIncident, String toIncident) {
        return jdbc.update("UPDATE detections SET incident_uid = ? WHERE incident_uid = ?", toIncident, fromIncident);
    }

    /** The detections of the given incidents, oldest first. */
    public List<OfIncident> ofIncidents(JdbcTemplate jdbc, List<String> incidentUids) {
        return jdbc.query("SELECT uid, incident_uid, rule_uid, rule_title, severity_id, "
                + "(extract(epoch FROM first_seen) * 1000)::bigint, (extract(epoch FROM last_seen) * 1000)::bigint "
                + "FROM detections WHERE incident_uid = ANY(?) ORDER BY first_seen, uid",
                (rs, i) -> new OfIncident(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getLong(6), rs.getLong(7)), (Object) incidentUids.toArray(String[]::new));
    }
}

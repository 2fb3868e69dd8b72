package io.securitylake.subscriber.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.tenant.TenantStores;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The only code that writes a tenant's {@code detections} table. A batch is two statements, each with the whole
 * batch bound as one jsonb parameter: an insert that skips stored uids and returns the new ones, then, for lake
 * findings already stored, an update that applies only a newer state (later last-seen time, or event time) and
 * adds the event to the detection's events. Replaying the same events therefore changes nothing.
 */
@Component
class DetectionTable {

    private static final String RECORD = "x(uid text, time bigint, severity_id int, rule_uid text, rule_title text, "
            + "event_uids jsonb, entities jsonb, attacks jsonb, first_seen bigint, last_seen bigint, status text, "
            + "detection jsonb)";
    private static final String INSERT = "INSERT INTO detections (uid, time, severity_id, rule_uid, rule_title, "
            + "event_uids, entities, attacks, first_seen, last_seen, status, detection) "
            + "SELECT x.uid, to_timestamp(x.time / 1000.0), x.severity_id, x.rule_uid, x.rule_title, "
            + "ARRAY(SELECT jsonb_array_elements_text(x.event_uids)), x.entities, "
            + "ARRAY(SELECT jsonb_array_elements_text(x.attacks)), to_timestamp(x.first_seen / 1000.0), "
            + "to_timestamp(x.last_seen / 1000.0), x.status, x.detection "
            + "FROM jsonb_to_recordset(?::jsonb) AS " + RECORD + " ON CONFLICT (uid) DO NOTHING RETURNING uid";
    private static final String UPDATE_FINDING = "UPDATE detections d SET time = to_timestamp(x.time / 1000.0), "
            + "severity_id = x.severity_id, rule_title = x.rule_title, status = x.status, "
            + "last_seen = to_timestamp(x.last_seen / 1000.0), entities = x.entities, detection = x.detection, "
            + "attacks = ARRAY(SELECT jsonb_array_elements_text(x.attacks)), "
            + "event_uids = ARRAY(SELECT e FROM unnest(d.event_uids || ARRAY(SELECT jsonb_array_elements_text(x.event_uids))) "
            + "WITH ORDINALITY AS t(e, n) GROUP BY e ORDER BY min(n)) "
            + "FROM jsonb_to_recordset(?::jsonb) AS " + RECORD + " WHERE d.uid = x.uid "
            + "AND (d.last_seen, d.time) < (to_timestamp(x.last_seen / 1000.0), to_timestamp(x.time / 1000.0)) RETURNING d.uid";

    private final Function<String, DataSource> stores;
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    DetectionTable(TenantStores stores) {
        this(stores::dataSource);
    }

    /** On the tenant stores a function gives (tests). */
    DetectionTable(Function<String, DataSource> stores) {
        this.stores = stores;
    }

    /** Stores a tenant's detections; returns those that are new (not stored before). */
    List<Detection> store(String tenant, List<Detection> detections) {
        if (detections.isEmpty()) {
            return List.of();
        }
        Map<String, Detection> byUid = newestPerUid(detections);
        JdbcTemplate jdbc = new JdbcTemplate(stores.apply(tenant));
        Set<String> inserted = new HashSet<>(jdbc.queryForList(INSERT, String.class, rows(byUid.values())));
        List<Detection> findingsSeenBefore = byUid.values().stream()
                .filter(d -> !inserted.contains(d.uid()) && d.ruleUid().equals(Detection.LAKE_FINDING)).toList();
        if (!findingsSeenBefore.isEmpty()) {
            jdbc.queryForList(UPDATE_FINDING, String.class, rows(findingsSeenBefore));
        }
        return byUid.values().stream().filter(d -> inserted.contains(d.uid())).toList();
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

    private String rows(Iterable<Detection> detections) {
        List<Map<String, Object>> rows = new ArrayList<>();
        detections.forEach(d -> rows.add(d.row()));
        try {
            return json.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a detection that is not JSON", e);
        }
    }
}

package io.securitylake.subscriber.predict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
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
 * The only code that writes a tenant's {@code volume_anomalies} table: one statement per run, the whole list bound
 * as one jsonb parameter, {@code ON CONFLICT DO NOTHING} on the derived uid. Also the API's page of them.
 */
@Component
public class AnomalyTable {

    static final int QUERY_TIMEOUT_SECONDS = 15;
    private static final String INSERT = "INSERT INTO volume_anomalies (uid, hour, kind, series_by, series_value, "
            + "observed, expected, lower_bound, upper_bound, hours, severity_id, detection_uid) "
            + "SELECT x.uid, to_timestamp(x.hour * 3600), x.kind, x.series_by, x.series_value, x.observed, x.expected, "
            + "x.lower_bound, x.upper_bound, x.hours, x.severity_id, x.detection_uid FROM jsonb_to_recordset(?::jsonb) "
            + "AS x(uid text, hour bigint, kind text, series_by text, series_value text, observed float8, expected float8, "
            + "lower_bound float8, upper_bound float8, hours int, severity_id int, detection_uid text) "
            + "ORDER BY x.uid ON CONFLICT (uid) DO NOTHING RETURNING uid";
    /** An anomaly as the API returns it. */
    private static final String BODY = "jsonb_build_object('uid', uid, 'time', (extract(epoch FROM hour) * 1000)::bigint, "
            + "'kind', kind, 'series', jsonb_build_object('by', series_by, 'value', series_value), 'observed', observed, "
            + "'expected', expected, 'lower', lower_bound, 'upper', upper_bound, 'hours', hours, 'severity_id', severity_id, "
            + "'detection_uid', detection_uid, 'detected_at', (extract(epoch FROM detected_at) * 1000)::bigint)::text";

    /** Where a page ends: the hour and uid of its last anomaly. */
    public record After(Instant time, String uid) {
    }

    /** One anomaly of a page, and its place in the order. */
    public record Listed(Instant time, String uid, String json) {
    }

    private final Function<String, DataSource> stores;
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    AnomalyTable(TenantStores stores) {
        this(stores::dataSource);
    }

    public AnomalyTable(Function<String, DataSource> stores) {
        this.stores = stores;
    }

    /** Stores a tenant's anomalies, each with the uid of its detection; returns the uids that are new. */
    public Set<String> store(String tenant, List<Anomaly> anomalies, Function<Anomaly, String> detectionUid) {
        if (anomalies.isEmpty()) {
            return Set.of();
        }
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (Anomaly a : anomalies) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("uid", a.uid());
            row.put("hour", a.hour());
            row.put("kind", a.kind().id());
            row.put("series_by", a.series().by());
            row.put("series_value", a.series().value());
            row.put("observed", a.observed());
            row.put("expected", a.expected());
            row.put("lower_bound", a.lower());
            row.put("upper_bound", a.upper());
            row.put("hours", a.hours());
            row.put("severity_id", a.severityId());
            row.put("detection_uid", detectionUid.apply(a));
            rows.putIfAbsent(a.uid(), row);
        }
        try {
            return new HashSet<>(new JdbcTemplate(stores.apply(tenant)).queryForList(INSERT, String.class,
                    json.writeValueAsString(rows.values())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an anomaly that is not JSON", e);
        }
    }

    /** A page of a tenant's anomalies, newest hour first; {@code from} inclusive, {@code to} exclusive. */
    public List<Listed> page(String tenant, Instant from, Instant to, String kind, After after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT hour, uid, " + BODY + " FROM volume_anomalies WHERE true");
        List<Object> args = new ArrayList<>();
        if (from != null) {
            sql.append(" AND hour >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND hour < ?");
            args.add(Timestamp.from(to));
        }
        if (kind != null) {
            sql.append(" AND kind = ?");
            args.add(kind);
        }
        if (after != null) {
            sql.append(" AND (hour, uid) < (?, ?)");
            args.add(Timestamp.from(after.time()));
            args.add(after.uid());
        }
        sql.append(" ORDER BY hour DESC, uid DESC LIMIT ?");
        args.add(limit);
        JdbcTemplate jdbc = new JdbcTemplate(stores.apply(tenant));
        jdbc.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        return jdbc.query(sql.toString(), (rs, i) -> new Listed(rs.getObject(1, OffsetDateTime.class).toInstant(),
                rs.getString(2), rs.getString(3)), args.toArray());
    }
}

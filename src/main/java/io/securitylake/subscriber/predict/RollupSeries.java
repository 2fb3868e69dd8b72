package io.securitylake.subscriber.predict;

import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Hourly series read from a tenant's {@code event_rollups} (kept exact by the events table's trigger): never the
 * raw events. Unknown values (class -1, source '') count in {@code all} only. Reads only; the rollups are written
 * by their trigger.
 */
@Component
public class RollupSeries {

    static final int QUERY_TIMEOUT_SECONDS = 60;
    /** The rollup column of each series kind: the only identifiers that reach SQL. */
    private static final Map<String, String> COLUMNS = Map.of(SeriesKey.CATEGORY, "category_uid",
            SeriesKey.CLASS, "class_uid", SeriesKey.SOURCE, "source", SeriesKey.ACCOUNT, "account");

    private final Function<String, DataSource> stores;

    @Autowired
    RollupSeries(TenantStores stores) {
        this(stores::dataSource);
    }

    public RollupSeries(Function<String, DataSource> stores) {
        this.stores = stores;
    }

    /** Every series of a tenant over the hours {@code [startHour, startHour + hours)}, observed up to {@code known}. */
    public Map<SeriesKey, HourlySeries> all(String tenant, long startHour, int hours, int known) {
        Map<SeriesKey, double[]> counts = new HashMap<>();
        counts.put(SeriesKey.TOTAL, new double[hours]);
        jdbc(tenant).query("SELECT (extract(epoch FROM hour) / 3600)::bigint, class_uid, category_uid, source, account, "
                + "sum(events) FROM event_rollups WHERE hour >= ? AND hour < ? GROUP BY 1, 2, 3, 4, 5", rs -> {
                    int i = (int) (rs.getLong(1) - startHour);
                    double n = rs.getLong(6);
                    counts.get(SeriesKey.TOTAL)[i] += n;
                    add(counts, SeriesKey.CLASS, rs.getInt(2) < 0 ? "" : Integer.toString(rs.getInt(2)), i, n, hours);
                    add(counts, SeriesKey.CATEGORY, rs.getInt(3) < 0 ? "" : Integer.toString(rs.getInt(3)), i, n, hours);
                    add(counts, SeriesKey.SOURCE, rs.getString(4), i, n, hours);
                    add(counts, SeriesKey.ACCOUNT, rs.getString(5), i, n, hours);
                }, hourTime(startHour), hourTime(startHour + Math.min(hours, known)));
        Map<SeriesKey, HourlySeries> out = new HashMap<>();
        counts.forEach((key, c) -> out.put(key, new HourlySeries(key, startHour, c, known)));
        return out;
    }

    /** One series over {@code [startHour, startHour + hours)}; empty when the tenant never had such events. */
    public java.util.Optional<HourlySeries> one(String tenant, SeriesKey key, long startHour, int hours, int known) {
        StringBuilder sql = new StringBuilder("SELECT (extract(epoch FROM hour) / 3600)::bigint, sum(events) "
                + "FROM event_rollups WHERE hour >= ? AND hour < ?");
        List<Object> args = new ArrayList<>(List.of(hourTime(startHour), hourTime(startHour + Math.min(hours, known))));
        String filter = "";
        if (!key.by().equals(SeriesKey.ALL)) {
            String column = COLUMNS.get(key.by());
            if (column == null) {
                throw new IllegalArgumentException("no series kind " + key.by());
            }
            boolean numeric = !key.by().equals(SeriesKey.SOURCE) && !key.by().equals(SeriesKey.ACCOUNT);
            filter = " AND " + column + " = ?";
            args.add(numeric ? Integer.parseInt(key.value()) : key.value());
        }
        sql.append(filter).append(" GROUP BY 1");
        double[] c = new double[hours];
        boolean[] any = {false};
        jdbc(tenant).query(sql.toString(), rs -> {
            c[(int) (rs.getLong(1) - startHour)] = rs.getLong(2);
            any[0] = true;
        }, args.toArray());
        if (!any[0] && !key.by().equals(SeriesKey.ALL)) {
            Boolean ever = jdbc(tenant).queryForObject("SELECT EXISTS (SELECT 1 FROM event_rollups WHERE true" + filter
                    + ")", Boolean.class, args.subList(2, 3).toArray());
            if (!Boolean.TRUE.equals(ever)) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(new HourlySeries(key, startHour, c, known));
    }

    private static void add(Map<SeriesKey, double[]> counts, String by, String value, int i, double n, int hours) {
        if (value != null && !value.isEmpty()) {
            counts.computeIfAbsent(new SeriesKey(by, value), k -> new double[hours])[i] += n;
        }
    }

    static Timestamp hourTime(long epochHour) {
        return Timestamp.from(Instant.ofEpochSecond(epochHour * 3600));
    }

    private JdbcTemplate jdbc(String tenant) {
        JdbcTemplate jdbc = new JdbcTemplate(stores.apply(tenant));
        jdbc.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        jdbc.setFetchSize(10_000);
        return jdbc;
    }
}

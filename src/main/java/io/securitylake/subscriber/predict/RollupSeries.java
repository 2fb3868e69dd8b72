package io.securitylake.subscriber.predict;

import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
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
        double[] total = new double[hours];
        Map<Integer, double[]> classes = new HashMap<>();
        Map<Integer, double[]> categories = new HashMap<>();
        Map<String, double[]> sources = new HashMap<>();
        Map<String, double[]> accounts = new HashMap<>();
        // pgjdbc streams a result (fetch size) only inside a transaction: a large tenant's rows never sit in heap at once
        jdbc(tenant).execute((ConnectionCallback<Void>) c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            // the rows as stored (severity and region are summed here): no aggregate in the database
            try (PreparedStatement s = c.prepareStatement("SELECT (extract(epoch FROM hour) / 3600)::bigint, class_uid, "
                    + "category_uid, source, account, events FROM event_rollups WHERE hour >= ? AND hour < ?")) {
                s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                s.setFetchSize(10_000);
                s.setTimestamp(1, hourTime(startHour));
                s.setTimestamp(2, hourTime(startHour + Math.min(hours, known)));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        int i = (int) (rs.getLong(1) - startHour);
                        double n = rs.getLong(6);
                        total[i] += n;
                        add(classes, rs.getInt(2) < 0 ? null : rs.getInt(2), i, n, hours);
                        add(categories, rs.getInt(3) < 0 ? null : rs.getInt(3), i, n, hours);
                        add(sources, rs.getString(4), i, n, hours);
                        add(accounts, rs.getString(5), i, n, hours);
                    }
                }
                c.commit();
            } finally {
                c.setAutoCommit(autoCommit);
            }
            return null;
        });
        Map<SeriesKey, HourlySeries> out = new HashMap<>();
        out.put(SeriesKey.TOTAL, new HourlySeries(SeriesKey.TOTAL, startHour, total, known));
        put(out, SeriesKey.CLASS, classes, startHour, known);
        put(out, SeriesKey.CATEGORY, categories, startHour, known);
        put(out, SeriesKey.SOURCE, sources, startHour, known);
        put(out, SeriesKey.ACCOUNT, accounts, startHour, known);
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

    private static <K> void add(Map<K, double[]> counts, K value, int i, double n, int hours) {
        if (value != null && !"".equals(value)) {
            counts.computeIfAbsent(value, k -> new double[hours])[i] += n;
        }
    }

    private static <K> void put(Map<SeriesKey, HourlySeries> out, String by, Map<K, double[]> counts, long startHour,
                                int known) {
        counts.forEach((value, c) -> {
            SeriesKey key = new SeriesKey(by, value.toString());
            out.put(key, new HourlySeries(key, startHour, c, known));
        });
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

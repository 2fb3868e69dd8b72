package io.securitylake.subscriber.store;

import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * The tenant's {@code event_fields_seen} (tenant V26): per UTC day and OCSF class, the paths its stored events hold a
 * value at. A stored batch adds its {@link FieldPaths} as a set ({@code ON CONFLICT DO NOTHING}), after its events
 * are in the store, so a path is never seen without its events and a chunk written again (redelivery, replay) adds
 * nothing; the rules API reads the days since a given one ({@link #since}).
 */
@Component
public class FieldsSeenTable {

    private static final String INSERT = "INSERT INTO event_fields_seen (day, class_uid, path) "
            + "SELECT d, c, p FROM unnest(?::date[], ?::int[], ?::text[]) AS s(d, c, p) "
            + "ORDER BY 1, 2, 3 " // one lock order for concurrent writers: no deadlock between replicas
            + "ON CONFLICT DO NOTHING";

    private final TenantStores stores;

    public FieldsSeenTable(TenantStores stores) {
        this.stores = stores;
    }

    /** Adds the batch's paths over the connection (in its transaction, if any); returns the rows that were new. */
    static int record(Connection connection, FieldPaths paths) throws SQLException {
        return paths.isEmpty() ? 0 : insert(connection, paths.seen());
    }

    /**
     * Adds the batch's paths that {@code written} does not know the store holds, over the connection (in its
     * transaction, if any); sends nothing when it knows them all. Returns the rows sent, for the caller to remember
     * ({@link FieldsSeenMemory.Written#committed}) once their transaction has committed.
     */
    static List<FieldPaths.Seen> recordUnknown(Connection connection, FieldPaths paths, FieldsSeenMemory.Written written)
            throws SQLException {
        if (paths.isEmpty()) {
            return List.of();
        }
        List<FieldPaths.Seen> unknown = written.unknown(paths.seen());
        if (!unknown.isEmpty()) {
            insert(connection, unknown);
        }
        return unknown;
    }

    private static int insert(Connection connection, List<FieldPaths.Seen> seen) throws SQLException {
        String[] days = new String[seen.size()];
        Integer[] classes = new Integer[seen.size()];
        String[] names = new String[seen.size()];
        for (int i = 0; i < seen.size(); i++) {
            days[i] = seen.get(i).day().toString();
            classes[i] = seen.get(i).classUid();
            names[i] = seen.get(i).path();
        }
        try (PreparedStatement s = connection.prepareStatement(INSERT)) {
            s.setArray(1, connection.createArrayOf("date", days));
            s.setArray(2, connection.createArrayOf("int4", classes));
            s.setArray(3, connection.createArrayOf("text", names));
            return s.executeUpdate();
        }
    }

    /** Deletes a dropped day's rows (partition upkeep). */
    static void dropDay(Connection connection, LocalDate day) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("DELETE FROM event_fields_seen WHERE day = ?")) {
            s.setObject(1, day);
            s.executeUpdate();
        }
    }

    /** The paths the tenant's events held a value at on {@code from} or after, each with the last such day. */
    public FieldsSeen since(String tenant, LocalDate from) {
        try {
            return since(stores.dataSource(tenant), from);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the fields seen of tenant " + tenant, e);
        }
    }

    static FieldsSeen since(DataSource store, LocalDate from) throws SQLException {
        Map<Integer, NavigableMap<String, LocalDate>> byClass = new HashMap<>();
        try (Connection c = store.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT class_uid, path, max(day) FROM event_fields_seen "
                     + "WHERE day >= ? GROUP BY class_uid, path")) {
            s.setObject(1, from);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    // a flattened list of Security Lake 1.0 (unmapped["requestParameters.ids[]"]) is read by its name
                    byClass.computeIfAbsent(rs.getInt(1), k -> new TreeMap<>())
                            .merge(rs.getString(2).replace("[]", ""), rs.getObject(3, LocalDate.class),
                                    (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        }
        return new FieldsSeen(byClass);
    }
}

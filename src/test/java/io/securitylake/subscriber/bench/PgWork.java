package io.securitylake.subscriber.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What PostgreSQL did between two snapshots, from its statistics views: transactions committed and rolled
 * back, rows inserted (a rolled-back COPY's rows count too), checkpoints and buffers they wrote. Says whether
 * a phase's server CPU went into its own rows or into other work.
 */
final class PgWork {

    private static final String QUERY = """
            SELECT d.xact_commit, d.xact_rollback, d.tup_inserted, d.tup_updated, d.tup_fetched,
                   c.num_timed + c.num_requested AS checkpoints, c.buffers_written AS checkpoint_buffers
              FROM pg_stat_database d, pg_stat_checkpointer c WHERE d.datname = current_database()""";

    private final Connection connection;
    private final Map<String, Long> start;

    PgWork(Connection connection) throws SQLException {
        this.connection = connection;
        this.start = snapshot();
    }

    /** The change since this object was made. */
    Map<String, Long> since() throws SQLException {
        Map<String, Long> now = snapshot();
        Map<String, Long> delta = new LinkedHashMap<>();
        now.forEach((k, v) -> delta.put(k, v - start.get(k)));
        return delta;
    }

    private Map<String, Long> snapshot() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT pg_stat_force_next_flush()");
            s.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = s.executeQuery(QUERY)) {
                rs.next();
                Map<String, Long> out = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    out.put(rs.getMetaData().getColumnLabel(i), rs.getLong(i));
                }
                return out;
            }
        }
    }
}

package io.securitylake.subscriber.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What PostgreSQL did between two snapshots, from its statistics views: transactions committed and rolled
 * back, rows inserted (a rolled-back COPY's rows count too), checkpoints and buffers they wrote. Says whether
 * a phase's server CPU went into its own rows or into other work. With {@code -Dbench.pg-statements=true} (the
 * server then loads pg_stat_statements) it also lists the statements that took the most time.
 */
final class PgWork {

    private static final String QUERY = """
            SELECT d.xact_commit, d.xact_rollback, d.tup_inserted, d.tup_updated, d.tup_fetched,
                   c.num_timed + c.num_requested AS checkpoints, c.buffers_written AS checkpoint_buffers
              FROM pg_stat_database d, pg_stat_checkpointer c WHERE d.datname = current_database()""";

    private static final boolean STATEMENTS = Boolean.getBoolean("bench.pg-statements");
    private static final int TOP_STATEMENTS = 15;

    private final Connection connection;
    private final Map<String, Long> start;

    PgWork(Connection connection) throws SQLException {
        this.connection = connection;
        if (STATEMENTS) {
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                s.execute("SELECT pg_stat_statements_reset()");
            }
        }
        this.start = snapshot();
    }

    /** The change since this object was made. */
    Map<String, Object> since() throws SQLException {
        Map<String, Long> now = snapshot();
        Map<String, Object> delta = new LinkedHashMap<>();
        now.forEach((k, v) -> delta.put(k, v - start.get(k)));
        if (STATEMENTS) {
            delta.put("top_statements", topStatements());
        }
        return delta;
    }

    private List<Map<String, Object>> topStatements() throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 160), calls, "
                     + "round(total_exec_time), rows FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT "
                     + TOP_STATEMENTS)) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("ms", rs.getLong(3));
                row.put("calls", rs.getLong(2));
                row.put("rows", rs.getLong(4));
                row.put("query", rs.getString(1));
                out.add(row);
            }
        }
        return out;
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

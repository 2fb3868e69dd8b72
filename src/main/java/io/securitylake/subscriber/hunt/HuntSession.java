package io.securitylake.subscriber.hunt;

import io.securitylake.subscriber.tenant.TenantIds;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A read of the store as the tenant's hunt role: one transaction, {@code SET TRANSACTION READ ONLY}, a
 * {@code statement_timeout}, {@code SET LOCAL ROLE lake_hunt_<tenant>} (made by the V9 tenant migration: it may
 * use the tenant's schema and read its tables and views, nothing else), always rolled back. What PostgreSQL
 * refuses because of the statement (permission, read-only, syntax, timeout, ...) becomes a {@link HuntRefused}
 * with PostgreSQL's reason; a fault of the database (connection, resources) stays an error of the service.
 */
final class HuntSession {

    /** SQLState classes and codes that name a fault of the statement, not of the service. */
    private static final Set<String> REFUSED_CLASSES = Set.of("0A", "21", "22", "25", "2B", "2F", "34", "38", "39",
            "3F", "42", "44", "54", "P0");

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private HuntSession() {
    }

    static String role(String tenant) {
        TenantIds.schemaOf(tenant); // a valid tenant id, or an exception: the role name is made of it
        return "lake_hunt_" + tenant;
    }

    static <T> T read(DataSource store, String tenant, Duration timeout, Work<T> work) {
        try (Connection c = store.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION READ ONLY");
                st.execute("SET LOCAL statement_timeout = " + Math.max(1, timeout.toMillis()));
                st.execute("SET LOCAL ROLE \"" + role(tenant) + "\"");
                return work.run(c);
            } finally {
                c.rollback();
                // a session-level advisory lock taken by the statement outlives the rollback: drop any
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT pg_advisory_unlock_all()");
                }
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    static RuntimeException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("57014") || (state.length() == 5 && REFUSED_CLASSES.contains(state.substring(0, 2)))) {
            String reason = e instanceof PSQLException p && p.getServerErrorMessage() != null
                    ? p.getServerErrorMessage().getMessage() : e.getMessage();
            return new HuntRefused("the database refused the statement: " + reason + " (code " + state + ")");
        }
        return new DataAccessResourceFailureException("the store failed the hunt (SQLSTATE " + state + ")", e);
    }
}

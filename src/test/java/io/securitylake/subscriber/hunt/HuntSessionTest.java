package io.securitylake.subscriber.hunt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securitylake.subscriber.stack.LakeTestStack;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The transaction a hunt runs in, on a migrated tenant schema of the embedded PostgreSQL (whose user is a
 * superuser): the tenant's hunt role, read-only, the timeout; nothing of it outlives the request.
 */
class HuntSessionTest {

    private static final String TENANT = "huntsession";
    private static PGSimpleDataSource db;

    @BeforeAll
    static void tenantSchema() {
        db = LakeTestStack.tenantStore("tenant_" + TENANT);
    }

    @Test
    void aHuntRunsAsTheTenantsRoleReadOnlyWithTheTimeout() {
        List<String> seen = HuntSession.read(db, TENANT, Duration.ofMillis(1500), c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT current_user, current_setting('transaction_read_only'), current_setting('statement_timeout')")) {
                rs.next();
                return List.of(rs.getString(1), rs.getString(2), rs.getString(3));
            }
        });
        assertThat(seen).containsExactly("lake_hunt_" + TENANT, "on", "1500ms");
    }

    @Test
    void nothingOfTheHuntOutlivesIt() throws Exception {
        // one pooled connection, kept open: what the hunt leaves on it is what the next user of the pool meets
        var pooled = new org.springframework.jdbc.datasource.SingleConnectionDataSource(db.getConnection(), true);
        assertThatThrownBy(() -> HuntSession.read(pooled, TENANT, Duration.ofSeconds(5), c -> {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_lock(42)");
                st.execute("SELECT set_config('search_path', 'public', false)");
                st.execute("SELECT pg_read_file('/etc/hostname')");
            }
            return null;
        })).isInstanceOf(HuntRefused.class).hasMessageContaining("permission denied for function pg_read_file");

        try (var c = pooled.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_user, current_setting('transaction_read_only'), current_setting('search_path')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("postgres");
            assertThat(rs.getString(2)).isEqualTo("off");
            assertThat(rs.getString(3)).isEqualTo("tenant_huntsession");
        }
        try (var other = db.getConnection(); Statement st = other.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(42)")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("the advisory lock the hunt took is released").isTrue();
            st.execute("SELECT pg_advisory_unlock_all()");
        }
        pooled.destroy();
    }

    @Test
    void theHuntRoleReadsTheTenantsTablesAndViewsOnly() throws Exception {
        try (var c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT rolsuper, rolcanlogin, rolcreaterole, rolcreatedb, rolbypassrls,
                       has_schema_privilege('lake_hunt_huntsession', 'tenant_huntsession', 'CREATE'),
                       has_table_privilege('lake_hunt_huntsession', 'tenant_huntsession.events', 'SELECT'),
                       has_table_privilege('lake_hunt_huntsession', 'tenant_huntsession.events', 'INSERT'),
                       has_table_privilege('lake_hunt_huntsession', 'tenant_huntsession.authentication', 'SELECT'),
                       has_table_privilege('lake_hunt_huntsession', 'tenant_huntsession.detections', 'SELECT')
                  FROM pg_roles WHERE rolname = 'lake_hunt_huntsession'""")) {
            assertThat(rs.next()).isTrue();
            for (int i = 1; i <= 6; i++) {
                assertThat(rs.getBoolean(i)).as("column " + i).isFalse();
            }
            assertThat(rs.getBoolean(7)).isTrue();
            assertThat(rs.getBoolean(8)).isFalse();
            assertThat(rs.getBoolean(9)).isTrue();
            assertThat(rs.getBoolean(10)).isTrue();
        }
    }
}

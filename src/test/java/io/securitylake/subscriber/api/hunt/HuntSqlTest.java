package io.securitylake.subscriber.api.hunt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The caller's own SQL: what it may read, and the refusal matrix — every way out of the tenant's data is refused
 * by PostgreSQL itself (grants, the read-only transaction, the security-definer cursor, the timeout) and answered
 * 400 with PostgreSQL's reason, never 500.
 */
class HuntSqlTest extends HuntApiSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    Reply sql(String key, String sql, String query) {
        try {
            return post("/api/v1/hunts/sql" + query, key, JSON.writeValueAsString(java.util.Map.of("sql", sql)), null);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSelectOverTheViewsReturnsTypedColumnsInOrder() {
        Reply r = sql(ACME_KEY, "SELECT user_name, count(*) AS n, max(event_time) AS last, bool_or(is_mfa) AS mfa, "
                + "1 AS n FROM authentication WHERE event_time < '2025-06-11' GROUP BY 1 ORDER BY 1;", "");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode page = r.json();
        assertThat(page.path("columns").toString()).isEqualTo("[{\"name\":\"user_name\",\"type\":\"text\"},"
                + "{\"name\":\"n\",\"type\":\"int8\"},{\"name\":\"last\",\"type\":\"timestamptz\"},"
                + "{\"name\":\"mfa\",\"type\":\"bool\"},{\"name\":\"n\",\"type\":\"int4\"}]");
        assertThat(page.path("rows").toString()).isEqualTo("[[\"alice\",2," + T.plusSeconds(7200).toEpochMilli()
                + ",true,1],[\"bob\",1," + T.plusSeconds(7300).toEpochMilli() + ",false,1]]");
    }

    @Test
    void anotherTenantsRowsAreNotThere() {
        // the uids of both tenants' seeded events: globex's answer holds its own only (other tests add other rows)
        Reply r = sql(GLOBEX_KEY, "SELECT event_uid FROM events WHERE event_uid IN ('g-api-1', 'g-auth-1', 'auth-1', "
                + "'auth-2', 'sh-1') ORDER BY 1", "");
        assertThat(rows(r.json())).extracting(row -> row.get(0)).containsExactly("g-api-1", "g-auth-1");
    }

    @Test
    void aLongResultIsPaged() {
        String q = "SELECT event_uid FROM events WHERE event_time >= '2025-06-09' AND event_time < '2025-06-11' ORDER BY event_uid";
        Reply first = sql(ACME_KEY, q, "?limit=10");
        assertThat(first.json().path("rows").size()).isEqualTo(10);
        String cursor = first.json().path("next_cursor").asText();
        Reply second = sql(ACME_KEY, q, "?limit=100&cursor=" + cursor);
        assertThat(second.json().path("rows").size()).isEqualTo(15);
        assertThat(second.json().path("next_cursor").isNull()).isTrue();
        assertThat(second.json().path("rows").get(0).get(0).asText())
                .isGreaterThan(first.json().path("rows").get(9).get(0).asText());
        assertRefused(sql(ACME_KEY, q + " DESC", "?cursor=" + cursor), 400, "cursor");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            another tenant's schema      | SELECT * FROM tenant_zeta.events                                   | permission denied for schema tenant_zeta
            another tenant's function    | SELECT tenant_zeta.hunt_int('1')                                   | permission denied for schema tenant_zeta
            a tenant's own database      | SELECT * FROM tenant_globex.events                                 | relation "tenant_globex.events" does not exist
            the control tables           | SELECT * FROM public.lake_objects                                  | permission denied for table lake_objects
            the account claims           | SELECT * FROM public.lake_account_claims                           | permission denied for table lake_account_claims
            delete                       | DELETE FROM events RETURNING event_uid                             | read-only transaction
            update                       | UPDATE events SET source = 'x' RETURNING event_uid                 | read-only transaction
            insert                       | INSERT INTO detections (uid) VALUES ('x')                          | cannot open INSERT query as cursor
            a write in a CTE             | WITH d AS (DELETE FROM events RETURNING 1) SELECT * FROM d         | read-only transaction
            create                       | CREATE TABLE stolen (a int)                                        | cannot open CREATE TABLE query as cursor
            copy out                     | COPY events TO STDOUT                                              | cannot open COPY query as cursor
            copy to a file               | COPY (SELECT 1) TO '/tmp/out'                                      | cannot open COPY query as cursor
            a server file                | SELECT pg_read_file('/etc/passwd')                                 | permission denied for function pg_read_file
            a server directory           | SELECT pg_ls_dir('.')                                              | permission denied for function pg_ls_dir
            a large-object import        | SELECT lo_import('/etc/passwd')                                    | permission denied for function lo_import
            dblink                       | SELECT dblink('dbname=postgres', 'SELECT 1')                       | function dblink(unknown, unknown) does not exist
            sleep past the timeout       | SELECT pg_sleep(5)                                                 | statement timeout
            SET ROLE back                | SET ROLE postgres                                                  | cannot open SET query as cursor
            RESET ROLE                   | RESET ROLE                                                         | cannot open RESET query as cursor
            SET SESSION AUTHORIZATION    | SET SESSION AUTHORIZATION postgres                                 | cannot open SET query as cursor
            role through set_config      | SELECT set_config('role', 'postgres', false)                       | cannot set parameter "role" within security-definer function
            reset role through set_config| SELECT set_config('role', 'none', true)                            | cannot set parameter "role" within security-definer function
            session authorization        | SELECT set_config('session_authorization', 'postgres', true)       | cannot set parameter "session_authorization" within security-definer function
            a role change, then a read   | SELECT set_config('role', 'none', true), query_to_xml('SELECT count(*) FROM tenant_globex.events', true, true, '') | within security-definer function
            read-write through set_config| SELECT set_config('transaction_read_only', 'off', true)            | transaction read-write mode
            a syntax error               | SELEC 1                                                            | syntax error
            """)
    void aWayOutOfTheTenantsDataIsRefusedByPostgresql(String what, String statement, String reason) throws SQLException {
        // another tenant in a schema of the same database (globex has a database of its own here)
        try (Connection c = stores.dataSource("acme").getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS tenant_zeta");
            st.execute("CREATE TABLE IF NOT EXISTS tenant_zeta.events (event_uid text)");
            st.execute("CREATE OR REPLACE FUNCTION tenant_zeta.hunt_int(v text) RETURNS int LANGUAGE sql AS 'SELECT 1'");
        }
        Reply r = sql(ACME_KEY, statement, "");
        assertRefused(r, 400, reason);
        assertThat(r.json().path("detail").asText()).startsWith("the database refused the statement");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            two statements               | SELECT 1; SELECT 2
            a role change after a select | SELECT 1; SET ROLE postgres
            a statement after a comment  | SELECT 1 /* ; */ ; RESET ROLE
            """)
    void textWithSeveralStatementsIsRefused(String what, String statement) {
        assertRefused(sql(ACME_KEY, statement, ""), 400, "exactly one statement");
    }

    @Test
    void emptyOrMissingSqlIsRefused() {
        assertRefused(sql(ACME_KEY, "   ", ""), 400, "sql is required");
        assertRefused(post("/api/v1/hunts/sql", ACME_KEY, "{}", null), 400, "sql is required");
        assertRefused(sql(ACME_KEY, "SELECT '" + "x".repeat(30_000) + "'", ""), 400, "longer than");
    }

    /** Below the service's own check: the hunt role's function itself refuses a second statement and SET ROLE. */
    @Test
    void theHuntRolesCursorTakesOneQueryEvenWithoutTheServicesCheck() throws SQLException {
        try (Connection c = stores.dataSource("acme").getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION READ ONLY");
                st.execute("SET LOCAL ROLE lake_hunt_acme");
            }
            for (String sql : new String[] {"SELECT 1; SELECT 2", "SELECT 1; SET ROLE postgres"}) {
                st(c, "SAVEPOINT s");
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM hunt_rows(?, 0, 10)")) {
                    ps.setString(1, sql);
                    org.assertj.core.api.Assertions.assertThatThrownBy(ps::executeQuery)
                            .hasMessageContaining("cannot open multi-query plan as cursor");
                }
                st(c, "ROLLBACK TO SAVEPOINT s");
            }
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("lake_hunt_acme");
            }
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    private static void st(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void theServiceRunsAfterARefusalOnTheSameConnections() {
        for (int i = 0; i < 12; i++) {
            assertRefused(sql(ACME_KEY, "SELECT pg_advisory_lock(1), pg_read_file('/etc/passwd')", ""), 400);
        }
        Reply r = sql(ACME_KEY, "SELECT current_user AS who, pg_try_advisory_lock(1) AS free", "");
        assertThat(r.json().path("rows").get(0).toString()).isEqualTo("[\"lake_hunt_acme\",true]");
    }
}

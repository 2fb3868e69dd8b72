package io.securitylake.subscriber.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securitylake.subscriber.SettingsFactory;
import io.securitylake.subscriber.ingest.IngestSettings;
import io.securitylake.subscriber.api.TestCertificates;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.env.MockEnvironment;

/**
 * Encryption in transit to PostgreSQL: a tenant store whose URL asks for {@code sslmode=verify-full} with the
 * CA it trusts talks TLS to a server whose certificate that CA signed for the host name, refuses a server signed
 * by another CA, and refuses a server that offers no TLS at all.
 */
class TenantStoresTlsTest {

    @TempDir
    static Path dir;
    private static EmbeddedPostgres tlsServer;
    private static Path trustedCa;
    private static Path otherCa;

    @BeforeAll
    static void serverWithACertificateOfATestCa() throws Exception {
        TestCertificates certificates = new TestCertificates(dir);
        Path ca = certificates.keyPair("lake-ca", "CN=Lake Test CA", "bc:c");
        trustedCa = certificates.certificatePem(ca);
        otherCa = certificates.certificatePem(certificates.keyPair("other-ca", "CN=Other CA", "bc:c"));
        Path[] server = certificates.serverPemSignedBy(ca, "pg-server");
        tlsServer = EmbeddedPostgres.builder()
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", server[0].toString())
                .setServerConfig("ssl_key_file", server[1].toString())
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        tlsServer.close();
    }

    @Test
    void verifyFullWithTheTrustedCaConnectsOverTls() throws SQLException {
        DataSource store = store("jdbc:postgresql://localhost:" + tlsServer.getPort() + "/postgres"
                + "?sslmode=verify-full&sslrootcert=" + trustedCa);
        try (Connection c = store.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean("ssl")).isTrue();
            assertThat(rs.getString("version")).startsWith("TLSv1.");
        }
    }

    @Test
    void aServerSignedByAnotherCaIsRefused() {
        DataSource store = store("jdbc:postgresql://localhost:" + tlsServer.getPort() + "/postgres"
                + "?sslmode=verify-full&sslrootcert=" + otherCa);
        assertThatThrownBy(() -> store.getConnection().close()).hasStackTraceContaining("SSL");
    }

    @Test
    void aServerWithoutTlsIsRefusedWhenTlsIsRequired() {
        String plain = LakeTestStack.lake().jdbcUrl("postgres");
        DataSource store = store(plain + (plain.contains("?") ? "&" : "?") + "sslmode=verify-full&sslrootcert="
                + trustedCa);
        assertThatThrownBy(() -> store.getConnection().close()).hasStackTraceContaining("does not support SSL");
    }

    private static DataSource store(String url) {
        MockEnvironment env = new MockEnvironment()
                .withProperty("lake.tenants.secure.datasource.url", url)
                .withProperty("lake.tenants.secure.datasource.username", "postgres")
                .withProperty("lake.tenants.secure.datasource.password", "postgres");
        TenantSettings lake = SettingsFactory.bind(TenantSettings.class, env);
        DataSourceProperties control = new DataSourceProperties();
        control.setUrl(LakeTestStack.lake().jdbcUrl("postgres"));
        JdbcTemplate controlDb = new JdbcTemplate(new DriverManagerDataSource(control.getUrl(), "postgres", ""));
        TenantStores stores = new TenantStores(lake, IngestSettings.of().tenantPoolSize(), control, new TenantDirectory(lake, controlDb));
        com.zaxxer.hikari.HikariDataSource ds = (com.zaxxer.hikari.HikariDataSource) stores.dataSource("secure");
        ds.setInitializationFailTimeout(1);
        ds.setConnectionTimeout(5_000);
        return ds;
    }
}

package io.securitylake.subscriber.hunt;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import io.securitylake.subscriber.stack.Fixtures;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hunt views over the real Security Lake files of the shared fixtures (OCSF 1.0.0-rc.2 and 1.1.0, stored as the
 * pipeline stores them): each typed column reads the field where that version wrote it.
 */
class HuntViewsTest {

    private static Connection db;

    @BeforeAll
    static void storeTheFixtures() throws Exception {
        Path dir = Fixtures.folder("parquet");
        db = LakeTestStack.tenantSchema("tenant_huntviews", null);
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.sorted().toList();
        }
        for (Path file : files) {
            try (EventChunks chunks = new ParquetEventReader().open(file, 1000)) {
                int i = 0;
                while (chunks.hasNext()) {
                    for (Map<String, Object> event : chunks.next()) {
                        Map<String, Object> copy = new LinkedHashMap<>(event);
                        HuntEvents.store(db, file.getFileName() + "#" + i++,
                                Instant.ofEpochMilli(((Number) event.get("time")).longValue()), "123456789012",
                                "fixture", copy);
                    }
                }
            }
        }
    }

    @AfterAll
    static void close() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    private static List<String> row(String sql) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.add(rs.getString(i));
            }
            assertThat(rs.next()).as("one row: " + sql).isFalse();
            return out;
        }
    }

    @Test
    void authenticationOfOcsf10() throws SQLException {
        assertThat(row("SELECT user_name, user_uid, user_arn, is_mfa, host(src_ip), status_id, api_operation "
                + "FROM authentication WHERE api_operation = 'ConsoleLogin'"))
                .containsExactly("anaya", "AIDACKCEVSQ6C2EXAMPLE", "arn:aws:iam::111122223333:user/anaya", "f",
                        "192.0.2.0", "1", "ConsoleLogin");
        assertThat(row("SELECT user_name, actor_user_name, user_arn FROM authentication WHERE api_operation = 'AssumeRole'"))
                .containsExactly("JohnDoe-EC2-dev", "JohnDoe", "arn:aws:iam::111122223333:role/EC2-dev");
    }

    @Test
    void apiActivityOfOcsf10And11() throws SQLException {
        assertThat(row("SELECT class_uid, actor_user_arn, actor_account, credential_uid, api_service, host(src_ip) "
                + "FROM api_activity WHERE api_operation = 'CreateLoadBalancer'"))
                .containsExactly("3005", "arn:aws:iam::123456789012:user/Alice", "123456789012", "AKIAIOSFODNN7EXAMPLE",
                        "elasticloadbalancing.amazonaws.com", "198.51.100.1");
        assertThat(row("SELECT class_uid, target_user_name, is_mfa, session_issuer FROM api_activity WHERE api_operation = 'CreateUser'"))
                .containsExactly("3001", "test_user2", "f", "arn:aws:iam::112233445566:role/Admin");
        assertThat(row("SELECT class_uid, credential_uid, session_issuer, resource_type, ocsf_version FROM api_activity "
                + "WHERE api_operation = 'create'"))
                .containsExactly("6003", "EXAMPLEUIDTEST", "arn:aws:iam::123456789012:role/example-test-161366663-NodeInstanceRole-abc12345678912",
                        "nodes", "1.1.0");
    }

    @Test
    void networkActivity() throws SQLException {
        assertThat(row("SELECT host(src_ip), src_port, host(dst_ip), dst_port, protocol_num, bytes, packets, "
                + "extract(epoch FROM start_time) * 1000, disposition, disposition_id, direction, vpc_uid, dst_instance_uid "
                + "FROM network_activity WHERE source = 'fixture'"))
                .containsExactly("1.2.3.4", "56858", "172.31.2.52", "39938", "6", "40", "1", "1649721732000.000000",
                        "Blocked", "2", "Inbound", "vpc-00000000", "i-000000000000000000");
    }

    @Test
    void dnsActivity() throws SQLException {
        assertThat(row("SELECT host(src_ip), query_hostname, query_type, rcode, answers, vpc_uid FROM dns_activity"))
                .containsExactly("10.200.21.100", "ip-127-0-0-62.alert.firewall.canary", "A", "NoError", "{127.0.0.62}",
                        "vpc-00000000000000000");
    }

    @Test
    void aSecurityFindingOfOcsf10() throws SQLException {
        assertThat(row("SELECT class_uid, left(title, 6), status, status_id, resource_type, "
                + "extract(epoch FROM first_seen) * 1000, extract(epoch FROM last_seen) * 1000, process_name, product "
                + "FROM detection_finding"))
                .containsExactly("2001", "EC2.19", "Suppressed", "3", "AwsEc2SecurityGroup", "1635449619417.000000",
                        "1659636565316.000000", "syslogd", "Security Hub");
    }

    @Test
    void aValueOfTheWrongTypeReadsAsNullInsteadOfFailingTheQuery() throws SQLException {
        HuntEvents.store(db, "odd", Instant.parse("2025-01-01T00:00:00Z"), "123456789012", "odd", HuntEvents.event(
                "class_uid", 4001, "src_endpoint.ip", "not an address", "src_endpoint.port", "443",
                "traffic.bytes", 1e40, "start_time", "yesterday"));
        assertThat(row("SELECT src_ip, src_port, bytes, start_time FROM network_activity WHERE event_uid = 'odd'"))
                .containsExactly(null, null, null, null);
    }
}

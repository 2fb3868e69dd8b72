package io.securitylake.subscriber.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

class EmbeddedLakeTest {

    @Test
    void embeddedSqsS3AndPostgresAnswerTheirRealProtocols() throws Exception {
        try (EmbeddedLake lake = EmbeddedLake.start()) {
            String queue = lake.createQueue("probe", Map.of());
            lake.sqs().sendMessage(b -> b.queueUrl(queue).messageBody("hello"));
            assertThat(lake.sqs().receiveMessage(b -> b.queueUrl(queue)).messages()).hasSize(1);

            lake.createBucket("probe-bucket");
            lake.s3().putObject(b -> b.bucket("probe-bucket").key("a/b=c/d e.parquet"), RequestBody.fromString("x"));
            assertThat(lake.s3().getObjectAsBytes(b -> b.bucket("probe-bucket").key("a/b=c/d e.parquet")).asUtf8String())
                    .isEqualTo("x");

            lake.createDatabase("probe_db");
            try (var c = java.sql.DriverManager.getConnection(lake.jdbcUrl("probe_db"), "postgres", "");
                 ResultSet rs = c.createStatement().executeQuery("SELECT current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("probe_db");
            }
        }
    }
}

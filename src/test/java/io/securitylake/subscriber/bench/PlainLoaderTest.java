package io.securitylake.subscriber.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.bench.BenchFiles.BenchObject;
import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.store.EventJson;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's plain-COPY baseline stores every event of its files as they are, into its own table. */
class PlainLoaderTest {

    /** Each test its own table: neither sees the other's rows. */
    private static final String FILES = "bench_plain_test_files";
    private static final String TEXT = "bench_plain_test_text";
    private static String jdbcUrl;
    private static Connection db;

    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void connect() throws Exception {
        jdbcUrl = LakeTestStack.lake().jdbcUrl("postgres");
        db = DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    @AfterAll
    static void close() throws Exception {
        try (Statement s = db.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + FILES + " CASCADE");
            s.execute("DROP SCHEMA IF EXISTS " + TEXT + " CASCADE");
        }
        db.close();
    }

    @Test
    void everyEventOfTheFilesIsStoredAsTheFileHoldsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("process.parquet");
        DemoLake.write(file, DemoSource.CROWDSTRIKE_PROCESS, BenchFiles.ACCOUNT, BenchFiles.REGION,
                DemoLake.DEFAULT_DAY, 250, 7, DemoLake.Options.defaults());
        String key = DemoSource.CROWDSTRIKE_PROCESS.key(BenchFiles.ACCOUNT, BenchFiles.REGION, DemoLake.DEFAULT_DAY, 7);
        PlainLoader loader = new PlainLoader(jdbcUrl, FILES, 2, 100);
        loader.create(db);
        loader.empty(db);

        long loaded = loader.load(List.of(new BenchObject(key, file, 250), new BenchObject(key, file, 250)));

        List<JsonNode> expected = new ArrayList<>();
        try (EventChunks chunks = new ParquetEventReader().open(file, 1000)) {
            while (chunks.hasNext()) {
                for (Map<String, Object> event : chunks.next()) {
                    JsonNode node = mapper.readTree(new EventJson().toJson(event));
                    expected.add(node);
                    expected.add(node); // the file was given twice: no unique key, stored twice
                }
            }
        }
        assertThat(loaded).isEqualTo(500);
        assertThat(stored(FILES, "true")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void textThatCopyEscapesArrivesAsWritten() throws Exception {
        PlainLoader loader = new PlainLoader(jdbcUrl, TEXT, 1, 100);
        loader.create(db);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("time", 1_718_323_200_123L);
        event.put("class_uid", 1007);
        event.put("cmd_line", "C:\\Windows\\System32\\cmd.exe /c \"echo\\ttab\" \\N \\. é 😀");
        event.put("odd", "tab\t newline\n return\r");
        event.put("marker", "plain-loader-odd-text");

        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            assertThat(loader.copy(c, List.of(event))).isEqualTo(1);
        }

        List<JsonNode> rows = stored(TEXT, "event->>'marker' = 'plain-loader-odd-text'");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).isEqualTo(mapper.readTree(mapper.writeValueAsBytes(event)));
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT time = to_timestamp(1718323200.123), "
                + "class_uid FROM " + TEXT + ".events WHERE event->>'marker' = 'plain-loader-odd-text'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).as("the time column from the event's epoch ms").isTrue();
            assertThat(rs.getInt(2)).isEqualTo(1007);
        }
    }

    private List<JsonNode> stored(String schema, String where) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT event::text FROM " + schema + ".events WHERE " + where)) {
            while (rs.next()) {
                out.add(mapper.readTree(rs.getString(1)));
            }
        }
        return out;
    }
}

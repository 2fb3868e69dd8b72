package io.securitylake.subscriber.ingest;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;

import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import io.securitylake.subscriber.parquet.ParquetTestFiles;
import io.securitylake.subscriber.parquet.WriterShapes;
import io.securitylake.subscriber.stack.Fixtures;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The writers' matrix: the real Security Lake events of the shared fixtures (eight files, OCSF 1.0.0-rc.2 and
 * 1.1.0), written as each real writer writes them and put in the test bucket for tenant acme. Security Lake's own
 * parquet-mr/Avro files are rewritten with their own Avro schema; the others come from {@link WriterShapes}.
 * Every copy's events get uids of their own (and their finding its own uid), so no writer's events are another's
 * duplicates. Each writer's files raise {@link #EXPECTED_RULES}.
 */
public final class WritersMatrix {

    public static final List<String> EXPECTED_RULES = List.of("aws-console-login-without-mfa", "aws-iam-user-created",
            "lake-finding");

    private final Path tmp;
    private final String run = "matrix-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
    private final long shift = ThreadLocalRandom.current().nextLong(1, 86_400_000L);
    private final List<Path> fixtures;

    public WritersMatrix(Path tmp) {
        this.tmp = tmp;
        try (Stream<Path> files = Files.list(Fixtures.folder("parquet"))) {
            fixtures = files.filter(f -> f.toString().endsWith(".parquet")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Events each writer's files hold: one per fixture file. */
    public int eventsPerWriter() {
        return fixtures.size();
    }

    /** Writes every writer's files and puts them in the bucket: the object keys by writer. */
    public Map<String, List<String>> upload() throws IOException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("parquet-mr/Avro (Security Lake)", securityLakeFiles("avro"));
        for (WriterShapes shape : WriterShapes.values()) {
            String writer = shape.name().toLowerCase();
            keys.put(writer, List.of(upload(shape.write(tmp.resolve(writer + ".parquet"), events(writer)))));
        }
        return keys;
    }

    /** The rules of the detections raised by the events of these objects, sorted, from a tenant's schema. */
    public static List<String> detections(JdbcTemplate store, String schema, List<String> objectKeys) {
        return store.queryForList("""
                SELECT d.rule_uid FROM %1$s.detections d
                 WHERE d.event_uids && (SELECT array_agg(event_uid) FROM %1$s.events WHERE object_key = ANY(?))
                 ORDER BY 1""".formatted(schema), String.class, (Object) objectKeys.toArray(String[]::new));
    }

    /** Security Lake's own files rewritten by parquet-mr with their own Avro schema, legacy lists and GZIP. */
    private List<String> securityLakeFiles(String writer) throws IOException {
        List<String> keys = new ArrayList<>();
        for (Path fixture : fixtures) {
            List<GenericRecord> records = new ArrayList<>();
            Schema schema;
            try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(fixture))
                    .withDataModel(new GenericData()).disableCompatibility().build()) {
                for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                    own(r, writer + "-" + records.size() + "-" + fixture.getFileName());
                    records.add(r);
                }
                schema = records.get(0).getSchema();
            }
            Path file = ParquetTestFiles.avro(schema).codec(CompressionCodecName.GZIP).legacyLists(true)
                    .write(tmp.resolve(writer + "-" + fixture.getFileName()), records);
            keys.add(upload(file));
        }
        return keys;
    }

    private void own(GenericRecord record, String id) {
        GenericRecord metadata = (GenericRecord) record.get("metadata");
        if (metadata.getSchema().getField("uid") != null) {
            metadata.put("uid", run + id);
        } else {
            // no uid column (Route 53's file): the event's id is its content's hash, made this run's by its time
            record.put("time", (Long) record.get("time") + shift);
        }
        for (String finding : List.of("finding", "finding_info")) {
            if (record.getSchema().getField(finding) != null && record.get(finding) instanceof GenericRecord f) {
                f.put("uid", run + id + "-" + f.get("uid"));
            }
        }
    }

    /** The fixtures' events as the reader gives them, each with uids of this writer's own. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> events(String writer) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (Path fixture : fixtures) {
            try (EventChunks chunks = new ParquetEventReader().open(fixture, 100)) {
                chunks.forEachRemaining(chunk -> chunk.forEach(event -> {
                    String id = run + writer + "-" + events.size() + "-" + fixture.getFileName();
                    ((Map<String, Object>) event.computeIfAbsent("metadata", m -> new LinkedHashMap<>())).put("uid", id);
                    for (String finding : List.of("finding", "finding_info")) {
                        if (event.get(finding) instanceof Map<?, ?> f) {
                            ((Map<String, Object>) f).put("uid", id + "-" + f.get("uid"));
                        }
                    }
                    events.add(event);
                }));
            }
        }
        return events;
    }

    private String upload(Path file) {
        String key = DemoSource.CLOUD_TRAIL_MGMT.key(ACME_ACCOUNT, "us-east-1", LocalDate.now(),
                ThreadLocalRandom.current().nextLong(Long.MAX_VALUE));
        LakeTestStack.putObject(key, file);
        return key;
    }

}

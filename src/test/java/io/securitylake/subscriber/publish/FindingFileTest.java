package io.securitylake.subscriber.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published files: read back by the project's own Parquet reader they hold the same records, each valid OCSF 1.1.0
 * for its class; they are ZSTD, sorted by time, in pages of at most 1 MB and row groups of at most 256 MB; and the
 * schema of a class is the same whatever the records hold.
 */
class FindingFileTest {

    @TempDir
    Path dir;

    private final OcsfValidator ocsf = new OcsfValidator();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyWrittenDetectionComesBackTheSameAndValid() throws Exception {
        List<GenericRecord> written = detections(200, 64, new Random(1));
        Path file = dir.resolve("d.parquet");
        FindingFile.write(file, FindingSchema.DETECTION_FINDING, written);

        List<Map<String, Object>> read = read(file);
        assertThat(read).hasSize(written.size());
        Map<Object, Map<String, Object>> byUid = new LinkedHashMap<>();
        for (GenericRecord r : written) {
            byUid.put(((GenericRecord) r.get("metadata")).get("uid").toString(), normal(json.readValue(r.toString(), Map.class)));
        }
        for (Map<String, Object> event : read) {
            assertThat(ocsf.problems(event, "detection_finding")).isEmpty();
            Object uid = ((Map<?, ?>) event.get("metadata")).get("uid");
            assertThat(normal(event)).isEqualTo(byUid.get(uid.toString()));
        }
    }

    @Test
    void everyWrittenIncidentComesBackTheSameAndValid() throws Exception {
        List<GenericRecord> written = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            written.add(FindingSchema.INCIDENT_FINDING.record(IncidentFindings.finding(
                    Findings.incident("inc-" + i, i % 2 == 0 ? "alice" : null), null, Findings.CHANGED + i, "acme", "i")));
        }
        Path file = dir.resolve("i.parquet");
        FindingFile.write(file, FindingSchema.INCIDENT_FINDING, written);

        List<Map<String, Object>> read = read(file);
        assertThat(read).hasSize(20);
        for (Map<String, Object> event : read) {
            assertThat(ocsf.problems(event, "incident_finding")).isEmpty();
            assertThat(event.get("class_uid")).isEqualTo(2005);
        }
    }

    @Test
    void theValidatorFindsWhatIsNotOcsf() throws Exception {
        Map<String, Object> event = normal(json.readValue(FindingSchema.INCIDENT_FINDING.record(IncidentFindings.finding(
                Findings.incident("inc-1", null), null, Findings.CHANGED, "acme", "i")).toString(), Map.class));
        event.remove("assignee_group");
        event.put("priority_id", "High");
        event.put("detection_count", 3);
        ((Map<String, Object>) event.get("metadata")).remove("version");

        assertThat(ocsf.problems(event, "incident_finding")).containsExactlyInAnyOrder(
                ": needs at least one of [assignee, assignee_group]", "priority_id: integer_t, not High",
                "detection_count: not an attribute of incident_finding in OCSF 1.1.0", "metadata.version: required, absent");
    }

    @Test
    void filesAreZstdSortedByTimeInPagesOfAtMostOneMegabyte() throws Exception {
        // 3,000 records with 2 KB of random text each: several MB per column, so several pages
        List<GenericRecord> written = detections(3000, 2048, new Random(2));
        Path file = dir.resolve("big.parquet");
        FindingFile.write(file, FindingSchema.DETECTION_FINDING, written);

        long previous = Long.MIN_VALUE;
        for (Map<String, Object> event : read(file)) {
            long time = ((Number) event.get("time")).longValue();
            assertThat(time).isGreaterThanOrEqualTo(previous);
            previous = time;
        }
        int pages = 0;
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                assertThat(block.getTotalByteSize()).isLessThanOrEqualTo(256L << 20);
                for (ColumnChunkMetaData column : block.getColumns()) {
                    assertThat(column.getCodec()).isEqualTo(CompressionCodecName.ZSTD);
                }
            }
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            PageReadStore rowGroup;
            while ((rowGroup = reader.readNextRowGroup()) != null) {
                for (ColumnDescriptor column : schema.getColumns()) {
                    PageReader pageReader = rowGroup.getPageReader(column);
                    DataPage page;
                    while ((page = pageReader.readPage()) != null) {
                        assertThat(page.getUncompressedSize()).isLessThanOrEqualTo(1 << 20);
                        pages++;
                    }
                }
            }
        }
        assertThat(pages).as("the 6 MB desc column alone takes several pages").isGreaterThan(schemaColumns(file) + 4);
    }

    @Test
    void columnsOfOneValueARecordHaveNoDictionaryAndSharedNamesHaveOne() throws Exception {
        Path file = dir.resolve("dictionary.parquet");
        FindingFile.write(file, FindingSchema.DETECTION_FINDING, detections(500, 16, new Random(4)));

        List<String> plain = FindingSchema.DETECTION_FINDING.plainColumns();
        assertThat(plain).contains("time", "metadata.uid", "metadata.correlation_uid", "finding_info.uid",
                "finding_info.related_events.list.element.uid", "finding_info.desc", "observables.list.element.value")
                .doesNotContain("class_name", "finding_info.analytic.uid", "metadata.product.name",
                        "finding_info.attacks.list.element.technique.uid");
        assertThat(FindingSchema.INCIDENT_FINDING.plainColumns()).contains("metadata.uid",
                "finding_info_list.list.element.uid", "finding_info_list.list.element.last_seen_time")
                .doesNotContain("assignee.uid", "finding_info_list.list.element.analytic.uid");
        Map<String, Boolean> dictionary = new LinkedHashMap<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            for (ColumnChunkMetaData column : reader.getFooter().getBlocks().get(0).getColumns()) {
                dictionary.put(column.getPath().toDotString(), column.hasDictionaryPage());
            }
        }
        // every named column is one of the file (a path that names none would switch nothing off)
        assertThat(dictionary.keySet()).containsAll(plain);
        plain.forEach(column -> assertThat(dictionary.get(column)).as(column).isFalse());
        for (String shared : List.of("class_name", "severity", "finding_info.analytic.uid", "metadata.product.name",
                "observables.list.element.type")) {
            assertThat(dictionary.get(shared)).as(shared).isTrue();
        }
    }

    @Test
    void theSchemaOfAClassIsTheSameWhateverItsRecordsHold() throws Exception {
        Path full = dir.resolve("full.parquet");
        FindingFile.write(full, FindingSchema.DETECTION_FINDING, detections(5, 10, new Random(3)));
        Map<String, Object> bare = Findings.detection("det-bare");
        bare.put("attacks", List.of());
        bare.put("entities", List.of());
        bare.put("incident_uid", null);
        Path sparse = dir.resolve("sparse.parquet");
        FindingFile.write(sparse, FindingSchema.DETECTION_FINDING,
                List.of(FindingSchema.DETECTION_FINDING.record(DetectionFindings.finding(bare, Findings.CHANGED, "a", "d"))));

        assertThat(schemaOf(sparse)).isEqualTo(schemaOf(full));
    }

    @Test
    void everyColumnOfTheSchemasIsAnOcsfAttributeOfItsTypeAndEveryRequiredOneIsNeverNull() {
        for (FindingSchema s : List.of(FindingSchema.DETECTION_FINDING, FindingSchema.INCIDENT_FINDING)) {
            checkRecord(s.schema(), s.schema().getName());
        }
    }

    private void checkRecord(Schema record, String scope) {
        Map<String, OcsfValidator.Attribute> attributes = ocsf.attributes(scope);
        assertThat(attributes).as(scope).isNotNull();
        for (Schema.Field f : record.getFields()) {
            OcsfValidator.Attribute a = attributes.get(f.name());
            assertThat(a).as(scope + "." + f.name()).isNotNull();
            boolean nullable = f.schema().getType() == Schema.Type.UNION;
            Schema type = nullable ? f.schema().getTypes().get(1) : f.schema();
            if (a.required()) {
                assertThat(nullable).as(scope + "." + f.name() + " is required").isFalse();
            }
            assertThat(type.getType() == Schema.Type.ARRAY).as(scope + "." + f.name() + " a list").isEqualTo(a.array());
            Schema item = type.getType() == Schema.Type.ARRAY ? type.getElementType() : type;
            switch (a.type()) {
                case "integer_t" -> assertThat(item.getType()).as(scope + "." + f.name()).isEqualTo(Schema.Type.INT);
                case "long_t", "timestamp_t" -> assertThat(item.getType()).as(scope + "." + f.name()).isEqualTo(Schema.Type.LONG);
                default -> {
                    if (OcsfValidator.TEXT.contains(a.type())) {
                        assertThat(item.getType()).as(scope + "." + f.name()).isEqualTo(Schema.Type.STRING);
                        continue;
                    }
                    assertThat(item.getType()).as(scope + "." + f.name()).isEqualTo(Schema.Type.RECORD);
                    assertThat(item.getName()).isEqualTo(a.type());
                    checkRecord(item, a.type());
                }
            }
        }
        attributes.forEach((name, a) -> {
            if (a.required()) {
                assertThat(record.getField(name)).as(scope + "." + name + " (required) is a column").isNotNull();
            }
        });
    }

    private List<GenericRecord> detections(int n, int descLength, Random random) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            times.add(Findings.CHANGED + i * 7L);
        }
        Collections.shuffle(times, random);
        List<GenericRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> d = Findings.detection("det-" + i);
            StringBuilder desc = new StringBuilder();
            for (int c = 0; c < descLength; c++) {
                desc.append((char) ('!' + random.nextInt(90)));
            }
            d.put("finding_info", Map.of("title", "finding " + i, "desc", desc.toString()));
            d.put("severity_id", 1 + random.nextInt(5));
            out.add(FindingSchema.DETECTION_FINDING.record(DetectionFindings.finding(d, times.get(i), "acme", "d")));
        }
        return out;
    }

    private static List<Map<String, Object>> read(Path file) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (EventChunks chunks = new ParquetEventReader().open(file, 1000)) {
            while (chunks.hasNext()) {
                out.addAll(chunks.next(e -> e));
            }
        }
        return out;
    }

    private static MessageType schemaOf(Path file) throws Exception {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            return reader.getFooter().getFileMetaData().getSchema();
        }
    }

    private static int schemaColumns(Path file) throws Exception {
        return schemaOf(file).getColumns().size();
    }

    /** Nulls left out, whole numbers as longs, text as strings: how two readings of one record compare. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> normal(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            Object n = normalValue(v);
            if (n != null) {
                out.put(k.toString(), n);
            }
        });
        return out;
    }

    private static Object normalValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return normal(m);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(FindingFileTest::normalValue).toList();
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        return v instanceof CharSequence s ? s.toString() : v;
    }
}

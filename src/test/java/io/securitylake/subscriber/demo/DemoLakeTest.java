package io.securitylake.subscriber.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoLakeTest {

    private static final String ACCOUNT = "210987654321";
    private static final String REGION = "eu-west-1";
    private static final LocalDate DAY = LocalDate.of(2025, 3, 9);

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
            "CLOUD_TRAIL_MGMT, 6003, 6, 1.1.0",
            "VPC_FLOW, 4001, 4, 1.1.0",
            "ROUTE53, 4003, 4, 1.1.0",
            "SH_FINDINGS, 2003, 2, 1.1.0",
            "CROWDSTRIKE_DETECTIONS, 2004, 2, 1.1.0",
            "CROWDSTRIKE_PROCESS, 1007, 1, 1.3.0"})
    void eachSourceWritesReadableOcsfEventsOfItsClassAccountAndDay(DemoSource source, int classUid, int categoryUid,
                                                                   String version) throws IOException {
        Path file = dir.resolve(source + ".parquet");
        DemoLake.write(file, source, ACCOUNT, REGION, DAY, 700, 7, DemoLake.Options.defaults());

        List<GenericRecord> rows = read(file);
        long dayStart = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Set<String> uids = new HashSet<>();
        assertThat(rows).hasSize(700);
        for (GenericRecord row : rows) {
            int activity = (Integer) row.get("activity_id");
            assertThat(row.get("class_uid")).isEqualTo(classUid);
            assertThat(row.get("category_uid")).isEqualTo(categoryUid);
            assertThat(row.get("type_uid")).isEqualTo(classUid * 100L + activity);
            assertThat((Integer) row.get("severity_id")).isBetween(0, 6);
            assertThat(field(row, "metadata.version")).hasToString(version);
            assertThat(field(row, "cloud.account.uid")).hasToString(ACCOUNT);
            assertThat(field(row, "cloud.region")).hasToString(REGION);
            assertThat((Long) row.get("time")).isBetween(dayStart, dayStart + 86_399_999L);
            assertThat(row.get("time_dt")).isNotNull();
            if (source != DemoSource.VPC_FLOW) {
                uids.add(field(row, "metadata.uid").toString());
            }
        }
        if (source == DemoSource.VPC_FLOW) {
            // VPC flow rows carry no metadata.uid at all, so the subscriber must derive ids
            assertThat(DemoLake.schema(source).getField("metadata").schema().getTypes().get(1).getField("uid")).isNull();
        } else {
            assertThat(uids).hasSize(700);
        }
        boolean named = source != DemoSource.VPC_FLOW && source != DemoSource.ROUTE53;
        assertThat(rows.get(0).getSchema().getField("class_name") != null).isEqualTo(named);
        assertThat((Map<?, ?>) rows.get(0).get("unmapped")).hasSizeGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({
            "CLOUD_TRAIL_MGMT, 2000, 4000",
            "VPC_FLOW, 700, 1600",
            "ROUTE53, 900, 2200",
            "SH_FINDINGS, 2000, 4000",
            "CROWDSTRIKE_DETECTIONS, 2000, 4000",
            "CROWDSTRIKE_PROCESS, 2000, 4000"})
    void averageEventSizeMatchesTheSourcesTarget(DemoSource source, int min, int max) throws IOException {
        Path file = dir.resolve(source + ".parquet");
        DemoLake.write(file, source, ACCOUNT, REGION, 1000, 11, CompressionCodecName.ZSTD);

        List<GenericRecord> rows = read(file);
        double average = rows.stream().mapToInt(row -> row.toString().length()).average().orElseThrow();
        assertThat(average).isBetween((double) min, (double) max);
    }

    @Test
    void windowBeforeAWriteTimeIsTheFewMinutesUpToItAndStopsAtTheStartOfItsDay() {
        Instant writtenAt = Instant.parse("2025-03-09T14:07:30.123456Z");
        assertThat(DemoLake.Window.before(writtenAt)).isEqualTo(new DemoLake.Window(
                Instant.parse("2025-03-09T14:02:30.123Z"), Instant.parse("2025-03-09T14:07:30.123Z")));
        assertThat(DemoLake.Window.before(Instant.parse("2025-03-09T00:03:00Z")).from())
                .isEqualTo(Instant.parse("2025-03-09T00:00:00Z"));
        // written at midnight: the events are the previous day's, and so is the eventDay
        DemoLake.Window midnight = DemoLake.Window.before(Instant.parse("2025-03-10T00:00:00Z"));
        assertThat(midnight.from()).isEqualTo(Instant.parse("2025-03-09T23:55:00Z"));
        assertThat(midnight.day()).isEqualTo(DAY);
        assertThat(DemoLake.Window.of(DAY)).isEqualTo(new DemoLake.Window(
                Instant.parse("2025-03-09T00:00:00Z"), Instant.parse("2025-03-10T00:00:00Z")));
    }

    @Test
    void windowRefusesEventsAfterItsWriteTimeOrOnTwoDays() {
        Instant noon = Instant.parse("2025-03-09T12:00:00Z");
        assertThatThrownBy(() -> new DemoLake.Window(noon, noon)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before its write time");
        assertThatThrownBy(() -> new DemoLake.Window(noon.plusSeconds(1), noon))
                .hasMessageContaining("before its write time");
        assertThatThrownBy(() -> new DemoLake.Window(noon.minusSeconds(13 * 3600), noon))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one UTC day");
    }

    @Test
    void sameSeedWritesByteIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
        Path first = dir.resolve("a.parquet");
        Path second = dir.resolve("b.parquet");
        Path other = dir.resolve("c.parquet");
        DemoLake.write(first, DemoSource.CROWDSTRIKE_DETECTIONS, ACCOUNT, REGION, 300, 5);
        DemoLake.write(second, DemoSource.CROWDSTRIKE_DETECTIONS, ACCOUNT, REGION, 300, 5);
        DemoLake.write(other, DemoSource.CROWDSTRIKE_DETECTIONS, ACCOUNT, REGION, 300, 6);

        assertThat(Files.mismatch(first, second)).isEqualTo(-1L);
        assertThat(Files.mismatch(first, other)).isNotEqualTo(-1L);
        assertThat(field(read(other).get(0), "metadata.uid")).isNotEqualTo(field(read(first).get(0), "metadata.uid"));
    }

    @Test
    void eventsVaryFromRowToRow() throws IOException {
        Path file = dir.resolve("ct.parquet");
        DemoLake.write(file, DemoSource.CLOUD_TRAIL_MGMT, ACCOUNT, REGION, 500, 3);

        List<GenericRecord> rows = read(file);
        // public sources come from the three documentation /24s (762 addresses), private ones from 10/8
        assertThat(rows.stream().map(r -> field(r, "src_endpoint.ip").toString()).distinct().count()).isGreaterThan(300);
        assertThat(rows.stream().map(r -> field(r, "actor.user.name").toString()).distinct().count()).isGreaterThan(30);
        assertThat(rows.stream().map(r -> field(r, "api.operation").toString()).distinct().count()).isGreaterThan(10);
        assertThat(rows.stream().map(r -> r.get("activity_id")).distinct().count()).isGreaterThan(3);
    }

    @Test
    void legacyOptionWritesTwoLevelListsThatReadBackTheSame() throws IOException {
        Path standard = dir.resolve("standard.parquet");
        Path legacy = dir.resolve("legacy.parquet");
        DemoLake.Options options = DemoLake.Options.defaults().withCodec(CompressionCodecName.GZIP);
        DemoLake.write(standard, DemoSource.ROUTE53, ACCOUNT, REGION, DAY, 50, 9, options);
        DemoLake.write(legacy, DemoSource.ROUTE53, ACCOUNT, REGION, DAY, 50, 9, options.withLegacyLists(true));

        assertThat(footer(standard).getFileMetaData().getSchema().getType("answers").asGroupType().getFieldName(0))
                .isEqualTo("list");
        assertThat(footer(legacy).getFileMetaData().getSchema().getType("answers").asGroupType().getFieldName(0))
                .isEqualTo("array");
        assertThat(footer(legacy).getBlocks().get(0).getColumns().get(0).getCodec()).isEqualTo(CompressionCodecName.GZIP);
        assertThat(read(legacy).toString()).isEqualTo(read(standard).toString());
    }

    @Test
    void largeFileIsWrittenRowGroupByRowGroup() throws IOException {
        Path file = dir.resolve("big.parquet");
        // small row groups: the writer must flush as it goes, which is what keeps heap flat at 1M rows
        long bytes = DemoLake.write(file, DemoSource.VPC_FLOW, ACCOUNT, REGION, DAY, 200_000, 13,
                DemoLake.Options.defaults().withRowGroupSize(1L << 20).withCodec(CompressionCodecName.SNAPPY));

        ParquetMetadata footer = footer(file);
        assertThat(footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum()).isEqualTo(200_000L);
        assertThat(footer.getBlocks()).hasSizeGreaterThan(5);
        assertThat(bytes).isEqualTo(Files.size(file));
    }

    private static List<GenericRecord> read(Path file) throws IOException {
        List<GenericRecord> rows = new ArrayList<>();
        try (var reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file)).build()) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static ParquetMetadata footer(Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            return reader.getFooter();
        }
    }

    private static Object field(GenericRecord row, String path) {
        Object current = row;
        for (String name : path.split("\\.")) {
            current = ((GenericRecord) current).get(name);
        }
        return current;
    }
}

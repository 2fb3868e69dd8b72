package io.securitylake.subscriber.publish;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Writes one window's records of one class as the lake takes them: Parquet, ZSTD, sorted by {@code time} (then
 * metadata uid, so a rewrite gives the same order), pages of at most 1 MB, row groups of at most 128 MB (the lake
 * allows 256 MB). Columns whose values hardly repeat within a file ({@link #plainColumns}: times, the uids of a record,
 * finding or event, descriptions, observed values) are written without a dictionary, which would cost time to build
 * and then be dropped; the others (names, captions, rule uids) keep one.
 */
final class FindingFile {

    static final int PAGE_SIZE = 1 << 20;
    static final long ROW_GROUP_SIZE = 128L << 20;

    /**
     * The writers' settings, made once: without its default resources (a writer's own would parse Hadoop's XML files
     * for every file), lists as three-level LIST groups, as Athena and Glue read them. Only read after this.
     */
    private static final Configuration CONF = new Configuration(false);

    static {
        CONF.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
    }

    /** Uids of something many records share (a rule, a tactic, an assignee): a dictionary pays for them. */
    private static final Set<String> SHARED = Set.of("analytic", "tactic", "technique", "assignee", "assignee_group",
            "product");

    private FindingFile() {
    }

    /**
     * The Parquet columns (dotted paths, lists as {@code <name>.list.element}) of the schema whose values are (nearly)
     * one per record: every time, a uid that is not a shared thing's, the correlation uid, desc and value.
     */
    static List<String> plainColumns(Schema schema) {
        List<String> out = new ArrayList<>();
        plainColumns(schema, new ArrayList<>(), out);
        return out;
    }

    private static void plainColumns(Schema type, List<String> path, List<String> out) {
        switch (type.getType()) {
            case UNION -> plainColumns(type.getTypes().get(type.getTypes().get(0).getType() == Schema.Type.NULL ? 1 : 0),
                    path, out);
            case RECORD -> {
                for (Schema.Field f : type.getFields()) {
                    path.add(f.name());
                    plainColumns(f.schema(), path, out);
                    path.remove(path.size() - 1);
                }
            }
            case ARRAY -> {
                path.add("list");
                path.add("element");
                plainColumns(type.getElementType(), path, out);
                path.remove(path.size() - 1);
                path.remove(path.size() - 1);
            }
            default -> {
                String leaf = path.get(path.size() - 1);
                if (leaf.endsWith("time") || leaf.equals("correlation_uid") || leaf.equals("desc") || leaf.equals("value")
                        || (leaf.equals("uid") && java.util.Collections.disjoint(path, SHARED))) {
                    out.add(String.join(".", path));
                }
            }
        }
    }

    static void write(Path file, FindingSchema schema, List<GenericRecord> records) throws IOException {
        List<GenericRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong((GenericRecord r) -> (Long) r.get("time"))
                .thenComparing(r -> ((GenericRecord) r.get("metadata")).get("uid").toString()));
        AvroParquetWriter.Builder<GenericRecord> builder = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file));
        for (String column : schema.plainColumns()) {
            builder.withDictionaryEncoding(column, false);
        }
        try (ParquetWriter<GenericRecord> writer = builder
                .withSchema(schema.schema())
                .withDataModel(GenericData.get())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withPageSize(PAGE_SIZE)
                .withDictionaryPageSize(PAGE_SIZE)
                .withRowGroupSize(ROW_GROUP_SIZE)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withConf(CONF)
                .build()) {
            for (GenericRecord r : sorted) {
                writer.write(r);
            }
        }
    }
}

package io.securitylake.subscriber.publish;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
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
 * allows 256 MB).
 */
final class FindingFile {

    static final int PAGE_SIZE = 1 << 20;
    static final long ROW_GROUP_SIZE = 128L << 20;

    private FindingFile() {
    }

    static void write(Path file, FindingSchema schema, List<GenericRecord> records) throws IOException {
        List<GenericRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong((GenericRecord r) -> (Long) r.get("time"))
                .thenComparing(r -> ((GenericRecord) r.get("metadata")).get("uid").toString()));
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withSchema(schema.schema())
                .withDataModel(GenericData.get())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withPageSize(PAGE_SIZE)
                .withDictionaryPageSize(PAGE_SIZE)
                .withRowGroupSize(ROW_GROUP_SIZE)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                // lists as three-level LIST groups, as Athena and Glue read them
                .config(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, "false")
                .build()) {
            for (GenericRecord r : sorted) {
                writer.write(r);
            }
        }
    }
}

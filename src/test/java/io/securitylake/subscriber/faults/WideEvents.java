package io.securitylake.subscriber.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * OCSF events that each carry {@code raw_data} of incompressible text, streamed to a Parquet file with 32 MB row
 * groups: a file of hundreds of MB from tens of thousands of rows, so a test can exceed the heap quickly.
 */
final class WideEvents {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type":"record","name":"event","fields":[
             {"name":"class_uid","type":"int"},{"name":"activity_id","type":"int"},{"name":"severity_id","type":"int"},
             {"name":"time","type":"long"},
             {"name":"metadata","type":{"type":"record","name":"metadata","fields":[
               {"name":"uid","type":"string"},{"name":"version","type":"string"}]}},
             {"name":"raw_data","type":"string"}]}""");

    private WideEvents() {
    }

    /** Writes {@code rows} events of about {@code rowBytes} bytes each; returns the file's size. */
    static long write(Path file, int rows, int rowBytes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] raw = new byte[rowBytes * 3 / 4];
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withSchema(SCHEMA)
                .withDataModel(GenericData.get())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize(32L << 20)
                .withDictionaryEncoding(false)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            Schema metadataSchema = SCHEMA.getField("metadata").schema();
            for (int i = 0; i < rows; i++) {
                GenericData.Record metadata = new GenericData.Record(metadataSchema);
                metadata.put("uid", "wide-" + seed + "-" + i);
                metadata.put("version", "1.1.0");
                GenericData.Record event = new GenericData.Record(SCHEMA);
                event.put("class_uid", 1007);
                event.put("activity_id", 1);
                event.put("severity_id", 1);
                event.put("time", 1_732_752_000_000L + i);
                event.put("metadata", metadata);
                random.nextBytes(raw);
                event.put("raw_data", Base64.getEncoder().encodeToString(raw));
                writer.write(event);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

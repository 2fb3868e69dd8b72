package io.securitylake.subscriber.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Writes Parquet files for tests, in the shapes real writers produce.
 *
 * <pre>{@code
 * ParquetTestFiles.avro(schema).codec(GZIP).legacyLists(true).write(path, records);   // Security Lake 1.0 style
 * ParquetTestFiles.avro(schema).codec(ZSTD).rowGroupSize(16 * 1024).write(path, records);
 * ParquetTestFiles.writeGroups(path, messageType, SNAPPY, groups);   // no Avro schema inside, like pyarrow
 * }</pre>
 * Defaults: UNCOMPRESSED, standard three-level lists, parquet's default row group size; existing files are replaced.
 */
public final class ParquetTestFiles {

    private final Schema schema;
    private CompressionCodecName codec = CompressionCodecName.UNCOMPRESSED;
    private boolean legacyLists;
    private long rowGroupSize = ParquetWriter.DEFAULT_BLOCK_SIZE;

    private ParquetTestFiles(Schema schema) {
        this.schema = schema;
    }

    /** A writer of files with this Avro schema, written by parquet-avro (the schema is embedded in the footer). */
    public static ParquetTestFiles avro(Schema schema) {
        return new ParquetTestFiles(schema);
    }

    public ParquetTestFiles codec(CompressionCodecName codec) {
        this.codec = codec;
        return this;
    }

    /** true: two-level lists whose repeated field is named {@code array} (parquet-mr 1.10, Security Lake). */
    public ParquetTestFiles legacyLists(boolean legacyLists) {
        this.legacyLists = legacyLists;
        return this;
    }

    /** Target row group size in bytes; small values give several row groups from few rows. */
    public ParquetTestFiles rowGroupSize(long bytes) {
        this.rowGroupSize = bytes;
        return this;
    }

    public Path write(Path file, List<? extends GenericRecord> records) {
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, legacyLists);
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withConf(conf)
                .withSchema(schema)
                .withDataModel(GenericData.get())
                .withCompressionCodec(codec)
                .withRowGroupSize(rowGroupSize)
                .withPageSize((int) Math.min(rowGroupSize, ParquetWriter.DEFAULT_PAGE_SIZE))
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (GenericRecord record : records) {
                writer.write(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Writes with parquet's example object model: no Avro schema in the footer, lists as the schema says. */
    public static Path writeGroups(Path file, MessageType schema, CompressionCodecName codec, List<Group> rows) {
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withType(schema)
                .withCompressionCodec(codec)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (Group row : rows) {
                writer.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The number of row groups in a file, to prove a test really spans several. */
    public static int rowGroupCount(Path file) {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            return reader.getRowGroups().size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Parquet schema in a file's footer, to check which list layout was written. */
    public static MessageType parquetSchema(Path file) {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            return reader.getFooter().getFileMetaData().getSchema();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.securitylake.subscriber.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Writes Parquet files that look like Security Lake's: OCSF events of one {@link DemoSource},
 * generated and written one row at a time so that a file of a million rows needs no more heap
 * than one row group. The same arguments always give a byte-identical file. As in a real lake, no event
 * of a file is later than the time the file is written (the end of its {@link Window}).
 */
public final class DemoLake {

    /** The day of the short overloads: fixed, so that their output is repeatable. */
    public static final LocalDate DEFAULT_DAY = LocalDate.of(2024, 6, 14);

    /** How far before its write time an object's events reach: Security Lake writes within minutes of them. */
    public static final Duration OBJECT_SPAN = Duration.ofMinutes(5);

    /**
     * When one file's events happen: from {@code from} up to, never at or after, {@code writtenAt}, the
     * time the object is written; all on one UTC day, the {@code eventDay} of its key. Millisecond precision.
     */
    public record Window(Instant from, Instant writtenAt) {

        public Window {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(writtenAt, "writtenAt");
            from = from.truncatedTo(ChronoUnit.MILLIS);
            writtenAt = writtenAt.truncatedTo(ChronoUnit.MILLIS);
            if (!from.isBefore(writtenAt)) {
                throw new IllegalArgumentException("A window's events come before its write time: from " + from
                        + ", written at " + writtenAt);
            }
            if (!dayOf(from).equals(dayOf(writtenAt.minusMillis(1)))) {
                throw new IllegalArgumentException("A window's events lie on one UTC day (its eventDay): from "
                        + from + ", written at " + writtenAt);
            }
        }

        /** The {@link #OBJECT_SPAN} before {@code writtenAt}, cut at the start of the day its last event falls on. */
        public static Window before(Instant writtenAt) {
            Instant end = writtenAt.truncatedTo(ChronoUnit.MILLIS);
            Instant dayStart = end.minusMillis(1).truncatedTo(ChronoUnit.DAYS);
            Instant from = end.minus(OBJECT_SPAN);
            return new Window(from.isBefore(dayStart) ? dayStart : from, end);
        }

        /** The whole of {@code day} (UTC), as an object written at the end of that day. */
        public static Window of(LocalDate day) {
            Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            return new Window(start, start.plus(Duration.ofDays(1)));
        }

        /** The UTC day of every event in the window. */
        public LocalDate day() {
            return dayOf(from);
        }

        private static LocalDate dayOf(Instant instant) {
            return LocalDate.ofInstant(instant, ZoneOffset.UTC);
        }
    }

    /**
     * How the file is laid out. {@code legacyLists} writes the two-level list encoding (repeated
     * element named {@code array}) that Security Lake 1.0 wrote; otherwise the three-level
     * standard encoding that pyarrow and Security Lake 2.0 writers use.
     */
    public record Options(CompressionCodecName codec, long rowGroupSize, int pageSize, boolean legacyLists) {

        public Options {
            Objects.requireNonNull(codec, "codec");
            if (rowGroupSize < 1024 || pageSize < 1024) {
                throw new IllegalArgumentException("row group and page size must be at least 1 KB");
            }
        }

        /** ZSTD, 32 MB row groups, 1 MB pages, three-level lists: the benchmark default. */
        public static Options defaults() {
            return new Options(CompressionCodecName.ZSTD, 32L << 20, 1 << 20, false);
        }

        public Options withCodec(CompressionCodecName value) {
            return new Options(value, rowGroupSize, pageSize, legacyLists);
        }

        public Options withRowGroupSize(long value) {
            return new Options(codec, value, pageSize, legacyLists);
        }

        public Options withPageSize(int value) {
            return new Options(codec, rowGroupSize, value, legacyLists);
        }

        public Options withLegacyLists(boolean value) {
            return new Options(codec, rowGroupSize, pageSize, value);
        }
    }

    private DemoLake() {
    }

    public static Schema schema(DemoSource source) {
        return source.schema();
    }

    /** {@code events} rows on {@link #DEFAULT_DAY}, ZSTD. Returns the file's size in bytes. */
    public static long write(Path file, DemoSource source, String account, String region, int events, long seed) {
        return write(file, source, account, region, DEFAULT_DAY, events, seed, Options.defaults());
    }

    /** {@code events} rows on {@link #DEFAULT_DAY} with {@code codec}. Returns the file's size in bytes. */
    public static long write(Path file, DemoSource source, String account, String region, int events, long seed,
                             CompressionCodecName codec) {
        return write(file, source, account, region, DEFAULT_DAY, events, seed, Options.defaults().withCodec(codec));
    }

    /** {@code events} rows whose {@code time} falls within {@code day} (UTC). Returns the file's size in bytes. */
    public static long write(Path file, DemoSource source, String account, String region, LocalDate day, int events,
                             long seed, Options options) {
        return write(file, source, account, region, Window.of(day), events, seed, options);
    }

    /**
     * {@code events} rows whose times fall within {@code window}; the file belongs under the key of
     * {@code source.key(account, region, window.day(), seed)}. Returns the file's size in bytes.
     */
    public static long write(Path file, DemoSource source, String account, String region, Window window, int events,
                             long seed, Options options) {
        return write(file, new DemoBatch(source, account, region, window, events, seed), options);
    }

    static long write(Path file, DemoBatch batch, Options options) {
        DemoSource source = batch.source();
        int events = batch.events();
        OcsfEvents generator = source.events(batch);
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withSchema(source.schema())
                .withDataModel(GenericData.get())
                .withCompressionCodec(options.codec())
                .withRowGroupSize(options.rowGroupSize())
                .withPageSize(options.pageSize())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .config(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, String.valueOf(options.legacyLists()))
                .build()) {
            for (long row = 0; row < events; row++) {
                writer.write(generator.next(row));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

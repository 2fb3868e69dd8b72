package io.securitylake.subscriber.parquet;

import io.securitylake.subscriber.DaemonThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.InputFile;

/**
 * Reads a spooled Parquet file record by record into JSON-ready OCSF event maps, field order kept and
 * null-valued fields omitted, as OCSF JSON omits absent attributes, every name as the file writes it
 * ({@link EventReadSupport}; value rules: {@link Columns}, {@link Groups}). Thread-safe: each {@link #open} gets its
 * own reader and converters.
 * Memory: one chunk plus one look-ahead record (with {@link #readAhead}, the caller's results of two chunks and
 * one decoded event instead of the chunk), plus the current row group, which parquet-mr reads whole (compressed)
 * into heap: size the heap for the largest row group expected (Security Lake allows up to 256 MB).
 *
 * <p>Failures caused by the object's content raise {@link UnreadableObjectException}; a missing spool file
 * is the caller's problem, not the object's, and raises {@link UncheckedIOException}.
 */
public class ParquetEventReader {

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    /** Leading magic, footer length, trailing magic: nothing shorter can be a Parquet file. */
    private static final int MIN_LENGTH = 12;
    /** One thread per file being read ahead, each decoding that file's next chunk (see {@link ReadAhead}). */
    private final ExecutorService decoders = Executors.newCachedThreadPool(DaemonThreads.named("parquet-decode"));

    /** Opens a plain file; throws {@link UnreadableObjectException} when it is not a readable Parquet file. */
    public EventChunks open(Path file, int chunkSize) {
        return open(SpooledFile.plain(file), chunkSize);
    }

    /** Opens the spooled file; throws {@link UnreadableObjectException} when it is not a readable Parquet file. */
    public EventChunks open(SpooledFile file, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
        }
        checkFrame(file);
        ParquetReader<Map<String, Object>> reader;
        long rows;
        try (ParquetFileReader footer = ParquetFileReader.open(file.inputFile())) {
            rows = footer.getRecordCount();
            reader = new Builder(file.inputFile()).build();
        } catch (IOException | RuntimeException e) {
            throw new UnreadableObjectException("unreadable-footer", null,
                    "unreadable Parquet file " + file.name() + ": " + e.getMessage(), e);
        }
        return new ParquetEventChunks(reader, chunkSize, file.name(), rows);
    }

    /**
     * Opens the file and reads it one chunk ahead of the caller on a thread of its own, applying {@code perEvent}
     * to each event as it is read and {@code perChunk} to each chunk's results there too; throws
     * {@link UnreadableObjectException} as {@link #open} does.
     */
    public <E, T> ReadAhead<T> readAhead(SpooledFile file, int chunkSize, Function<Map<String, Object>, E> perEvent,
                                         Function<List<E>, T> perChunk) {
        return new ReadAhead<>(open(file, chunkSize), perEvent, perChunk, decoders);
    }

    /** A reader of event maps through Parquet's own record model (no Avro, no Hadoop configuration). */
    private static final class Builder extends ParquetReader.Builder<Map<String, Object>> {

        Builder(InputFile file) {
            super(file, new PlainParquetConfiguration());
        }

        @Override
        protected ReadSupport<Map<String, Object>> getReadSupport() {
            return new EventReadSupport();
        }
    }

    /** Checks length and both magic numbers first, so bad objects fail fast with a message saying which. */
    private static void checkFrame(SpooledFile file) {
        try (SeekableByteChannel channel = file.open()) {
            long size = channel.size();
            if (size == 0) {
                throw new UnreadableObjectException("empty", null, "empty object (0 bytes): " + file.name(), null);
            }
            if (!magicAt(channel, 0)) {
                throw new UnreadableObjectException("not-parquet", null, "not a Parquet file (bad magic): " + file.name(), null);
            }
            if (size < MIN_LENGTH) {
                throw new UnreadableObjectException("truncated", null,
                        "truncated Parquet file: " + file.name() + " has only " + size + " bytes", null);
            }
            if (!magicAt(channel, size - MAGIC.length)) {
                throw new UnreadableObjectException("truncated", null, "truncated Parquet file: " + file.name()
                        + " (" + size + " bytes) does not end with the footer magic", null);
            }
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("spooled file is missing: " + file.name(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spooled file " + file.name(), e);
        }
    }

    private static boolean magicAt(SeekableByteChannel channel, long position) throws IOException {
        return ByteBuffer.wrap(MAGIC).equals(SpooledFile.readAt(channel, position, MAGIC.length));
    }
}

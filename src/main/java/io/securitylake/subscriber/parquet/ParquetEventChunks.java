package io.securitylake.subscriber.parquet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

import org.apache.parquet.hadoop.ParquetReader;

/**
 * The chunks of one open file. Holds one chunk (of what the caller makes of each event) plus one look-ahead
 * record, which is read eagerly so that {@link #hasNext()} is exact and a file that fails on its first row fails
 * in {@code open}. Not thread-safe: one consumer iterates it. Closes its reader when exhausted, on failure, and
 * on {@link #close()}.
 */
final class ParquetEventChunks implements EventChunks {

    private final ParquetReader<Map<String, Object>> reader;
    private final int chunkSize;
    private final String fileName;
    private final long rowsInFile;
    private Map<String, Object> lookahead;
    private long rowsRead;
    private boolean closed;

    ParquetEventChunks(ParquetReader<Map<String, Object>> reader, int chunkSize, String fileName, long rowsInFile) {
        this.reader = reader;
        this.rowsInFile = rowsInFile;
        this.chunkSize = chunkSize;
        this.fileName = fileName;
        advance();
    }

    @Override
    public boolean hasNext() {
        return lookahead != null;
    }

    @Override
    public <T> List<T> next(Function<Map<String, Object>, T> perEvent) {
        if (lookahead == null) {
            throw new NoSuchElementException("no more events in " + fileName);
        }
        List<T> chunk = new ArrayList<>(chunkSize);
        while (lookahead != null && chunk.size() < chunkSize) {
            chunk.add(perEvent.apply(lookahead));
            rowsRead++;
            advance();
        }
        return chunk;
    }

    @Override
    public long rowsInFile() {
        return rowsInFile;
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public void close() {
        lookahead = null;
        if (closed) {
            return;
        }
        closed = true;
        try {
            reader.close();
        } catch (IOException e) {
            // nothing was written; a failed close of a read-only local file loses nothing
        }
    }

    private void advance() {
        if (closed) {
            lookahead = null;
            return;
        }
        try {
            lookahead = reader.read();
        } catch (IOException | RuntimeException e) {
            close();
            FieldConversionException field = fieldOf(e);
            if (field != null) {
                throw new UnreadableObjectException("bad-value", field.path(), fileName + ": row " + (rowsRead + 1)
                        + ", field '" + field.path() + "' cannot be converted: " + field.getCause(), e);
            }
            throw new UnreadableObjectException(fileName + ": cannot read row " + (rowsRead + 1) + ": " + describe(e), e);
        }
        if (lookahead == null) {
            close();
        }
    }

    /** The failed conversion behind a read failure, if that is what it was (Parquet may wrap it). */
    private static FieldConversionException fieldOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FieldConversionException f) {
                return f;
            }
        }
        return null;
    }

    /** Parquet wraps the useful message (bad footer, bad page) in several layers; show the innermost. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e) : e + " (caused by " + root + ")";
    }
}

package io.securitylake.subscriber.parquet;

import java.io.Closeable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Reads the next chunk of a file, and makes of it what the caller asked (rows to store), on another thread
 * while the caller stores the current one: decoding overlaps the database write. Exactly one chunk ahead,
 * and what waits ahead is the caller's result, not the decoded events, each of which is turned into its result
 * as it is read, so memory stays at about two results per open file. The source is only touched by one thread at
 * a time (each read starts after the previous one completed). Not thread-safe: one consumer iterates it. A
 * {@link Closeable}, not only an {@link AutoCloseable}: Camel's split closes an iterator it stops early only if it
 * is a Closeable.
 */
public final class ReadAhead<T> implements Iterator<T>, Closeable {

    private final EventChunks source;
    private final Function<EventChunks, T> readChunk;
    private final ExecutorService reader;
    private Future<T> ahead;

    /** Each chunk's events go through {@code perEvent} as they are read, then its results through {@code perChunk}. */
    <E> ReadAhead(EventChunks source, Function<Map<String, Object>, E> perEvent, Function<List<E>, T> perChunk,
                  ExecutorService reader) {
        this.source = source;
        this.readChunk = chunks -> perChunk.apply(chunks.next(perEvent));
        this.reader = reader;
        readAhead();
    }

    /** The rows the file's footer says it holds. */
    public long rowsInFile() {
        return source.rowsInFile();
    }

    private void readAhead() {
        ahead = source.hasNext() ? reader.submit(() -> readChunk.apply(source)) : null;
    }

    @Override
    public boolean hasNext() {
        return ahead != null;
    }

    @Override
    public T next() {
        if (ahead == null) {
            throw new NoSuchElementException("no more events");
        }
        T chunk = await(ahead);
        readAhead();
        return chunk;
    }

    @Override
    public void close() {
        if (ahead != null) {
            try {
                ahead.get(); // let the read in flight finish before its reader is closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // the failure belongs to a chunk nobody asked for any more
            }
            ahead = null;
        }
        source.close();
    }

    private T await(Future<T> chunk) {
        try {
            return chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while reading", e);
        } catch (ExecutionException e) {
            ahead = null;
            source.close();
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // UnreadableObjectException and the like, as the reader or the caller's step raised them
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}

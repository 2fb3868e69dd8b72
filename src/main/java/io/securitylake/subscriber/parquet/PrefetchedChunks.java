package io.securitylake.subscriber.parquet;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Decodes the next chunk on another thread while the caller stores the current one, so Parquet decoding
 * overlaps the database write. Exactly one chunk ahead: memory stays at two chunks per open file. The source
 * is only touched by one thread at a time (each read starts after the previous one's future completed).
 */
final class PrefetchedChunks implements EventChunks {

    private final EventChunks source;
    private final ExecutorService decoder;
    private Future<List<Map<String, Object>>> ahead;
    private long handedOut;

    PrefetchedChunks(EventChunks source, ExecutorService decoder) {
        this.source = source;
        this.decoder = decoder;
        readAhead();
    }

    private void readAhead() {
        ahead = source.hasNext() ? decoder.submit(source::next) : null;
    }

    @Override
    public boolean hasNext() {
        return ahead != null;
    }

    @Override
    public List<Map<String, Object>> next() {
        if (ahead == null) {
            throw new NoSuchElementException("no more events");
        }
        List<Map<String, Object>> chunk = await(ahead);
        handedOut += chunk.size();
        readAhead();
        return chunk;
    }

    @Override
    public long rowsRead() {
        return handedOut; // not the source's count, which runs one chunk ahead
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

    private List<Map<String, Object>> await(Future<List<Map<String, Object>>> chunk) {
        try {
            return chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while decoding", e);
        } catch (ExecutionException e) {
            ahead = null;
            source.close();
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // UnreadableObjectException and the like, as the reader raised them
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}

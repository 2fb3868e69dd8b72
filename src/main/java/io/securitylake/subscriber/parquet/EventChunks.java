package io.securitylake.subscriber.parquet;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The events of one Parquet file, read lazily, a chunk at a time. Close it to release the file. */
public interface EventChunks extends Iterator<List<Map<String, Object>>>, AutoCloseable {

    /** The rows the file's footer says it holds; -1 when unknown. */
    default long rowsInFile() {
        return -1;
    }

    /** Rows read so far. */
    long rowsRead();

    /**
     * The next chunk, each event handed to {@code perEvent} as soon as it is read, and only the results kept: the
     * decoded maps of a whole chunk are never held at once (they are several times the size of their JSON, and a
     * chunk of them outlived young collections).
     */
    <T> List<T> next(Function<Map<String, Object>, T> perEvent);

    @Override
    default List<Map<String, Object>> next() {
        return next(Function.identity());
    }

    @Override
    void close();
}

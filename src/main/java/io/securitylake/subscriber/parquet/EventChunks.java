package io.securitylake.subscriber.parquet;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The events of one Parquet file, read lazily, a chunk at a time. Close it to release the file. */
public interface EventChunks extends Iterator<List<Map<String, Object>>>, AutoCloseable {

    /** Rows read so far. */
    long rowsRead();

    @Override
    void close();
}

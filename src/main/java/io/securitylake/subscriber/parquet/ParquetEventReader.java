package io.securitylake.subscriber.parquet;

import java.nio.file.Path;

/** Reads a spooled Parquet file record by record into JSON-ready OCSF event maps. */
public class ParquetEventReader {

    /** Opens the file; throws {@link UnreadableObjectException} when it is not a readable Parquet file. */
    public EventChunks open(Path file, int chunkSize) {
        throw new UnsupportedOperationException("TODO");
    }
}

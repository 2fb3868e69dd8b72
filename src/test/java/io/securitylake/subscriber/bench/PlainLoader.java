package io.securitylake.subscriber.bench;

import io.securitylake.subscriber.bench.BenchFiles.BenchObject;
import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import io.securitylake.subscriber.store.EventJson;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The second baseline: what a user writes instead of the service. The same files, read with the service's Parquet
 * reader and written as JSON as they are (no normalising, no enrichment, no tenant, no partitions, no rollups), one
 * COPY a chunk into a plain table of three columns ({@code time}, {@code class_uid}, {@code event jsonb}) with two
 * indexes: on {@code time} and on {@code (class_uid, time)}. No unique key: a file loaded twice is stored twice.
 */
final class PlainLoader {

    private final String schema;
    private final String jdbcUrl;
    private final int threads;
    private final int chunkSize;
    private final ParquetEventReader reader = new ParquetEventReader();
    private final EventJson json = new EventJson();

    PlainLoader(String jdbcUrl, String schema, int threads, int chunkSize) {
        this.jdbcUrl = jdbcUrl;
        this.schema = schema;
        this.threads = threads;
        this.chunkSize = chunkSize;
    }

    /** Creates the table and its two indexes (autovacuum off, as for the other loaders' tables). */
    void create(Connection control) throws Exception {
        try (var s = control.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".events (time timestamptz NOT NULL, class_uid integer, "
                    + "event jsonb NOT NULL) WITH (autovacuum_enabled = false)");
            s.execute("CREATE INDEX IF NOT EXISTS events_time ON " + schema + ".events (time)");
            s.execute("CREATE INDEX IF NOT EXISTS events_class_time ON " + schema + ".events (class_uid, time)");
        }
    }

    /** Empties the table and checkpoints, so that a round starts as the others do. */
    void empty(Connection control) throws Exception {
        try (var s = control.createStatement()) {
            s.execute("TRUNCATE " + schema + ".events");
            s.execute("CHECKPOINT");
        }
    }

    /** Loads every object; returns the number of events written. */
    long load(List<BenchObject> objects) throws Exception {
        return ObjectLoad.inThreads(objects, threads, () -> DriverManager.getConnection(jdbcUrl, "postgres", ""), this::loadObject);
    }

    private long loadObject(Connection connection, BenchObject object) throws Exception {
        long rows = 0;
        Text text = new Text();
        try (EventChunks chunks = reader.open(object.file(), chunkSize)) {
            while (chunks.hasNext()) {
                rows += copy(connection, chunks.next(), text);
            }
        }
        return rows;
    }

    /** One COPY of the events as they are; returns the rows written. */
    long copy(Connection connection, List<Map<String, Object>> events) throws Exception {
        return copy(connection, events, new Text());
    }

    private long copy(Connection connection, List<Map<String, Object>> events, Text text) throws Exception {
        text.size = 0;
        for (Map<String, Object> event : events) {
            row(text, event);
        }
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + schema + ".events (time, class_uid, event) FROM STDIN");
        copy.writeToCopy(text.bytes, 0, text.size);
        return copy.endCopy();
    }

    private void row(Text out, Map<String, Object> event) {
        Object time = event.get("time");
        String at = time instanceof Number n ? Instant.ofEpochMilli(n.longValue()).toString() : String.valueOf(time);
        out.add(at.getBytes(StandardCharsets.UTF_8));
        out.add('\t');
        Object classUid = event.get("class_uid");
        out.add(classUid instanceof Number n ? String.valueOf(n.intValue()).getBytes(StandardCharsets.US_ASCII)
                : new byte[] {'\\', 'N'});
        out.add('\t');
        // COPY text: the JSON's backslashes doubled; Jackson escapes the control characters inside strings, and the
        // generator writes no whitespace between tokens
        byte[] value = json.toJson(event);
        out.room(2 * value.length + 1);
        for (byte b : value) {
            if (b == '\\') {
                out.bytes[out.size++] = '\\';
            }
            out.bytes[out.size++] = b;
        }
        out.add('\n');
    }

    /** A chunk's COPY text: a byte buffer kept by the loading thread. */
    private static final class Text {

        byte[] bytes = new byte[1 << 20];
        int size;

        void room(int more) {
            if (size + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + more));
            }
        }

        void add(int b) {
            room(1);
            bytes[size++] = (byte) b;
        }

        void add(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }
    }
}

package io.securitylake.subscriber.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's COPY text format (the events table's, or any table's field by field), encoded straight to
 * UTF-8 bytes, and the COPY that sends them ({@link #copy}). Backslash, tab,
 * newline and carriage return are escaped; NUL, which no PostgreSQL text can hold, is written as U+FFFD.
 * The escapes are ASCII and no byte of a multi-byte UTF-8 sequence is, so escaping works byte by byte.
 * Not thread-safe: one per thread, cleared after each COPY.
 */
public final class CopyText {

    /** The statement the text is for; unqualified: the tenant's connection is pinned to its schema. */
    /** The columns a row fills, in the order of its COPY text. */
    static final String EVENT_COLUMNS = "event_uid, event_time, class_uid, category_uid, severity_id, account, region, "
            + "source, bucket, object_key, event";
    public static final String COPY_EVENTS = "COPY events (" + EVENT_COLUMNS + ") FROM STDIN";

    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] REPLACEMENT = "\uFFFD".getBytes(StandardCharsets.UTF_8);

    /** Rows are sent to the server in pieces of about this size while the next ones are encoded. */
    private static final int SEND_BYTES = 256 * 1024;
    /**
     * Each thread encodes into one buffer it keeps, cleared after each COPY, rather than allocating one per chunk.
     */
    private static final ThreadLocal<CopyText> TEXTS =
            ThreadLocal.withInitial(() -> new CopyText(SEND_BYTES + 16 * 1024));

    private final int initialBytes;
    private byte[] buffer;
    private int size;

    public CopyText(int initialBytes) {
        this.initialBytes = Math.max(initialBytes, 64);
        buffer = new byte[this.initialBytes];
    }

    /**
     * Runs {@code copySql} ({@code COPY … FROM STDIN}, text format) on the connection with the rows, each appended to
     * the thread's text by {@code append} and sent in pieces while the next ones are encoded; returns the rows the
     * server copied. A COPY cut short by an exception is cancelled, so the pooled connection can be used again; the
     * thread's text is cleared either way (no tenant's row stays in it, nor a buffer a large row grew).
     */
    public static <T> long copy(Connection connection, String copySql, Iterable<T> rows, BiConsumer<CopyText, T> append)
            throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        CopyText text = TEXTS.get();
        try {
            for (T row : rows) {
                append.accept(text, row);
                if (text.size() >= SEND_BYTES) {
                    text.sendTo(copy);
                }
            }
            text.sendTo(copy);
            return copy.endCopy();
        } catch (SQLException | RuntimeException e) {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException cancel) {
                    e.addSuppressed(cancel);
                }
            }
            throw e;
        } finally {
            text.clear();
        }
    }

    /** Empties the text, for the next COPY; a buffer a very large row grew is let go. */
    public void clear() {
        size = 0;
        if (buffer.length > 4 * initialBytes) {
            buffer = new byte[initialBytes];
        }
    }

    /** Appends one row of the events table. */
    public void add(EventRow row, String bucket, String objectKey) {
        text(row.uid()).put('\t');
        ascii(Instant.ofEpochMilli(row.timeMs()).toString()).put('\t');
        number(row.classUid()).put('\t');
        number(row.categoryUid()).put('\t');
        number(row.severityId()).put('\t');
        text(row.account()).put('\t');
        text(row.region()).put('\t');
        text(row.source()).put('\t');
        text(bucket).put('\t');
        text(objectKey).put('\t');
        escaped(row.json()).put('\n');
    }

    /** Appends a text field (null: NULL) of a row of any table, and the tab after it ({@link #endRow} ends the row). */
    public CopyText field(String value) {
        text(value).put('\t');
        return this;
    }

    /** Appends a number field, and the tab after it. */
    public CopyText field(long value) {
        ascii(Long.toString(value)).put('\t');
        return this;
    }

    /** Appends a timestamptz field of epoch milliseconds, and the tab after it. */
    public CopyText timeField(long epochMs) {
        ascii(Instant.ofEpochMilli(epochMs).toString()).put('\t');
        return this;
    }

    /** Appends UTF-8 text as a field (JSON for a json or jsonb column), and the tab after it. */
    public CopyText field(byte[] utf8) {
        escaped(utf8).put('\t');
        return this;
    }

    /** Appends a text[] field holding the values in order (none or null: the empty array), and the tab after it. */
    public CopyText arrayField(List<String> values) {
        if (values == null) {
            return field("{}");
        }
        StringBuilder literal = new StringBuilder(2 + values.size() * 24).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            String v = values.get(i);
            if (v == null) {
                literal.append("NULL");
                continue;
            }
            literal.append('"');
            for (int c = 0; c < v.length(); c++) {
                char ch = v.charAt(c);
                if (ch == '"' || ch == '\\') {
                    literal.append('\\');
                }
                literal.append(ch);
            }
            literal.append('"');
        }
        return field(literal.append('}').toString());
    }

    /** Ends the row whose fields were appended: its last tab becomes the newline. */
    public void endRow() {
        buffer[size - 1] = '\n';
    }

    /** Bytes not yet sent. */
    public int size() {
        return size;
    }

    /** Sends what was appended and starts empty again. */
    public void sendTo(CopyIn copy) throws SQLException {
        if (size > 0) {
            copy.writeToCopy(buffer, 0, size);
            size = 0;
        }
    }

    /** The text appended so far (for tests). */
    String text() {
        return new String(buffer, 0, size, StandardCharsets.UTF_8);
    }

    private CopyText text(String value) {
        return value == null ? bytes(NULL) : escaped(value.getBytes(StandardCharsets.UTF_8));
    }

    private CopyText number(Integer value) {
        return value == null ? bytes(NULL) : ascii(Integer.toString(value));
    }

    private CopyText ascii(String value) {
        room(value.length());
        for (int i = 0; i < value.length(); i++) {
            buffer[size++] = (byte) value.charAt(i);
        }
        return this;
    }

    private CopyText escaped(byte[] value) {
        room(value.length * 3); // at most three bytes out per byte in (NUL → U+FFFD)
        byte[] out = buffer;
        int at = size;
        for (byte b : value) {
            if (b == '\\' || (b >= 0 && b < 0x20)) {
                switch (b) {
                    case '\\' -> { out[at++] = '\\'; out[at++] = '\\'; }
                    case '\t' -> { out[at++] = '\\'; out[at++] = 't'; }
                    case '\n' -> { out[at++] = '\\'; out[at++] = 'n'; }
                    case '\r' -> { out[at++] = '\\'; out[at++] = 'r'; }
                    case 0 -> {
                        System.arraycopy(REPLACEMENT, 0, out, at, REPLACEMENT.length);
                        at += REPLACEMENT.length;
                    }
                    default -> out[at++] = b; // other control characters need no escape in COPY text
                }
            } else {
                out[at++] = b;
            }
        }
        size = at;
        return this;
    }

    private CopyText bytes(byte[] value) {
        room(value.length);
        System.arraycopy(value, 0, buffer, size, value.length);
        size += value.length;
        return this;
    }

    private void put(char c) {
        room(1);
        buffer[size++] = (byte) c;
    }

    private void room(int bytes) {
        if (size + bytes > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + bytes));
        }
    }
}

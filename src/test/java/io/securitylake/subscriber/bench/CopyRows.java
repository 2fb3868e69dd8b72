package io.securitylake.subscriber.bench;

import io.securitylake.subscriber.ocsf.NormalisedEvent;
import io.securitylake.subscriber.ocsf.ObjectContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Rows of the events table in PostgreSQL's COPY text format, built in memory one chunk at a time. */
final class CopyRows {

    static final String COPY = "COPY events (event_uid, event_time, class_uid, category_uid, severity_id, account, "
            + "region, source, bucket, object_key, event) FROM STDIN";

    private final StringBuilder text = new StringBuilder(1 << 20);
    private int rows;

    void add(NormalisedEvent event, ObjectContext context, String json) {
        text(event.uid()).append('\t');
        text.append(Instant.ofEpochMilli(event.timeMs())).append('\t');
        number(event.classUid()).append('\t');
        number(event.categoryUid()).append('\t');
        number(event.severityId()).append('\t');
        text(event.account()).append('\t');
        text(event.region()).append('\t');
        text(event.source()).append('\t');
        text(context.bucket()).append('\t');
        text(context.key()).append('\t');
        text(json).append('\n');
        rows++;
    }

    int rows() {
        return rows;
    }

    InputStream stream() {
        return new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private StringBuilder number(Integer value) {
        return value == null ? text.append("\\N") : text.append(value.intValue());
    }

    /** Backslash, tab, newline and carriage return are the only characters COPY text needs escaped. */
    private StringBuilder text(String value) {
        if (value == null) {
            return text.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return text;
    }
}

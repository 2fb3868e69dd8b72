package io.securitylake.subscriber.store;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The stored text of an event: its JSON in UTF-8, with NUL escapes replaced so that jsonb accepts it.
 * Thread-safe. Walks the reader's maps, lists and scalars straight into a generator: the same text as
 * Jackson's {@link ObjectMapper} (which handles any other type), without its per-value serializer look-ups.
 * Bytes, not a String: they go to PostgreSQL as they are (see {@link CopyText}), with no second encoding.
 */
public final class EventJson {

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonFactory factory = mapper.getFactory();

    /** Largest buffer a thread keeps between events; a larger event's buffer is let go after it. */
    private static final int KEPT_BUFFER_BYTES = 1 << 20;
    /**
     * Each thread writes into one buffer it keeps, then copies the event's bytes out once: a growing buffer per
     * event allocated its segments and then the copy, a large share of ingestion's allocation.
     */
    private static final ThreadLocal<ByteArrayOutputStream> BUFFERS =
            ThreadLocal.withInitial(() -> new ByteArrayOutputStream(16 * 1024));

    public byte[] toJson(Map<String, Object> event) {
        ByteArrayOutputStream out = BUFFERS.get();
        out.reset();
        try {
            try (JsonGenerator json = factory.createGenerator(out, JsonEncoding.UTF8)) {
                write(json, event);
            }
            return JsonText.storable(out.toByteArray());
        } catch (IOException e) {
            throw new IllegalArgumentException("event cannot be written as JSON: " + e.getMessage(), e);
        } finally {
            if (out.size() > KEPT_BUFFER_BYTES) {
                BUFFERS.remove();
            }
        }
    }

    private void write(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String s) {
            json.writeString(s);
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                json.writeFieldName(String.valueOf(e.getKey()));
                write(json, e.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                write(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof Integer i) {
            json.writeNumber(i.intValue());
        } else if (value instanceof Long l) {
            json.writeNumber(l.longValue());
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof Double d) {
            json.writeNumber(d.doubleValue());
        } else if (value instanceof Float f) {
            json.writeNumber(f.floatValue());
        } else if (value instanceof BigDecimal d) {
            json.writeNumber(d);
        } else if (value instanceof BigInteger i) {
            json.writeNumber(i);
        } else {
            mapper.writeValue(json, value); // anything else exactly as the ObjectMapper writes it
        }
    }
}

package io.securitylake.subscriber.ocsf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The derived event id: {@code sha256:<hex>} of the event's canonical JSON — object keys sorted
 * ({@link String#compareTo}) at every level, no whitespace, Jackson's default escaping, UTF-8.
 * Integer and Long of the same value print alike, so the id does not depend on the reader's number types
 * or on map insertion order. The JSON streams straight into the digest: no string or byte copy of the event.
 * Changing anything here changes every stored derived id (and breaks de-duplication of replays).
 */
final class CanonicalJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final HexFormat HEX = HexFormat.of();
    private static final Comparator<Map.Entry<?, ?>> BY_KEY =
            Comparator.comparing(e -> String.valueOf(e.getKey()));

    private CanonicalJson() {
    }

    static String sha256(Map<String, Object> event) {
        MessageDigest digest = newDigest();
        try (JsonGenerator out = FACTORY.createGenerator(new DigestSink(digest))) {
            write(out, event);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the sink never throws; kept for the checked signature
        }
        return "sha256:" + HEX.formatHex(digest.digest());
    }

    static void write(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String s) {
            out.writeString(s);
        } else if (value instanceof Map<?, ?> map) {
            // keys by their text, so a map keyed by Avro Utf8 hashes like one keyed by String
            Map.Entry<?, ?>[] entries = map.entrySet().toArray(new Map.Entry<?, ?>[0]);
            Arrays.sort(entries, BY_KEY);
            out.writeStartObject();
            for (Map.Entry<?, ?> e : entries) {
                out.writeFieldName(String.valueOf(e.getKey()));
                write(out, e.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object item : list) {
                write(out, item);
            }
            out.writeEndArray();
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double d) {
            out.writeNumber(d);
        } else if (value instanceof Float f) {
            out.writeNumber(f);
        } else if (value instanceof BigDecimal d) {
            out.writeNumber(d);
        } else if (value instanceof BigInteger i) {
            out.writeNumber(i);
        } else if (value instanceof byte[] bytes) {
            out.writeBinary(bytes); // base64, as Jackson's ObjectMapper writes byte[]
        } else {
            out.writeString(value.toString()); // e.g. Avro Utf8, Instant: their text is their stable form
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Feeds the generator's bytes to the digest. */
    private static final class DigestSink extends OutputStream {
        private final MessageDigest digest;

        DigestSink(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }
    }
}

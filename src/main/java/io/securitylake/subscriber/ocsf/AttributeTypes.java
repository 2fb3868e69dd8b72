package io.securitylake.subscriber.ocsf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The OCSF type of an attribute by its name ({@code ocsf/attributes.tsv}, from the schema's dictionary, where a name
 * has one type wherever it appears): the integers, longs and timestamps the service gives one Java type whatever
 * the writer, and the free-form attributes whose contents are the producer's. Immutable.
 */
final class AttributeTypes {

    static final String RESOURCE = "ocsf/attributes.tsv";

    enum Kind {
        /** integer_t, port_t: a 32-bit {@link Integer} (a larger integral value stays a {@link Long}). */
        INTEGER,
        /** long_t: a {@link Long}. */
        LONG,
        /** timestamp_t: epoch milliseconds, a {@link Long}. */
        TIMESTAMP,
        /** a {@code *_time} name that is not a timestamp ({@code original_time} is the producer's text). */
        NOT_TIMESTAMP,
        /** json_t and {@code unmapped}: whatever the producer wrote, names and values left alone. */
        FREE_FORM
    }

    private final Map<String, Kind> kinds;

    private AttributeTypes(Map<String, Kind> kinds) {
        this.kinds = Map.copyOf(kinds);
    }

    static AttributeTypes load() {
        InputStream in = AttributeTypes.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("missing classpath resource " + RESOURCE);
        }
        Map<String, Kind> kinds = new HashMap<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t");
                if (cells.length != 2) {
                    throw new IllegalStateException(RESOURCE + ": not 'kind<TAB>name': " + line);
                }
                kinds.put(cells[1], switch (cells[0]) {
                    case "I" -> Kind.INTEGER;
                    case "L" -> Kind.LONG;
                    case "T" -> Kind.TIMESTAMP;
                    case "S" -> Kind.NOT_TIMESTAMP;
                    case "J" -> Kind.FREE_FORM;
                    default -> throw new IllegalStateException(RESOURCE + ": unknown kind in: " + line);
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AttributeTypes(kinds);
    }

    /**
     * The kind of an attribute, or null for one the service leaves as read. A {@code *_time} name the dictionary
     * does not know (a profile's, an extension's) is a timestamp too, as OCSF names every timestamp so.
     */
    Kind of(String name) {
        Kind kind = kinds.get(name);
        if (kind == null && name.endsWith("_time")) {
            return Kind.TIMESTAMP;
        }
        return kind;
    }
}

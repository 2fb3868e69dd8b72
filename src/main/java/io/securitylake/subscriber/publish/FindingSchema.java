package io.securitylake.subscriber.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The explicit Avro schema of one published OCSF class (resources {@code publish/<class>-<version>.avsc}), the same
 * for every file: a column appears or changes type only with a new schema version. A finding, built as OCSF names it
 * (maps, lists, numbers, text), becomes a record of the schema; what the schema does not hold is left out, and a
 * required attribute (a non-null field) that is absent, blank or of the wrong type makes the finding invalid.
 */
final class FindingSchema {

    /** The OCSF version every published record is written in. */
    static final String OCSF_VERSION = "1.1.0";
    static final FindingSchema DETECTION_FINDING = load("detection_finding", 2004);
    static final FindingSchema INCIDENT_FINDING = load("incident_finding", 2005);

    private final Schema schema;
    private final int classUid;
    private final List<String> plainColumns;

    private FindingSchema(Schema schema, int classUid) {
        this.schema = schema;
        this.classUid = classUid;
        this.plainColumns = FindingFile.plainColumns(schema);
    }

    private static FindingSchema load(String name, int classUid) {
        String resource = "/publish/" + name + "-" + OCSF_VERSION + ".avsc";
        try (InputStream in = FindingSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return new FindingSchema(new Schema.Parser().parse(in), classUid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Schema schema() {
        return schema;
    }

    int classUid() {
        return classUid;
    }

    /** The columns written without a dictionary (see {@link FindingFile}). */
    List<String> plainColumns() {
        return plainColumns;
    }

    /** The finding as a record of this schema; {@link InvalidFinding} names the first attribute that fails. */
    GenericRecord record(Map<String, Object> finding) throws InvalidFinding {
        return (GenericRecord) value(schema, finding, At.ROOT);
    }

    private static Object value(Schema type, Object v, At path) throws InvalidFinding {
        if (type.getType() == Schema.Type.UNION) {
            if (v == null || (v instanceof String s && s.isBlank()) || (v instanceof List<?> l && l.isEmpty())) {
                return null;
            }
            return value(type.getTypes().get(1), v, path);
        }
        if (v == null) {
            throw new InvalidFinding(path + " is required");
        }
        switch (type.getType()) {
            case RECORD -> {
                if (!(v instanceof Map<?, ?> map)) {
                    throw new InvalidFinding(path + " is an object, not " + v);
                }
                GenericData.Record record = new GenericData.Record(type);
                for (Schema.Field f : type.getFields()) {
                    record.put(f.pos(), value(f.schema(), map.get(f.name()), new At(path, f.name())));
                }
                return record;
            }
            case ARRAY -> {
                if (!(v instanceof List<?> list) || list.isEmpty()) {
                    throw new InvalidFinding(path + " is a list of at least one, not " + v);
                }
                List<Object> out = new ArrayList<>(list.size());
                for (Object item : list) {
                    out.add(value(type.getElementType(), item, new At(path, "[]")));
                }
                return out;
            }
            case STRING -> {
                String s = v.toString();
                if (s.isBlank()) {
                    throw new InvalidFinding(path + " is required, and blank");
                }
                return s;
            }
            case INT -> {
                if (!(v instanceof Number n) || n.longValue() != n.intValue()) {
                    throw new InvalidFinding(path + " is an integer, not " + v);
                }
                return n.intValue();
            }
            case LONG -> {
                if (!(v instanceof Number n)) {
                    throw new InvalidFinding(path + " is a long integer, not " + v);
                }
                return n.longValue();
            }
            default -> throw new IllegalStateException("no published attribute has type " + type);
        }
    }

    /**
     * Where in the finding a value is: its dotted path, written out only for the message of an invalid finding (every
     * field of every published record passes one, so no text is built on the way).
     */
    private record At(At parent, String name) {

        static final At ROOT = new At(null, "");

        @Override
        public String toString() {
            if (parent == null || parent == ROOT) {
                return name;
            }
            return parent + (name.equals("[]") ? "" : ".") + name;
        }
    }

    /** A finding that cannot be made a valid record of the schema. */
    static final class InvalidFinding extends Exception {

        InvalidFinding(String reason) {
            super(reason);
        }
    }
}

package io.securitylake.subscriber.demo;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;

/**
 * Turns a compact field list into an Avro schema shaped like the ones Security Lake writes.
 *
 * <p>Grammar: {@code field, field, ...} where a field is {@code name[:type][!]},
 * {@code name{fields}[!]} (a struct), {@code name[type]} or {@code name[{fields}]} (a list).
 * Types: {@code string} (the default), {@code int}, {@code long}, {@code bool}, {@code double},
 * {@code ts} (long with the timestamp-millis logical type) and {@code map} (map of strings).
 * Every field is a nullable union {@code ["null", type]} with default null, as in real lake
 * files, unless it ends in {@code !}. Record names follow the real writer's convention
 * ({@code metadataproduct_record}) so that every named type stays unique within the schema.
 */
final class AvroSpec {

    private final String text;
    private int pos;

    private AvroSpec(String text) {
        this.text = text.replaceAll("\\s+", "");
    }

    static Schema parse(String recordName, String version, String spec) {
        AvroSpec parser = new AvroSpec(spec);
        Schema root = Schema.createRecord(recordName, null, null, false, parser.fields(""));
        if (parser.pos != parser.text.length()) {
            throw new IllegalArgumentException("Unexpected '" + parser.text.substring(parser.pos) + "'");
        }
        root.addProp("version", version);
        return root;
    }

    private List<Field> fields(String path) {
        List<Field> fields = new ArrayList<>();
        do {
            fields.add(field(path));
        } while (accept(','));
        return fields;
    }

    private Field field(String path) {
        String name = name();
        Schema type;
        if (accept('{')) {
            type = Schema.createRecord(path + name + "_record", null, null, false, fields(path + name));
            expect('}');
        } else if (accept('[')) {
            Schema item;
            if (accept('{')) {
                // list elements are named after the list, as in the real files ("resources", "answers")
                item = Schema.createRecord(path + name, null, null, false, fields(path + name));
                expect('}');
            } else {
                item = scalar(name());
            }
            expect(']');
            type = Schema.createArray(item);
        } else if (accept(':')) {
            type = scalar(name());
        } else {
            type = Schema.create(Schema.Type.STRING);
        }
        if (accept('!')) {
            return new Field(name, type);
        }
        return new Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL), type), null, Field.NULL_DEFAULT_VALUE);
    }

    private static Schema scalar(String type) {
        return switch (type) {
            case "string" -> Schema.create(Schema.Type.STRING);
            case "int" -> Schema.create(Schema.Type.INT);
            case "long" -> Schema.create(Schema.Type.LONG);
            case "bool" -> Schema.create(Schema.Type.BOOLEAN);
            case "double" -> Schema.create(Schema.Type.DOUBLE);
            case "ts" -> LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
            case "map" -> Schema.createMap(Schema.create(Schema.Type.STRING));
            default -> throw new IllegalArgumentException("Unknown type " + type);
        };
    }

    private String name() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("Name expected at " + pos + " in " + text);
        }
        return text.substring(start, pos);
    }

    private boolean accept(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw new IllegalArgumentException("'" + c + "' expected at " + pos + " in " + text);
        }
    }
}

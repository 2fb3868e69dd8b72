package io.securitylake.subscriber.demo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Fills a nested Avro record by dotted path ({@code "metadata.product.name"}), creating the
 * structs on the way, so that each source's builder reads like the OCSF event it makes.
 * A path that the schema lacks fails loudly: a silent drop would hide a drifted schema.
 */
final class OcsfRecord {

    private static final Map<String, String[]> PATHS = new ConcurrentHashMap<>();

    private final GenericData.Record root;

    OcsfRecord(Schema schema) {
        this.root = new GenericData.Record(schema);
    }

    /** Over a record made already (a scripted demo event changes a generated one). */
    OcsfRecord(GenericData.Record root) {
        this.root = root;
    }

    GenericData.Record record() {
        return root;
    }

    OcsfRecord set(String path, Object value) {
        put(root, path, value);
        return this;
    }

    /** The value at {@code path}, or null where a struct on the way is unset. */
    Object get(String path) {
        Object current = root;
        for (String name : split(path)) {
            if (current == null) {
                return null;
            }
            current = ((GenericData.Record) current).get(name);
        }
        return current;
    }

    /** A new, empty element for the list at {@code path}, to be filled with {@link #put}. */
    GenericData.Record item(String path) {
        return item(root.getSchema(), path);
    }

    static GenericData.Record item(Schema schema, String path) {
        Schema current = schema;
        for (String name : split(path)) {
            current = nonNull(field(current, name).schema());
        }
        return new GenericData.Record(nonNull(current.getElementType()));
    }

    static boolean has(Schema schema, String path) {
        Schema current = schema;
        for (String name : split(path)) {
            Schema.Field field = current.getType() == Schema.Type.RECORD ? current.getField(name) : null;
            if (field == null) {
                return false;
            }
            current = nonNull(field.schema());
        }
        return true;
    }

    static GenericData.Record put(GenericData.Record target, String path, Object value) {
        String[] names = split(path);
        GenericData.Record current = target;
        for (int i = 0; i < names.length - 1; i++) {
            Schema.Field field = field(current.getSchema(), names[i]);
            GenericData.Record child = (GenericData.Record) current.get(field.pos());
            if (child == null) {
                child = new GenericData.Record(nonNull(field.schema()));
                current.put(field.pos(), child);
            }
            current = child;
        }
        current.put(field(current.getSchema(), names[names.length - 1]).pos(), value);
        return target;
    }

    private static Schema.Field field(Schema schema, String name) {
        Schema.Field field = schema.getField(name);
        if (field == null) {
            throw new IllegalArgumentException("No field " + name + " in " + schema.getName());
        }
        return field;
    }

    private static String[] split(String path) {
        return PATHS.computeIfAbsent(path, p -> p.split("\\."));
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        List<Schema> types = schema.getTypes();
        return types.get(0).getType() == Schema.Type.NULL ? types.get(1) : types.get(0);
    }
}

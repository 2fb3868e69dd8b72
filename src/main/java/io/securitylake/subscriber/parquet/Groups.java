package io.securitylake.subscriber.parquet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;

/**
 * Converters of Parquet groups: structs become maps in column order keyed by the names as written (null fields
 * omitted, as OCSF JSON omits absent attributes), LIST groups lists (three-level, two-level and the legacy
 * {@code array} layouts, as the format's compatibility rules read them; null items kept, they are data), MAP groups
 * string-keyed maps in the file's order, and a repeated field outside a LIST a list of its values. Paths in
 * errors are dotted, {@code []} marking list items and {@code {}} map values.
 */
final class Groups {

    private Groups() {
    }

    /** The converter of any field, handing each value it reads to {@code sink}; repetition is the caller's. */
    static Converter of(Type type, String path, Consumer<Object> sink) {
        if (type.isPrimitive()) {
            return Columns.of(type.asPrimitiveType(), path, sink);
        }
        GroupType group = type.asGroupType();
        LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
        boolean oneRepeatedChild = group.getFieldCount() == 1 && group.getType(0).isRepetition(Type.Repetition.REPEATED);
        if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && oneRepeatedChild) {
            return new ListOf(group, path, sink);
        }
        if ((annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation)
                && oneRepeatedChild && !group.getType(0).isPrimitive()) {
            return new MapOf(group.getType(0).asGroupType(), path, sink);
        }
        return new Struct(group, path, sink);
    }

    /** A group read as a map of its fields. */
    static final class Struct extends GroupConverter {

        private final Converter[] fields;
        private final Consumer<Object> sink;
        private final int capacity;
        private Map<String, Object> current;

        Struct(GroupType type, String path, Consumer<Object> sink) {
            this.sink = sink;
            this.fields = new Converter[type.getFieldCount()];
            this.capacity = (int) (fields.length / 0.75f) + 1; // a full row never rehashes
            for (int i = 0; i < fields.length; i++) {
                Type field = type.getType(i);
                String name = field.getName();
                String fieldPath = path.isEmpty() ? name : path + "." + name;
                Consumer<Object> put = field.isRepetition(Type.Repetition.REPEATED)
                        ? value -> appendTo(name, value) : value -> current.put(name, value);
                fields[i] = of(field, field.isRepetition(Type.Repetition.REPEATED) ? fieldPath + "[]" : fieldPath, put);
            }
        }

        @SuppressWarnings("unchecked")
        private void appendTo(String name, Object value) {
            ((List<Object>) current.computeIfAbsent(name, n -> new ArrayList<>())).add(value);
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return fields[fieldIndex];
        }

        @Override
        public void start() {
            current = new LinkedHashMap<>(capacity);
        }

        @Override
        public void end() {
            sink.accept(current);
        }
    }

    /** A LIST group: its repeated child is the item itself (two-level, legacy) or holds it (three-level). */
    private static final class ListOf extends GroupConverter {

        private final Converter repeated;
        private final Consumer<Object> sink;
        private List<Object> items;

        ListOf(GroupType list, String path, Consumer<Object> sink) {
            this.sink = sink;
            Type repeatedType = list.getType(0);
            String itemPath = path + "[]";
            Consumer<Object> add = item -> items.add(item);
            this.repeated = isItself(repeatedType, list.getName())
                    ? of(repeatedType, itemPath, add) : new Slot(repeatedType.asGroupType().getType(0), itemPath, add);
        }

        /** The format's backward-compatibility rules for a LIST's repeated field. */
        private static boolean isItself(Type repeated, String listName) {
            if (repeated.isPrimitive()) {
                return true;
            }
            GroupType group = repeated.asGroupType();
            return group.getFieldCount() != 1 || group.getName().equals("array")
                    || group.getName().equals(listName + "_tuple");
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return repeated;
        }

        @Override
        public void start() {
            items = new ArrayList<>();
        }

        @Override
        public void end() {
            sink.accept(items);
        }
    }

    /** A three-level list's repeated group: one item, null when its element is. */
    private static final class Slot extends GroupConverter {

        private final Converter element;
        private final Consumer<Object> add;
        private Object value;

        Slot(Type element, String path, Consumer<Object> add) {
            this.element = of(element, path, item -> value = item);
            this.add = add;
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return element;
        }

        @Override
        public void start() {
            value = null;
        }

        @Override
        public void end() {
            add.accept(value);
        }
    }

    /** A MAP group of repeated key/value entries; keys as their text, entries in the file's order. */
    private static final class MapOf extends GroupConverter {

        private final Converter entry;
        private final Consumer<Object> sink;
        private Map<String, Object> entries;

        MapOf(GroupType keyValue, String path, Consumer<Object> sink) {
            this.sink = sink;
            this.entry = new Entry(keyValue, path + "{}", (key, value) -> entries.put(key, value));
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return entry;
        }

        @Override
        public void start() {
            entries = new LinkedHashMap<>();
        }

        @Override
        public void end() {
            sink.accept(entries);
        }
    }

    /** One map entry; an entry without a key (the format forbids it) is left out. */
    private static final class Entry extends GroupConverter {

        private final Converter[] fields;
        private final java.util.function.BiConsumer<String, Object> put;
        private Object key;
        private Object value;

        Entry(GroupType keyValue, String path, java.util.function.BiConsumer<String, Object> put) {
            this.put = put;
            this.fields = new Converter[keyValue.getFieldCount()];
            for (int i = 0; i < fields.length; i++) {
                // the first field is the key, whatever its name (MAP_KEY_VALUE writers named it freely)
                fields[i] = i == 0 ? of(keyValue.getType(i), path, k -> key = k)
                        : i == 1 ? of(keyValue.getType(i), path, v -> value = v)
                        : of(keyValue.getType(i), path, ignored -> { });
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return fields[fieldIndex];
        }

        @Override
        public void start() {
            key = null;
            value = null;
        }

        @Override
        public void end() {
            if (key != null) {
                put.accept(key.toString(), value);
            }
        }
    }
}

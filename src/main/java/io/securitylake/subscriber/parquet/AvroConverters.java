package io.securitylake.subscriber.parquet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;

/**
 * Builds the converter tree for an Avro schema, once per schema. Rules: records become maps (null fields
 * omitted), arrays lists, maps string-keyed maps, strings/enums/uuids strings, bytes/fixed base64,
 * logical timestamps/dates RFC 3339 strings, decimals {@link java.math.BigDecimal}, non-finite floats strings.
 * Nulls inside lists and map values are kept (they are data); null record fields are omitted. Map entry order
 * is not the file's: parquet-avro materialises generic maps as {@link java.util.HashMap}.
 */
final class AvroConverters {

    private static final ValueConverter IDENTITY = value -> value;
    private static final ValueConverter TO_STRING = Object::toString;

    private AvroConverters() {
    }

    static RecordConverter forRecord(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("rows are not records but " + schema.getType());
        }
        return record(schema, "");
    }

    private static RecordConverter record(Schema schema, String parent) {
        List<Schema.Field> fields = schema.getFields();
        String[] names = new String[fields.size()];
        String[] paths = new String[fields.size()];
        ValueConverter[] converters = new ValueConverter[fields.size()];
        for (Schema.Field field : fields) {
            int i = field.pos();
            names[i] = field.name();
            paths[i] = parent.isEmpty() ? field.name() : parent + "." + field.name();
            converters[i] = of(field.schema(), paths[i]);
        }
        return new RecordConverter(names, paths, converters);
    }

    static ValueConverter of(Schema schema, String path) {
        LogicalType logical = schema.getLogicalType();
        if (logical != null) {
            ValueConverter converter = LogicalValues.converterFor(logical, schema);
            if (converter != null) {
                return converter;
            }
        }
        return switch (schema.getType()) {
            case RECORD -> record(schema, path);
            case UNION -> union(schema, path);
            case ARRAY -> list(of(schema.getElementType(), path + "[]"), path + "[]");
            case MAP -> map(of(schema.getValueType(), path + "{}"), path + "{}");
            case STRING, ENUM -> TO_STRING;
            case BYTES -> value -> LogicalValues.base64((ByteBuffer) value);
            case FIXED -> LogicalValues.isInt96(schema) ? LogicalValues::int96
                    : value -> LogicalValues.base64(((GenericFixed) value).bytes());
            case FLOAT -> value -> Float.isFinite((Float) value) ? value : value.toString();
            case DOUBLE -> value -> Double.isFinite((Double) value) ? value : value.toString();
            case INT, LONG, BOOLEAN, NULL -> IDENTITY;
        };
    }

    private static ValueConverter union(Schema schema, String path) {
        List<Schema> branches = schema.getTypes();
        // the common nullable case ["null", X]: nulls never reach a converter, so X's converter is enough
        if (branches.size() == 2 && branches.get(0).getType() == Schema.Type.NULL) {
            return of(branches.get(1), path);
        }
        if (branches.size() == 2 && branches.get(1).getType() == Schema.Type.NULL) {
            return of(branches.get(0), path);
        }
        ValueConverter[] converters = new ValueConverter[branches.size()];
        for (int i = 0; i < converters.length; i++) {
            converters[i] = of(branches.get(i), path);
        }
        return value -> converters[GenericData.get().resolveUnion(schema, value)].convert(value);
    }

    private static ValueConverter list(ValueConverter element, String path) {
        return value -> {
            Collection<?> items = (Collection<?>) value;
            List<Object> out = new ArrayList<>(items.size());
            for (Object item : items) {
                out.add(item == null ? null : convertItem(element, item, path));
            }
            return out;
        };
    }

    private static ValueConverter map(ValueConverter valueConverter, String path) {
        return value -> {
            Map<?, ?> entries = (Map<?, ?>) value;
            Map<String, Object> out = new LinkedHashMap<>((int) (entries.size() / 0.75f) + 1);
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                Object item = entry.getValue();
                out.put(entry.getKey().toString(), item == null ? null : convertItem(valueConverter, item, path));
            }
            return out;
        };
    }

    private static Object convertItem(ValueConverter converter, Object item, String path) {
        try {
            return converter.convert(item);
        } catch (FieldConversionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FieldConversionException(path, e);
        }
    }
}

package io.securitylake.subscriber.parquet;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.avro.generic.IndexedRecord;

/**
 * Converts an Avro record into a {@link LinkedHashMap} in schema field order.
 *
 * <p>Null-valued fields are <b>omitted</b>: OCSF JSON leaves absent attributes out, and Security Lake
 * files carry many nullable columns that are null in most rows, so keeping them would bloat every event.
 */
final class RecordConverter implements ValueConverter {

    private final String[] names;
    private final String[] paths;
    private final ValueConverter[] fields;
    private final int capacity;

    RecordConverter(String[] names, String[] paths, ValueConverter[] fields) {
        this.names = names;
        this.paths = paths;
        this.fields = fields;
        // sized so that a full record never rehashes
        this.capacity = (int) (names.length / 0.75f) + 1;
    }

    @Override
    public Object convert(Object value) {
        return toMap((IndexedRecord) value);
    }

    Map<String, Object> toMap(IndexedRecord record) {
        Map<String, Object> map = new LinkedHashMap<>(capacity);
        for (int i = 0; i < fields.length; i++) {
            Object raw = record.get(i);
            if (raw == null) {
                continue;
            }
            Object converted;
            try {
                converted = fields[i].convert(raw);
            } catch (FieldConversionException e) {
                throw e; // already names the innermost field
            } catch (RuntimeException e) {
                throw new FieldConversionException(paths[i], e);
            }
            if (converted != null) {
                map.put(names[i], converted);
            }
        }
        return map;
    }
}

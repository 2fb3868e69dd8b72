package io.securitylake.subscriber.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.io.LocalInputFile;

/** Reads demo files back for the tests and walks every value of a row, however deeply nested. */
final class DemoRows {

    private DemoRows() {
    }

    static List<GenericRecord> read(Path file) throws IOException {
        List<GenericRecord> rows = new ArrayList<>();
        try (var reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file)).build()) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** Calls {@code visit} with the dotted path and value of every non-null leaf (a map's values, not its keys). */
    static void walk(Object value, String path, BiConsumer<String, Object> visit) {
        if (value instanceof GenericRecord record) {
            record.getSchema().getFields().forEach(f -> walk(record.get(f.pos()), join(path, f.name()), visit));
        } else if (value instanceof List<?> list) {
            list.forEach(item -> walk(item, path + "[]", visit));
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, join(path, k.toString()), visit));
        } else if (value != null) {
            visit.accept(path, value);
        }
    }

    /** Every epoch-millisecond time of a row: {@code time}, {@code *_time} and {@code *_time_dt} fields. */
    static List<Long> times(GenericRecord row) {
        List<Long> times = new ArrayList<>();
        walk(row, "", (path, value) -> {
            String name = path.substring(path.lastIndexOf('.') + 1);
            if (value instanceof Long millis && (name.equals("time") || name.endsWith("_time") || name.endsWith("_time_dt")
                    || name.equals("time_dt"))) {
                times.add(millis);
            }
        });
        return times;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}

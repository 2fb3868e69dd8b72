package io.securitylake.subscriber.hunt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Result values as the API sends them: times as epoch milliseconds (the API's rule), numbers and booleans as
 * JSON's, JSON as JSON, arrays as lists, anything else (inet, uuid, text) as text.
 */
final class Cells {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Cells() {
    }

    static List<HuntResult.Column> columns(ResultSetMetaData md) throws SQLException {
        List<HuntResult.Column> columns = new ArrayList<>();
        if (md != null) {
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(new HuntResult.Column(md.getColumnLabel(i), md.getColumnTypeName(i)));
            }
        }
        return columns;
    }

    static List<Object> row(ResultSet rs, List<HuntResult.Column> columns) throws SQLException {
        List<Object> row = new ArrayList<>(columns.size());
        for (int i = 1; i <= columns.size(); i++) {
            row.add(value(rs, i, columns.get(i - 1).type()));
        }
        return row;
    }

    private static Object value(ResultSet rs, int i, String type) throws SQLException {
        Object v = switch (type) {
            case "timestamptz" -> epochMs(rs.getObject(i, OffsetDateTime.class));
            case "timestamp" -> {
                LocalDateTime t = rs.getObject(i, LocalDateTime.class);
                yield t == null ? null : t.toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            case "int2", "int4", "int8", "oid" -> rs.getLong(i);
            case "float4", "float8" -> rs.getDouble(i);
            case "numeric" -> rs.getBigDecimal(i);
            case "bool" -> rs.getBoolean(i);
            case "json", "jsonb" -> json(rs.getString(i));
            default -> {
                if (type.startsWith("_")) {
                    Array a = rs.getArray(i);
                    yield a == null ? null : Arrays.asList((Object[]) a.getArray());
                }
                yield rs.getString(i);
            }
        };
        return rs.wasNull() ? null : v;
    }

    /** One value of a row that PostgreSQL rendered as JSON (row_to_json), read with its column's type. */
    static Object fromJson(JsonNode v, String type) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual() && type.equals("timestamptz")) {
            return epochMs(OffsetDateTime.parse(v.asText()));
        }
        if (v.isTextual() && type.equals("timestamp")) {
            return LocalDateTime.parse(v.asText()).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        return v;
    }

    private static Long epochMs(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toEpochMilli();
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the store returned JSON it cannot read", e);
        }
    }
}

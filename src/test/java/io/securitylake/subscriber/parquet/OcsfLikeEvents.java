package io.securitylake.subscriber.parquet;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** An OCSF-shaped Avro schema covering every type the reader converts, three rows and the maps expected from them. */
final class OcsfLikeEvents {

    static final Schema SCHEMA = new Schema.Parser().parse("""
        {"type": "record", "name": "api_activity", "fields": [
          {"name": "metadata", "type": {"type": "record", "name": "metadata", "fields": [
            {"name": "version", "type": "string"},
            {"name": "uid", "type": ["null", {"type": "string", "logicalType": "uuid"}], "default": null},
            {"name": "product", "type": {"type": "record", "name": "product", "fields": [
              {"name": "name", "type": "string"},
              {"name": "feature", "type": ["null", {"type": "record", "name": "feature", "fields": [
                {"name": "name", "type": ["null", "string"], "default": null}]}], "default": null}]}},
            {"name": "profiles", "type": ["null", {"type": "array", "items": "string"}], "default": null}]}},
          {"name": "time", "type": "long"},
          {"name": "time_dt", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}], "default": null},
          {"name": "start_time_dt", "type": ["null", {"type": "long", "logicalType": "timestamp-micros"}], "default": null},
          {"name": "class_uid", "type": "int"},
          {"name": "type_uid", "type": "long"},
          {"name": "severity_id", "type": ["null", "int"], "default": null},
          {"name": "status", "type": ["null", {"type": "enum", "name": "status", "symbols": ["Success", "Failure"]}], "default": null},
          {"name": "is_alert", "type": ["null", "boolean"], "default": null},
          {"name": "observables", "type": ["null", {"type": "array", "items": {"type": "record", "name": "observable",
            "fields": [{"name": "name", "type": "string"}, {"name": "type_id", "type": ["null", "int"], "default": null}]}}], "default": null},
          {"name": "resources", "type": ["null", {"type": "array", "items": {"type": "record", "name": "resource",
            "fields": [{"name": "uid", "type": "string"},
                       {"name": "labels", "type": ["null", {"type": "array", "items": "string"}], "default": null}]}}], "default": null},
          {"name": "unmapped", "type": ["null", {"type": "map", "values": "string"}], "default": null},
          {"name": "event_day", "type": ["null", {"type": "int", "logicalType": "date"}], "default": null},
          {"name": "raw_data", "type": ["null", "bytes"], "default": null},
          {"name": "risk_score", "type": ["null", "double"], "default": null},
          {"name": "confidence", "type": ["null", "float"], "default": null},
          {"name": "amount", "type": ["null", {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}], "default": null}
        ]}""");

    private OcsfLikeEvents() {
    }

    /** Row 0: every field set; row 1: every nullable field null; row 2: edge values (empty, pre-1970, -Infinity). */
    static List<GenericRecord> records() {
        return List.of(
                record("1.1.0", "6f1c2d3e-0000-4000-8000-000000000001", "Security Hub", "Findings", List.of("cloud", "datetime"),
                        1686736800123L, 1686736800123L, 1686736800123456L, 6003, 600301L, 1, "Success", true,
                        List.of(observable("actor.user.name", 4), observable("src_endpoint.ip", null)),
                        List.of(resource("i-1", List.of("a", "b")), resource("i-2", null)),
                        map("kind", "Event", "sourceIPs[]", "203.0.113.33"), 19522, "raw".getBytes(StandardCharsets.UTF_8),
                        Double.NaN, 0.5f, new BigDecimal("1234.56")),
                record("1.0.0-rc.2", null, "VPC", null, null, 1649721732000L, null, null, 4001, 400105L, null, null, null,
                        null, null, null, null, null, null, null, null),
                record("1.3.0", null, "Custom", null, List.of(), 0L, -1L, -1L, 0, -1L, 99, "Failure", false,
                        List.of(), List.of(), map(), 0, new byte[0], 2.5d, Float.NEGATIVE_INFINITY, new BigDecimal("-0.01")));
    }

    static List<Map<String, Object>> expected() {
        return List.of(
                ordered("metadata", ordered("version", "1.1.0", "uid", "6f1c2d3e-0000-4000-8000-000000000001",
                                "product", ordered("name", "Security Hub", "feature", ordered("name", "Findings")),
                                "profiles", List.of("cloud", "datetime")),
                        "time", 1686736800123L, "time_dt", "2023-06-14T10:00:00.123Z",
                        "start_time_dt", "2023-06-14T10:00:00.123456Z", "class_uid", 6003, "type_uid", 600301L,
                        "severity_id", 1, "status", "Success", "is_alert", true,
                        "observables", List.of(ordered("name", "actor.user.name", "type_id", 4), ordered("name", "src_endpoint.ip")),
                        "resources", List.of(ordered("uid", "i-1", "labels", List.of("a", "b")), ordered("uid", "i-2")),
                        "unmapped", ordered("kind", "Event", "sourceIPs[]", "203.0.113.33"), "event_day", "2023-06-14",
                        "raw_data", "cmF3", "risk_score", "NaN", "confidence", 0.5f, "amount", new BigDecimal("1234.56")),
                ordered("metadata", ordered("version", "1.0.0-rc.2", "product", ordered("name", "VPC")),
                        "time", 1649721732000L, "class_uid", 4001, "type_uid", 400105L),
                ordered("metadata", ordered("version", "1.3.0", "product", ordered("name", "Custom"), "profiles", List.of()),
                        "time", 0L, "time_dt", "1969-12-31T23:59:59.999Z", "start_time_dt", "1969-12-31T23:59:59.999999Z",
                        "class_uid", 0, "type_uid", -1L, "severity_id", 99, "status", "Failure", "is_alert", false,
                        "observables", List.of(), "resources", List.of(), "unmapped", ordered(), "event_day", "1970-01-01",
                        "raw_data", "", "risk_score", 2.5d, "confidence", "-Infinity", "amount", new BigDecimal("-0.01")));
    }

    private static GenericRecord record(String version, String uid, String product, String feature, List<String> profiles,
                                        long time, Long timeDt, Long startTimeDt, int classUid, long typeUid, Integer severityId,
                                        String status, Boolean isAlert, List<GenericRecord> observables, List<GenericRecord> resources,
                                        Map<String, String> unmapped, Integer eventDay, byte[] rawData, Double riskScore,
                                        Float confidence, BigDecimal amount) {
        Schema metadataSchema = SCHEMA.getField("metadata").schema();
        Schema productSchema = metadataSchema.getField("product").schema();
        GenericRecord productRecord = new GenericData.Record(productSchema);
        productRecord.put("name", product);
        if (feature != null) {
            GenericRecord featureRecord = new GenericData.Record(productSchema.getField("feature").schema().getTypes().get(1));
            featureRecord.put("name", feature);
            productRecord.put("feature", featureRecord);
        }
        GenericRecord metadata = new GenericData.Record(metadataSchema);
        metadata.put("version", version);
        metadata.put("uid", uid);
        metadata.put("product", productRecord);
        metadata.put("profiles", profiles);
        GenericRecord event = new GenericData.Record(SCHEMA);
        event.put("metadata", metadata);
        event.put("time", time);
        event.put("time_dt", timeDt);
        event.put("start_time_dt", startTimeDt);
        event.put("class_uid", classUid);
        event.put("type_uid", typeUid);
        event.put("severity_id", severityId);
        event.put("status", status == null ? null
                : new GenericData.EnumSymbol(SCHEMA.getField("status").schema().getTypes().get(1), status));
        event.put("is_alert", isAlert);
        event.put("observables", observables);
        event.put("resources", resources);
        event.put("unmapped", unmapped);
        event.put("event_day", eventDay);
        event.put("raw_data", rawData == null ? null : ByteBuffer.wrap(rawData));
        event.put("risk_score", riskScore);
        event.put("confidence", confidence);
        event.put("amount", amount == null ? null : ByteBuffer.wrap(amount.unscaledValue().toByteArray()));
        return event;
    }

    private static GenericRecord observable(String name, Integer typeId) {
        GenericRecord record = new GenericData.Record(itemSchema("observables"));
        record.put("name", name);
        record.put("type_id", typeId);
        return record;
    }

    private static GenericRecord resource(String uid, List<String> labels) {
        GenericRecord record = new GenericData.Record(itemSchema("resources"));
        record.put("uid", uid);
        record.put("labels", labels);
        return record;
    }

    private static Schema itemSchema(String listField) {
        return SCHEMA.getField(listField).schema().getTypes().get(1).getElementType();
    }

    private static Map<String, String> map(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Many simple rows for chunking tests: row i has {@code seq = i}. */
    static final Schema SEQUENCE_SCHEMA = new Schema.Parser().parse("""
        {"type": "record", "name": "seq_event", "fields": [
          {"name": "seq", "type": "int"}, {"name": "message", "type": "string"},
          {"name": "tags", "type": {"type": "array", "items": "string"}}]}""");

    static List<GenericRecord> sequence(int rows) {
        List<GenericRecord> records = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            GenericRecord record = new GenericData.Record(SEQUENCE_SCHEMA);
            record.put("seq", i);
            record.put("message", "event number " + i + " with some padding to fill pages " + "x".repeat(40));
            record.put("tags", List.of("t" + i, "u" + (i % 7)));
            records.add(record);
        }
        return records;
    }
}

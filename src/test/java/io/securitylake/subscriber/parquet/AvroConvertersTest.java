package io.securitylake.subscriber.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class AvroConvertersTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
        {"type": "record", "name": "r", "fields": [
          {"name": "either", "type": ["null", "int", "string"]},
          {"name": "id", "type": {"type": "fixed", "name": "id16", "size": 16, "logicalType": "uuid"}},
          {"name": "price", "type": {"type": "fixed", "name": "dec", "size": 4, "logicalType": "decimal", "precision": 8, "scale": 3}},
          {"name": "hash", "type": {"type": "fixed", "name": "h2", "size": 2}},
          {"name": "labels", "type": {"type": "map", "values": ["null", "string"]}},
          {"name": "counts", "type": {"type": "array", "items": ["null", "long"]}},
          {"name": "nested", "type": {"type": "record", "name": "n", "fields": [
            {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "i", "fields": [
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}}}]}}
        ]}""");

    private final RecordConverter converter = AvroConverters.forRecord(SCHEMA);

    @Test
    @SuppressWarnings("unchecked")
    void unionsFixedValuesAndNullsInsideCollectionsConvert() {
        GenericRecord record = record(new Utf8("text"), List.of());
        record.put("labels", new java.util.HashMap<>(Map.of(new Utf8("k"), new Utf8("v"))));
        ((Map<Object, Object>) record.get("labels")).put(new Utf8("none"), null);
        record.put("counts", Arrays.asList(1L, null, 3L));

        Map<String, Object> map = converter.toMap(record);

        assertThat(map.get("either")).isEqualTo("text");
        assertThat(map.get("id")).isEqualTo("00000000-0000-0001-0000-000000000002");
        assertThat(map.get("price")).isEqualTo(new BigDecimal("1.234"));
        assertThat(map.get("hash")).isEqualTo("AQI=");
        assertThat((Map<String, Object>) map.get("labels")).containsEntry("k", "v").containsEntry("none", null);
        assertThat(map.get("counts")).isEqualTo(Arrays.asList(1L, null, 3L));
        assertThat(converter.toMap(record(7, List.of())).get("either")).isEqualTo(7);
    }

    @Test
    void aValueOfTheWrongTypeNamesTheFieldPath() {
        GenericRecord item = new GenericData.Record(SCHEMA.getField("nested").schema().getField("items").schema().getElementType());
        item.put("at", "not a long");

        assertThatThrownBy(() -> converter.toMap(record(1, List.of(item))))
                .isInstanceOf(FieldConversionException.class)
                .extracting(e -> ((FieldConversionException) e).path()).isEqualTo("nested.items[].at");
    }

    @Test
    void rowsThatAreNotRecordsAreRejected() {
        assertThatThrownBy(() -> AvroConverters.forRecord(Schema.create(Schema.Type.STRING)))
                .hasMessageContaining("not records");
    }

    private static GenericRecord record(Object either, List<GenericRecord> items) {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("either", either);
        ByteBuffer uuid = ByteBuffer.allocate(16).putLong(1).putLong(2);
        record.put("id", new GenericData.Fixed(SCHEMA.getField("id").schema(), uuid.array()));
        record.put("price", new GenericData.Fixed(SCHEMA.getField("price").schema(), new byte[] {0, 0, 4, (byte) 210}));
        record.put("hash", new GenericData.Fixed(SCHEMA.getField("hash").schema(), new byte[] {1, 2}));
        record.put("labels", Map.of());
        record.put("counts", List.of());
        GenericRecord nested = new GenericData.Record(SCHEMA.getField("nested").schema());
        nested.put("items", items);
        record.put("nested", nested);
        return record;
    }
}

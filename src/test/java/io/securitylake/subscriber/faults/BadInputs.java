package io.securitylake.subscriber.faults;

import io.securitylake.subscriber.parquet.ParquetTestFiles;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Broken objects and odd notification bodies, as a deployment meets them. */
final class BadInputs {

    private BadInputs() {
    }

    static byte[] truncated(Path goodParquet) {
        byte[] bytes = read(goodParquet);
        return Arrays.copyOf(bytes, bytes.length / 2);
    }

    static byte[] wrongMagic(Path goodParquet) {
        byte[] bytes = read(goodParquet);
        System.arraycopy("NOPE".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 4);
        System.arraycopy("NOPE".getBytes(StandardCharsets.US_ASCII), 0, bytes, bytes.length - 4, 4);
        return bytes;
    }

    /** A valid Parquet file with {@code rows} distinct rows and not one OCSF field. */
    static Path notOcsf(Path file, int rows) {
        Schema schema = new Schema.Parser().parse("""
                {"type":"record","name":"inventory","fields":[
                 {"name":"sku","type":"string"},{"name":"count","type":"long"}]}""");
        List<GenericRecord> records = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            GenericData.Record r = new GenericData.Record(schema);
            r.put("sku", "sku-" + i);
            r.put("count", (long) i);
            records.add(r);
        }
        return ParquetTestFiles.avro(schema).write(file, records);
    }

    /** OCSF rows whose third row holds a time of day that no clock shows (100,000 s): it cannot be converted. */
    static Path unconvertibleRow(Path file) {
        Schema schema = new Schema.Parser().parse("""
                {"type":"record","name":"event","fields":[
                 {"name":"class_uid","type":"int"},{"name":"time","type":"long"},
                 {"name":"metadata","type":{"type":"record","name":"metadata","fields":[{"name":"uid","type":"string"}]}},
                 {"name":"start_of_shift","type":{"type":"int","logicalType":"time-millis"}}]}""");
        List<GenericRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            GenericData.Record r = new GenericData.Record(schema);
            r.put("class_uid", 3002);
            r.put("time", 1_732_752_000_000L + i);
            GenericData.Record metadata = new GenericData.Record(schema.getField("metadata").schema());
            metadata.put("uid", "bad-row-" + file.getFileName() + "-" + i);
            r.put("metadata", metadata);
            r.put("start_of_shift", i == 2 ? 100_000_000 : 8 * 3_600_000);
            records.add(r);
        }
        return ParquetTestFiles.avro(schema).write(file, records);
    }

    /** An S3 {@code Records[]} notification of the keys, URL-encoded as S3 sends them. */
    static String records(List<String> keys, int padTo) {
        StringBuilder records = new StringBuilder();
        for (String key : keys) {
            if (records.length() > 0) {
                records.append(',');
            }
            records.append("""
                    {"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put",
                     "eventTime":"2026-11-28T00:00:00.000Z","s3":{"bucket":{"name":"%s"},"object":{"key":"%s","size":1}}}"""
                    .formatted(LakeTestStack.BUCKET, URLEncoder.encode(key, StandardCharsets.UTF_8)));
        }
        String body = "{\"Records\":[" + records + "]}";
        if (padTo > body.length()) {
            body = "{\"Records\":[" + records + "],\"padding\":\"" + "x".repeat(padTo - body.length() - 14) + "\"}";
        }
        return body;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

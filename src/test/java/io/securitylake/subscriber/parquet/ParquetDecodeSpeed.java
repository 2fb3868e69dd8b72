package io.securitylake.subscriber.parquet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Not a test: run {@code main} to measure decode speed on one thread (rows per second, ZSTD, OCSF-like rows). */
public final class ParquetDecodeSpeed {

    private ParquetDecodeSpeed() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        List<GenericRecord> sample = OcsfLikeEvents.records();
        List<GenericRecord> records = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            records.add(sample.get(i % sample.size()));
        }
        Path file = Files.createTempFile("speed", ".parquet");
        try {
            ParquetTestFiles.avro(OcsfLikeEvents.SCHEMA).codec(CompressionCodecName.ZSTD).legacyLists(true).write(file, records);
            records.clear();
            ParquetEventReader reader = new ParquetEventReader();
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                long count = 0;
                try (EventChunks chunks = reader.open(file, 1000)) {
                    while (chunks.hasNext()) {
                        count += chunks.next().size();
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("round %d: %d rows in %.2f s = %.0f rows/s%n", round, count, seconds, count / seconds);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

package io.securitylake.subscriber.backfill;

import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A lake's history for backfill tests: tiny Parquet objects (a few events each) written straight to a bucket of
 * the embedded S3, under the keys Security Lake gives them, in each layout: native 2.0, native 1.0, and custom
 * sources under {@code ext/} (one of them with lower-case partition names).
 */
public final class LakeHistory {

    private static final AtomicLong SEED = new AtomicLong(System.nanoTime());

    /** An object written: its key and how many events it holds. */
    public record Written(String key, int events) {
    }

    /** Security Lake 1.0 keeps its version folder {@code 1.0} and the source names of its time. */
    public enum Layout { NATIVE_2_0, NATIVE_1_0, CUSTOM }

    private final String bucket;
    private final Path dir;

    public LakeHistory(String bucket, Path dir) {
        this.bucket = bucket;
        this.dir = dir;
        LakeTestStack.lake().createBucket(bucket);
    }

    public String bucket() {
        return bucket;
    }

    /** {@code count} objects of {@code events} events each, of one source, account and event day. */
    public List<Written> write(DemoSource source, Layout layout, String account, String region, LocalDate day, int count,
                        int events) {
        List<Written> written = new ArrayList<>();
        try {
            Path file = Files.createTempFile(dir, "object", ".parquet");
            for (int i = 0; i < count; i++) {
                long seed = SEED.incrementAndGet();
                DemoLake.write(file, source, account, region, day, events, seed,
                        DemoLake.Options.defaults().withCodec(CompressionCodecName.SNAPPY));
                String key = source.key(account, region, day, seed);
                if (layout == Layout.NATIVE_1_0) {
                    key = key.replace("/2.0/", "/1.0/");
                }
                put(key, Files.readAllBytes(file));
                written.add(new Written(key, events));
            }
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    public void put(String key, byte[] bytes) {
        LakeTestStack.lake().s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    public static List<String> keys(List<Written> objects) {
        return objects.stream().map(Written::key).toList();
    }

    public static long events(List<Written> objects) {
        return objects.stream().mapToLong(Written::events).sum();
    }
}

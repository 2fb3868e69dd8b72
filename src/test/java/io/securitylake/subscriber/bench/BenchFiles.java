package io.securitylake.subscriber.bench;

import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmark's Parquet objects: the four-source mix (detections, process activity, API activity, network
 * activity) or the small-event set (network and DNS activity), ZSTD, written once to {@code dir} and reused by later runs (the same arguments give the same bytes).
 */
final class BenchFiles {

    static final String ACCOUNT = "111111111111";
    static final String REGION = "us-east-1";
    /** ~3.4 KB of JSON an event: detections, process activity, API activity, network activity. */
    static final DemoSource[] MIXED = {DemoSource.CROWDSTRIKE_DETECTIONS, DemoSource.CROWDSTRIKE_PROCESS,
            DemoSource.CLOUD_TRAIL_MGMT, DemoSource.VPC_FLOW};
    /** The lake's smallest events, ~1.2 KB as the lake holds them (~1.8 KB stored): VPC flow and DNS activity. */
    static final DemoSource[] SMALL = {DemoSource.VPC_FLOW, DemoSource.ROUTE53};

    /** One object: its lake key, its local file, how many events it holds. */
    record BenchObject(String key, Path file, int events) {

        long bytes() {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private BenchFiles() {
    }

    /** {@code total} events of the mixed set in objects of {@code perObject}; seeds from {@code firstSeed}. */
    static List<BenchObject> mix(Path dir, long total, int perObject, long firstSeed) throws Exception {
        return of(MIXED, dir, total, perObject, firstSeed);
    }

    /** {@code total} events in objects of {@code perObject}, the sources in turn; seeds from {@code firstSeed}. */
    static List<BenchObject> of(DemoSource[] sources, Path dir, long total, int perObject, long firstSeed)
            throws Exception {
        Files.createDirectories(dir);
        List<BenchObject> objects = new ArrayList<>();
        int i = 0;
        for (long left = total; left > 0; left -= perObject, i++) {
            DemoSource source = sources[i % sources.length];
            long seed = firstSeed + i;
            int events = (int) Math.min(perObject, left);
            String key = source.key(ACCOUNT, REGION, DemoLake.DEFAULT_DAY, seed);
            objects.add(new BenchObject(key, dir.resolve("%s-%d-%d.parquet".formatted(source, events, seed)), events));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int n = 0; n < objects.size(); n++) {
                BenchObject object = objects.get(n);
                DemoSource source = sources[n % sources.length];
                long seed = firstSeed + n;
                if (!Files.exists(object.file())) {
                    writes.add(pool.submit(() -> write(object, source, seed)));
                }
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdown();
        }
        return objects;
    }

    /** Writes beside the target and renames, so an interrupted run never leaves a truncated object behind. */
    private static Void write(BenchObject object, DemoSource source, long seed) throws IOException {
        Path partial = object.file().resolveSibling(object.file().getFileName() + ".partial");
        DemoLake.write(partial, source, ACCOUNT, REGION, DemoLake.DEFAULT_DAY, object.events(), seed,
                DemoLake.Options.defaults());
        Files.move(partial, object.file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return null;
    }
}

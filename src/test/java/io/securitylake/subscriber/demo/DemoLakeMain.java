package io.securitylake.subscriber.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes a demo lake to a folder, laid out by object key, and reports the write speed:
 * {@code DemoLakeMain <folder> [events per source=10000] [account=123456789012] [region=us-east-1]
 * [codec=ZSTD] [seed=1]}. Run it from the IDE or with the test class path.
 */
public final class DemoLakeMain {

    private DemoLakeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: DemoLakeMain <folder> [events] [account] [region] [codec] [seed]");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        String account = args.length > 2 ? args[2] : "123456789012";
        String region = args.length > 3 ? args[3] : "us-east-1";
        CompressionCodecName codec = CompressionCodecName.valueOf(args.length > 4 ? args[4] : "ZSTD");
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 1L;
        LocalDate day = DemoLake.DEFAULT_DAY;
        for (DemoSource source : DemoSource.values()) {
            String key = source.key(account, region, day, seed);
            Path file = root.resolve(key);
            Files.createDirectories(file.getParent());
            long start = System.nanoTime();
            long bytes = DemoLake.write(file, source, account, region, day, events, seed,
                    DemoLake.Options.defaults().withCodec(codec));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s  %,d events  %,d bytes  %,.0f events/s%n", key, events, bytes, events / seconds);
        }
    }
}

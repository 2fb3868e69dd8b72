package io.securitylake.subscriber.bench;

import io.securitylake.subscriber.LakeExchange;
import io.securitylake.subscriber.SettingsFactory;
import io.securitylake.subscriber.ingest.IngestSettings;
import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.ingest.ObjectSpool;
import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import io.securitylake.subscriber.parquet.SpooledFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.springframework.mock.env.MockEnvironment;

/**
 * What keeping the spool encrypted costs: spool and decode one object in plain (a copy to disk, then Parquet) and
 * encrypted (the service's ObjectSpool), in alternating rounds in one JVM; prints each round and the ratio of the
 * medians. Not a test: {@code java -cp ... io.securitylake.subscriber.bench.SpoolCost [events] [rounds]}.
 */
public final class SpoolCost {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path dir = Files.createTempDirectory("spool-cost");
        Path object = dir.resolve("object.parquet");
        DemoLake.write(object, DemoSource.CLOUD_TRAIL_MGMT, "111111111111", "us-east-1", events, 1);
        MockEnvironment env = new MockEnvironment().withProperty("lake.ingest.spool-dir", dir.resolve("spool").toString());
        ObjectSpool spool = new ObjectSpool(SettingsFactory.bind(IngestSettings.class, env));
        ParquetEventReader reader = new ParquetEventReader();
        long[] plain = new long[rounds];
        long[] encrypted = new long[rounds];
        for (int i = -2; i < rounds; i++) { // two rounds of warm-up
            long t0 = System.nanoTime();
            Path copy = dir.resolve("plain.parquet");
            try (InputStream in = Files.newInputStream(object)) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            long n1 = count(reader, SpooledFile.plain(copy));
            long t1 = System.nanoTime();
            Exchange exchange = new DefaultExchange(new DefaultCamelContext());
            long n2;
            try (InputStream in = Files.newInputStream(object)) {
                n2 = count(reader, spool.spool(in, exchange));
            }
            spool.release(exchange.getProperty(LakeExchange.SPOOL_FILE, Path.class));
            long t2 = System.nanoTime();
            if (n1 != events || n2 != events) {
                throw new IllegalStateException("read " + n1 + " and " + n2 + " of " + events);
            }
            if (i >= 0) {
                plain[i] = t1 - t0;
                encrypted[i] = t2 - t1;
                System.out.printf("round %d: plain %.0f ms, encrypted %.0f ms%n", i, plain[i] / 1e6, encrypted[i] / 1e6);
            }
        }
        java.util.Arrays.sort(plain);
        java.util.Arrays.sort(encrypted);
        System.out.printf("object %d bytes, %d events; median plain %.0f ms, encrypted %.0f ms, ratio %.3f%n",
                Files.size(object), events, plain[rounds / 2] / 1e6, encrypted[rounds / 2] / 1e6,
                (double) encrypted[rounds / 2] / plain[rounds / 2]);
    }

    private static long count(ParquetEventReader reader, SpooledFile file) {
        long n = 0;
        try (EventChunks chunks = reader.open(file, 1000)) {
            while (chunks.hasNext()) {
                n += chunks.next().size();
            }
        }
        return n;
    }
}

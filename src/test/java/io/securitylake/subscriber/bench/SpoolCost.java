package io.securitylake.subscriber.bench;

import io.securitylake.subscriber.ingest.IngestPlan;
import io.securitylake.subscriber.ingest.ObjectInFlight;
import io.securitylake.subscriber.notification.LakeKey;
import io.securitylake.subscriber.notification.LakeObject;
import io.securitylake.subscriber.ocsf.ObjectContext;
import java.time.Instant;
import java.util.Optional;
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
import org.springframework.mock.env.MockEnvironment;

/**
 * What keeping the spool encrypted costs: spool and decode one object in plain (a copy to disk, then Parquet) and
 * encrypted (the service's ObjectSpool), in alternating rounds in one JVM; prints each round and the ratio of the
 * medians. Not a test: {@code java -cp ... io.securitylake.subscriber.bench.SpoolCost [events] [rounds]}.
 */
public final class SpoolCost {

    /** The object as the ledger gives it to be read. */
    private static ObjectInFlight toRead(Path object) {
        String key = "aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=111111111111/eventDay=20261128/"
                + object.getFileName();
        LakeObject lakeObject = new LakeObject("bench", key, 1L, null, null);
        return new ObjectInFlight(new IngestPlan(IngestPlan.Action.INGEST, lakeObject, "bench"),
                new ObjectContext("bench", "bench", key, LakeKey.parse(key), Instant.now()), account -> Optional.empty());
    }

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
            ObjectInFlight inFlight = toRead(object);
            long n2;
            try (InputStream in = Files.newInputStream(object)) {
                n2 = count(reader, spool.spool(inFlight, in).spooled());
            }
            spool.release(inFlight);
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

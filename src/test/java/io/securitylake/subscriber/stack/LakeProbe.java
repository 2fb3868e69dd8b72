package io.securitylake.subscriber.stack;

import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.demo.DemoSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The test's own view of the embedded lake, straight to the servers (never through a service or a faulty
 * proxy): uploads demo objects, announces them, and reads the ledger, the tenant stores and the queues.
 */
public final class LakeProbe {

    private static final AtomicLong SEED = new AtomicLong(System.nanoTime());

    private final EmbeddedLake lake = LakeTestStack.lake();
    private final JdbcTemplate control = new JdbcTemplate(lake.postgres().getDatabase("postgres", "postgres"));
    private final JdbcTemplate acme = new JdbcTemplate(lake.postgres().getDatabase("postgres", "postgres"));
    private final JdbcTemplate globex = new JdbcTemplate(lake.postgres().getDatabase("postgres", "globex"));

    public JdbcTemplate control() {
        return control;
    }

    /** Writes a demo object of {@code events} rows to the bucket; returns its key. */
    public String upload(Path dir, DemoSource source, String account, int events, DemoLake.Options options) {
        return upload(dir, source, account, DemoLake.DEFAULT_DAY, events, options);
    }

    /** Writes a demo object of {@code events} rows whose events are of {@code day} to the bucket; returns its key. */
    public String upload(Path dir, DemoSource source, String account, LocalDate day, int events, DemoLake.Options options) {
        long seed = SEED.incrementAndGet();
        try {
            Path file = Files.createTempFile(dir, "object", ".parquet");
            DemoLake.write(file, source, account, "us-east-1", day, events, seed, options);
            String key = source.key(account, "us-east-1", LocalDate.now(), seed);
            LakeTestStack.putObject(key, file);
            Files.delete(file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String upload(Path dir, DemoSource source, String account, int events) {
        return upload(dir, source, account, events, DemoLake.Options.defaults().withCodec(CompressionCodecName.ZSTD));
    }

    public void send(String queueUrl, String body) {
        lake.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    public void announce(String queueUrl, String key) {
        send(queueUrl, LakeTestStack.objectCreated(key, 1));
    }

    public String status(String key) {
        List<String> s = control.queryForList("SELECT status FROM lake_objects WHERE object_key = ?", String.class, key);
        return s.isEmpty() ? null : s.get(0);
    }

    public String error(String key) {
        return control.queryForObject("SELECT error FROM lake_objects WHERE object_key = ?", String.class, key);
    }

    public int attempts(String key) {
        return control.queryForObject("SELECT attempts FROM lake_objects WHERE object_key = ?", Integer.class, key);
    }

    private JdbcTemplate store(String tenant) {
        return "globex".equals(tenant) ? globex : acme;
    }

    private String table(String tenant) {
        return "globex".equals(tenant) ? "tenant_globex.events" : "tenant_" + tenant + ".events";
    }

    /** Rows of the objects in the tenant's store (0 while the store is not migrated yet). */
    public long rows(String tenant, Collection<String> keys) {
        return count(tenant, "count(*)", keys);
    }

    /**
     * Generated events among the objects' rows, told apart by their own marker rather than by the store's key:
     * the producer's {@code metadata.uid}, or else the event as the lake held it (everything but {@code _lake}).
     * An event stored twice under two ids is one event here and two rows.
     */
    public long events(String tenant, Collection<String> keys) {
        return count(tenant, "count(DISTINCT coalesce(event->'metadata'->>'uid', md5((event - '_lake')::text)))", keys);
    }

    private long count(String tenant, String what, Collection<String> keys) {
        try {
            return store(tenant).queryForObject("SELECT " + what + " FROM " + table(tenant)
                    + " WHERE object_key = ANY (?)", Long.class, (Object) keys.toArray(String[]::new));
        } catch (org.springframework.jdbc.BadSqlGrammarException notMigratedYet) {
            return 0;
        }
    }

    /** Messages in the queue, visible or in flight. */
    public long depth(String queueUrl) {
        var attrs = lake.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings();
        return Long.parseLong(attrs.get("ApproximateNumberOfMessages"))
                + Long.parseLong(attrs.get("ApproximateNumberOfMessagesNotVisible"));
    }
}

package io.securitylake.subscriber.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.test.context.DynamicPropertyRegistry;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One embedded lake for every Spring test of a JVM (started on first use, stopped at exit), and the
 * configuration that points the service at it: tenant {@code acme} in a schema of the control database,
 * tenant {@code globex} in a database of its own, account {@link #UNCLAIMED} owned by nobody. Each Spring
 * context reads a queue of its own, so a message one context leaves behind never delays another's tests.
 */
public final class LakeTestStack {

    public static final String BUCKET = "aws-security-data-lake-us-east-1-test";
    public static final String ACME_ACCOUNT = "111111111111";
    public static final String ACME_ACCOUNT_2 = "111111111112";
    public static final String GLOBEX_ACCOUNT = "222222222222";
    public static final String UNCLAIMED = "999999999999";

    private static EmbeddedLake lake;
    private static final Map<String, String> QUEUES = new ConcurrentHashMap<>();
    private static Path spoolDir;

    private LakeTestStack() {
    }

    public static synchronized EmbeddedLake lake() {
        if (lake == null) {
            // a benchmark may keep PostgreSQL's data between runs (-Dbench.pg-dir), e.g. a large tenant filled once
            String pgDir = System.getProperty("bench.pg-dir");
            lake = EmbeddedLake.start(pgDir == null || pgDir.isBlank() ? null : java.nio.file.Path.of(pgDir));
            lake.createBucket(BUCKET);
            lake.createDatabase("globex");
            try {
                spoolDir = java.nio.file.Files.createTempDirectory("lake-test-spool");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(lake::close));
        }
        return lake;
    }

    /** The URL of the named queue of the embedded SQS, created on first use. */
    public static String queueUrl(String queue) {
        EmbeddedLake l = lake();
        return QUEUES.computeIfAbsent(queue,
                q -> l.createQueue(q, Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30")));
    }

    /** Where the service under test spools objects; empty whenever no object is being read. */
    public static Path spoolDir() {
        lake();
        return spoolDir;
    }

    /**
     * A database of its own on the embedded server, migrated as a control database (ledger, claims, rejected
     * messages), for tests of one stage without a Spring context.
     */
    public static DataSource controlDatabase(String name) {
        lake().createDatabase(name);
        DataSource dataSource = lake().postgres().getDatabase("postgres", name);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/control").load().migrate();
        return dataSource;
    }

    /**
     * A connection to a tenant schema of the embedded control database, migrated like the service migrates a
     * tenant store (up to {@code target}, or the latest when null), with the schema as its search path.
     */
    public static java.sql.Connection tenantSchema(String schema, String target) throws java.sql.SQLException {
        String url = lake().jdbcUrl("postgres");
        var flyway = Flyway.configure().dataSource(url, "postgres", "").schemas(schema).locations("classpath:db/tenant");
        if (target != null) {
            flyway.target(target);
        }
        flyway.load().migrate();
        java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
        c.setSchema(schema);
        return c;
    }

    /**
     * A tenant schema of the embedded control database, migrated to the latest like the service migrates a tenant
     * store, as a data source whose connections have the schema as their search path.
     */
    public static org.postgresql.ds.PGSimpleDataSource tenantStore(String schema) {
        String url = lake().jdbcUrl("postgres");
        Flyway.configure().dataSource(url, "postgres", "").schemas(schema).locations("classpath:db/tenant").load().migrate();
        org.postgresql.ds.PGSimpleDataSource db = new org.postgresql.ds.PGSimpleDataSource();
        db.setUrl(url);
        db.setUser("postgres");
        db.setCurrentSchema(schema);
        return db;
    }

    /** The service's settings for the embedded lake, reading the named queue (one per Spring context). */
    public static void register(DynamicPropertyRegistry registry, String queue) {
        EmbeddedLake l = lake();
        registry.add("lake.queue-url", () -> queueUrl(queue));
        registry.add("lake.ingest.spool-dir", () -> spoolDir().toString());
        // the queue's own visibility timeout: a duplicate that met another reader's lease is back within 30 s
        registry.add("lake.ingest.visibility-timeout", () -> "30");
        registry.add("lake.aws.sqs-endpoint", () -> l.sqsEndpoint().toString());
        registry.add("lake.aws.s3-endpoint", () -> l.s3Endpoint().toString());
        registry.add("spring.datasource.url", () -> l.jdbcUrl("postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("lake.tenants.acme.accounts", () -> ACME_ACCOUNT + "," + ACME_ACCOUNT_2);
        registry.add("lake.tenants.globex.accounts", () -> GLOBEX_ACCOUNT);
        // test events carry the dates of real and generated lake data, years back: keep them all
        registry.add("lake.tenants.acme.retention-days", () -> "36500");
        registry.add("lake.tenants.globex.retention-days", () -> "36500");
        registry.add("lake.tenants.globex.datasource.url", () -> l.jdbcUrl("globex"));
        registry.add("lake.tenants.globex.datasource.username", () -> "postgres");
        registry.add("lake.tenants.globex.datasource.password", () -> "");
        // every cached test context shares the control database and lives on: a context without the alerting tests'
        // destinations would sweep their deliveries that wait for a retry and fail them as no longer configured.
        // Only AlertTestSupport's context sweeps (it sets its own interval after this one).
        registry.add("lake.alerting.sweep-interval", () -> "1h");
        System.setProperty("aws.accessKeyId", EmbeddedLake.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", EmbeddedLake.SECRET_KEY);
    }

    public static void putObject(String key, Path file) {
        lake().s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromFile(file));
    }

    public static void putObject(String key, byte[] bytes) {
        lake().s3().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    /** An EventBridge "Object Created" body as Security Lake sends it, notified now. */
    public static String objectCreated(String key, long size) {
        return """
                {"source":"aws.s3","time":"%s","account":"123456789012","region":"us-east-1",
                 "resources":["arn:aws:s3:::%s"],"detail":{"bucket":{"name":"%s"},
                 "object":{"key":"%s","size":%d,"etag":"e"},"request-id":"r","requester":"securitylake.amazonaws.com"}}"""
                .formatted(Instant.now(), BUCKET, BUCKET, key.replace("\"", "\\\""), size);
    }

    /** Waits until the condition holds; fails the test after the timeout. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }
}

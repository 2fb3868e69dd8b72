package io.securitylake.subscriber.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The real protocols the service talks to, in-process: ElasticMQ (SQS), S3Proxy (S3) and an
 * embedded PostgreSQL server. Used by the integration tests, the local run and the benchmark.
 */
public final class EmbeddedLake implements AutoCloseable {

    public static final String ACCESS_KEY = "lake-local";
    public static final String SECRET_KEY = "lake-local-secret";
    public static final String REGION = "us-east-1";
    private static final Duration S3PROXY_START = Duration.ofSeconds(30);

    private final SQSRestServer sqsServer;
    private final S3Proxy s3Proxy;
    private final EmbeddedPostgres postgres;
    private final URI sqsEndpoint;
    private final URI s3Endpoint;
    private final SqsClient sqs;
    private final S3Client s3;

    private EmbeddedLake(SQSRestServer sqsServer, URI sqsEndpoint, S3Proxy s3Proxy, URI s3Endpoint,
                         EmbeddedPostgres postgres) {
        this.sqsServer = sqsServer;
        this.sqsEndpoint = sqsEndpoint;
        this.s3Proxy = s3Proxy;
        this.s3Endpoint = s3Endpoint;
        this.postgres = postgres;
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
        this.sqs = SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.of(REGION))
                .credentialsProvider(credentials).build();
        this.s3 = S3Client.builder().endpointOverride(s3Endpoint).region(Region.of(REGION))
                .forcePathStyle(true).credentialsProvider(credentials).build();
    }

    /** Starts the three servers on free loopback ports; PostgreSQL keeps its data in {@code pgDir} when given. */
    public static EmbeddedLake start(Path pgDir) {
        try {
            int sqsPort = freePort();
            SQSRestServer sqsServer = SQSRestServerBuilder.withPort(sqsPort).withInterface("127.0.0.1").start();
            sqsServer.waitUntilStarted();

            Properties props = new Properties();
            URI s3Endpoint = URI.create("http://127.0.0.1:" + freePort());
            S3Proxy s3Proxy = S3Proxy.builder()
                    .blobStore(BlobStores.create("transient", props))
                    .endpoint(s3Endpoint)
                    .awsAuthentication(org.gaul.s3proxy.auth.AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            s3Proxy.start();
            long deadline = System.nanoTime() + S3PROXY_START.toNanos();
            while (!"STARTED".equals(s3Proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start within " + S3PROXY_START
                            + " (state " + s3Proxy.getState() + ")");
                }
                Thread.sleep(10);
            }

            EmbeddedPostgres.Builder pg = EmbeddedPostgres.builder().setPort(freePort())
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off");
            if (Boolean.getBoolean("bench.pg-statements")) { // the benchmark's statement profile (PgWork)
                pg.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            if (pgDir != null) {
                pg.setDataDirectory(pgDir).setCleanDataDirectory(false);
            }
            return new EmbeddedLake(sqsServer, URI.create("http://127.0.0.1:" + sqsPort), s3Proxy, s3Endpoint, pg.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("embedded lake did not start", e);
        }
    }

    public static EmbeddedLake start() {
        return start(null);
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    public URI s3Endpoint() {
        return s3Endpoint;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public S3Client s3() {
        return s3;
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    /** JDBC URL of a database on the embedded server. */
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    /** Creates a queue (attributes such as visibility timeout or redrive policy optional) and returns its URL. */
    public String createQueue(String name, Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    public void createBucket(String bucket) {
        s3.createBucket(b -> b.bucket(bucket));
    }

    /** Creates a database on the embedded server unless it exists (for database-per-tenant tenants). */
    public void createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("database name " + name);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        sqs.close();
        s3.close();
        sqsServer.stopAndWait();
        try {
            s3Proxy.stop();
            postgres.close();
        } catch (Exception e) {
            throw new IllegalStateException("embedded lake did not stop cleanly", e);
        }
    }
}

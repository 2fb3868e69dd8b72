package io.securitylake.subscriber.faults;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT_2;
import static io.securitylake.subscriber.stack.LakeTestStack.GLOBEX_ACCOUNT;

import io.securitylake.subscriber.stack.EmbeddedLake;
import io.securitylake.subscriber.stack.LakeTestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The shared embedded lake seen through faulty proxies: a queue of the test's own (optionally with a
 * dead-letter queue), PostgreSQL and S3 behind {@link FaultyProxy}s, and the service settings that point at
 * them, for an in-process Spring context or for a child JVM. Registered as a test class's static extension
 * ({@code @RegisterExtension}), it closes its proxies after the class's tests.
 */
public final class FaultStack implements AutoCloseable, AfterAllCallback {

    private static final AtomicInteger QUEUES = new AtomicInteger();

    public final EmbeddedLake lake = LakeTestStack.lake();
    public final FaultyProxy postgres = new FaultyProxy("127.0.0.1", lake.postgres().getPort());
    public final FaultyProxy s3 = new FaultyProxy("127.0.0.1", lake.s3Endpoint().getPort());
    public final FaultyProxy sqs = new FaultyProxy("127.0.0.1", lake.sqsEndpoint().getPort());
    public final String queueUrl;
    public final String deadLetterQueueUrl;
    public final Path spoolDir;

    /** visibility timeout in seconds; maxReceiveCount &gt; 0 adds a dead-letter queue with that redrive policy. */
    public FaultStack(String name, int visibilityTimeout, int maxReceiveCount) {
        String queue = name + "-" + QUEUES.incrementAndGet() + "-" + ProcessHandle.current().pid();
        Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(visibilityTimeout));
        if (maxReceiveCount > 0) {
            deadLetterQueueUrl = lake.createQueue(queue + "-dlq", Map.of());
            String arn = lake.sqs().getQueueAttributes(b -> b.queueUrl(deadLetterQueueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            attributes.put(QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"%s\",\"maxReceiveCount\":\"%d\"}".formatted(arn, maxReceiveCount));
        } else {
            deadLetterQueueUrl = null;
        }
        queueUrl = lake.createQueue(queue, attributes);
        try {
            spoolDir = Files.createTempDirectory("lake-fault-spool");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JDBC URL of a database through the PostgreSQL proxy. */
    public String proxiedJdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database + "?user=postgres";
    }

    /** The service's settings: SQS, S3 and PostgreSQL through the proxies; a received message
     * reappears 5 s after its consumer died or failed. */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("lake.queue-url", queueUrl);
        s.put("lake.ingest.spool-dir", spoolDir.toString());
        s.put("lake.ingest.visibility-timeout", "5");
        s.put("lake.aws.s3-read-timeout", "3s");
        s.put("lake.aws.sqs-endpoint", "http://127.0.0.1:" + sqs.port());
        s.put("lake.aws.s3-endpoint", "http://127.0.0.1:" + s3.port());
        s.put("spring.datasource.url", proxiedJdbcUrl("postgres"));
        s.put("spring.datasource.username", "postgres");
        s.put("spring.datasource.password", "");
        s.put("spring.datasource.hikari.connection-timeout", "3000");
        s.put("lake.tenants.acme.accounts", ACME_ACCOUNT + "," + ACME_ACCOUNT_2);
        s.put("lake.tenants.globex.accounts", GLOBEX_ACCOUNT);
        // generated events carry a fixed past day: keep them all
        s.put("lake.tenants.acme.retention-days", "36500");
        s.put("lake.tenants.globex.retention-days", "36500");
        s.put("lake.tenants.globex.datasource.url", proxiedJdbcUrl("globex"));
        s.put("lake.tenants.globex.datasource.username", "postgres");
        s.put("lake.tenants.globex.datasource.password", "");
        s.put("aws.accessKeyId", EmbeddedLake.ACCESS_KEY);
        s.put("aws.secretAccessKey", EmbeddedLake.SECRET_KEY);
        return s;
    }

    public void register(DynamicPropertyRegistry registry) {
        settings().forEach((k, v) -> registry.add(k, () -> v));
        System.setProperty("aws.accessKeyId", EmbeddedLake.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", EmbeddedLake.SECRET_KEY);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        postgres.close();
        s3.close();
        sqs.close();
    }
}

package io.securitylake.subscriber.ingest;

import io.securitylake.subscriber.SettingsFactory;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ingestion tuning. Memory cost is about {@code consumers × chunkSize × (decoded event size)}:
 * with 2 consumers and 1000-event chunks of ~3 KB events, well under 100 MB of heap.
 *
 * @param consumers          SQS messages processed at once
 * @param chunkSize          events per database batch
 * @param visibilityTimeout  seconds a received message stays invisible; extended while work goes on
 * @param spoolDir           where S3 objects are spooled while read (default: the system temp folder)
 * @param tenantPoolSize     connections per tenant store
 */
@ConfigurationProperties("lake.ingest")
public record IngestSettings(@DefaultValue("2") int consumers,
                             @DefaultValue("1000") int chunkSize,
                             @DefaultValue("1") int messagesPerPoll,
                             @DefaultValue("300") int visibilityTimeout,
                             Path spoolDir,
                             @DefaultValue("4") int tenantPoolSize) {

    /** The defaults but for the settings given, each name (after {@code lake.ingest.}) then its value: for tests. */
    public static IngestSettings of(Object... nameValues) {
        return SettingsFactory.bind(IngestSettings.class, nameValues);
    }
}

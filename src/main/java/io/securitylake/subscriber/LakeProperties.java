package io.securitylake.subscriber;

import java.net.URI;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code lake.*} setting, and the only home of their defaults: routes read them as {@code {{lake.x}}}
 * placeholders without a default of their own (see {@link TypedPlaceholders}), Java takes this record. Each one is
 * also settable by environment variable (Spring relaxed binding), e.g. {@code LAKE_QUEUE_URL},
 * {@code LAKE_INGEST_CHUNK_SIZE}. docs/configuration.md lists them all (a test holds it to this record).
 *
 * @param routesDir    folder of the {@code *.camel.yaml} routes; absent: {@code ./routes} if present, else the jar's copy
 * @param routesReload reload a route file when it changes, without a restart
 */
@ConfigurationProperties("lake")
public record LakeProperties(
        String queueUrl,
        @DefaultValue Aws aws,
        Map<String, Tenant> tenants,
        @DefaultValue Ingest ingest,
        @DefaultValue Admin admin,
        @DefaultValue Operator operator,
        @DefaultValue Api api,
        @DefaultValue Ops ops,
        @DefaultValue Store store,
        Path routesDir,
        @DefaultValue("false") boolean routesReload,
        @DefaultValue Rules rules,
        @DefaultValue Incidents incidents) {

    public LakeProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }

    /** Keys of the admin API (tenants, account claims, replay); plaintext or {@code sha256:<hex>}. */
    public record Admin(List<String> apiKeys) {

        public Admin {
            apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        }
    }

    /** HTTP Basic credentials for {@code /actuator/**}; unset: only the health probes answer. */
    public record Operator(String username, String password) {
    }

    /**
     * REST API settings.
     *
     * @param clientCertificates client certificate subject (full RFC 2253 DN, or CN) → tenant, for mTLS clients
     * @param cursorSecret       HMAC secret of paging cursors; unset: random per start (set it when running replicas)
     */
    public record Api(Map<String, String> clientCertificates, String cursorSecret) {

        public Api {
            clientCertificates = clientCertificates == null ? Map.of() : Map.copyOf(clientCertificates);
        }
    }

    /**
     * Where SQS and S3 are; endpoints only for emulators (S3 is then addressed path-style).
     *
     * @param s3ReadTimeout an S3 request or download that gets no byte for this long fails (and is retried)
     * @param maxAttempts   attempts per SQS or S3 request, with exponential backoff and jitter between them
     */
    public record Aws(@DefaultValue("us-east-1") String region, URI endpoint, URI sqsEndpoint, URI s3Endpoint,
                      @DefaultValue("30s") Duration s3ReadTimeout, @DefaultValue("4") int maxAttempts) {

        public URI sqsEndpointOrDefault() {
            return sqsEndpoint != null ? sqsEndpoint : endpoint;
        }

        public URI s3EndpointOrDefault() {
            return s3Endpoint != null ? s3Endpoint : endpoint;
        }
    }

    /**
     * One tenant: the AWS accounts whose data it owns, and optionally a database of its own
     * (absent: schema {@code tenant_<id>} in the control database).
     *
     * @param retentionDays days of events kept: older days' partitions are dropped, and older events that arrive
     *                      late are skipped and counted
     */
    public record Tenant(List<String> accounts, TenantDataSource datasource, List<String> apiKeys,
                         @DefaultValue("90") int retentionDays) {

        public Tenant {
            accounts = accounts == null ? List.of() : List.copyOf(accounts);
            apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        }
    }

    /** Connection settings of a tenant's own database. */
    public record TenantDataSource(String url, String username, String password) {
    }

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
    public record Ingest(@DefaultValue("2") int consumers,
                         @DefaultValue("1000") int chunkSize,
                         @DefaultValue("1") int messagesPerPoll,
                         @DefaultValue("300") int visibilityTimeout,
                         Path spoolDir,
                         @DefaultValue("4") int tenantPoolSize) {
    }

    /**
     * Sigma detection rules, evaluated on every stored chunk.
     *
     * @param dir         folder of the {@code *.yml} rules; absent: {@code ./rules} if present, else the jar's starter pack
     * @param maxPerChunk detections one rule may raise from one tenant's share of a chunk; more are dropped and counted
     * @param reloadInterval how often a rules folder is checked for added, changed or removed files; 0: never
     */
    public record Rules(Path dir, @DefaultValue("1000") int maxPerChunk, @DefaultValue("10s") Duration reloadInterval) {
    }

    /**
     * Health checks and the queue gauges.
     *
     * @param healthTimeout     longest a readiness check of one dependency may take before it counts as DOWN
     * @param healthBucket      bucket the S3 check asks HeadBucket of; absent: ListBuckets (any S3 answer is UP)
     * @param queuePollInterval how often the queue's message counts are read for the SQS gauges
     */
    public record Ops(@DefaultValue("3s") Duration healthTimeout,
                      String healthBucket,
                      @DefaultValue("15s") Duration queuePollInterval) {
    }

    /**
     * Upkeep of the tenants' events tables.
     *
     * @param maintenanceInterval how often the daily partitions are made ahead and expired ones dropped
     * @param partitionsAhead     days after today whose partitions are made ahead
     */
    public record Store(@DefaultValue("1h") Duration maintenanceInterval, @DefaultValue("3") int partitionsAhead) {
    }

    /**
     * Correlation of detections into incidents.
     *
     * @param window how far apart in event time two detections sharing an entity may be and still be one incident;
     *               also how long after its last detection a Resolved incident is reopened by a new one
     * @param minSeverityId detections of a lower severity_id (e.g. 1, Informational: a passed compliance check) join
     *               no incident
     */
    public record Incidents(@DefaultValue("24h") Duration window, @DefaultValue("2") int minSeverityId) {
    }
}

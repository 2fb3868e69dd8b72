package io.securitylake.subscriber;

import java.net.URI;
import java.time.Duration;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

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
        @DefaultValue Alerting alerting,
        @DefaultValue Backfill backfill,
        @DefaultValue Predictions predictions,
        @DefaultValue Hunts hunts,
        @DefaultValue Incidents incidents,
        @DefaultValue Intel intel,
        @DefaultValue Publishing publish) {

    @ConstructorBinding
    public LakeProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        publish = publish != null ? publish
                : new org.springframework.boot.context.properties.bind.Binder().bindOrCreate("lake.publish", Publishing.class);
        intel = intel != null ? intel
                : new org.springframework.boot.context.properties.bind.Binder().bindOrCreate("lake.intel", Intel.class);
        for (IntelFeed feed : intel.feeds()) {
            if (feed.tenant() != null && !tenants.containsKey(feed.tenant())) {
                throw new IllegalArgumentException("intel feed " + feed.name() + " names tenant " + feed.tenant()
                        + ", which is not configured (lake.tenants." + feed.tenant() + ")");
            }
        }
    }

    /** Without the publishing timer's settings (its defaults). */
    public LakeProperties(String queueUrl, Aws aws, Map<String, Tenant> tenants, Ingest ingest, Admin admin,
                          Operator operator, Api api, Ops ops, Store store, Path routesDir, boolean routesReload,
                          Rules rules, Alerting alerting, Backfill backfill, Predictions predictions, Hunts hunts,
                          Incidents incidents, Intel intel) {
        this(queueUrl, aws, tenants, ingest, admin, operator, api, ops, store, routesDir, routesReload, rules, alerting,
                backfill, predictions, hunts, incidents, intel, null);
    }

    /** Without the threat-intelligence settings (no feed). */
    public LakeProperties(String queueUrl, Aws aws, Map<String, Tenant> tenants, Ingest ingest, Admin admin,
                          Operator operator, Api api, Ops ops, Store store, Path routesDir, boolean routesReload,
                          Rules rules, Alerting alerting, Backfill backfill, Predictions predictions, Hunts hunts,
                          Incidents incidents) {
        this(queueUrl, aws, tenants, ingest, admin, operator, api, ops, store, routesDir, routesReload, rules, alerting,
                backfill, predictions, hunts, incidents, null, null);
    }

    /** Without the alerting, backfill and hunting settings (null), with the predictions' defaults: settings built by hand. */
    public LakeProperties(String queueUrl, Aws aws, Map<String, Tenant> tenants, Ingest ingest, Admin admin,
                          Operator operator, Api api, Ops ops, Store store, Path routesDir, boolean routesReload,
                          Rules rules) {
        this(queueUrl, aws, tenants, ingest, admin, operator, api, ops, store, routesDir, routesReload, rules, null, null,
                new org.springframework.boot.context.properties.bind.Binder()
                        .bindOrCreate("lake.predictions", Predictions.class), null, null);
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
                      @DefaultValue("30s") Duration s3ReadTimeout, @DefaultValue("4") int maxAttempts,
                      URI securitylakeEndpoint) {

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
     * @param alerts        where the tenant's new incidents and raised severities are sent (route {@code alert})
     * @param findingRetentionDays days the tenant's detections and its resolved or closed incidents are kept after
     *                      their last activity (route {@code partition-maintenance}); an open incident is kept
     * @param suppress      per rule uid, the tenant's suppression of that rule (over the rule file's own)
     * @param placeholders  the values of Sigma's placeholders ({@code %name%} of the {@code expand} modifier) for
     *                      this tenant, per name, comma-separated
     * @param publish       the tenant's publishing of its detections and incidents to Security Lake
     */
    public record Tenant(List<String> accounts, TenantDataSource datasource, List<String> apiKeys,
                         @DefaultValue("90") int retentionDays, List<AlertDestination> alerts,
                         @DefaultValue("365") int findingRetentionDays, Map<String, Suppress> suppress,
                         Map<String, String> placeholders, @DefaultValue TenantPublish publish) {

        @ConstructorBinding
        public Tenant {
            publish = publish != null ? publish : TenantPublish.OFF;
            accounts = accounts == null ? List.of() : List.copyOf(accounts);
            suppress = suppress == null ? Map.of() : Map.copyOf(suppress);
            placeholders = placeholders == null ? Map.of() : Map.copyOf(placeholders);
            apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
            alerts = alerts == null ? List.of() : List.copyOf(alerts);
            Set<String> names = new HashSet<>();
            for (AlertDestination destination : alerts) {
                if (!names.add(destination.name())) {
                    throw new IllegalArgumentException("alert destination " + destination.name()
                            + " is named twice; each destination of a tenant needs a name of its own");
                }
            }
        }

        /** Without alert destinations. */
        public Tenant(List<String> accounts, TenantDataSource datasource, List<String> apiKeys, int retentionDays) {
            this(accounts, datasource, apiKeys, retentionDays, null, 365, null, null, null);
        }

        /** Without placeholders and publishing. */
        public Tenant(List<String> accounts, TenantDataSource datasource, List<String> apiKeys, int retentionDays,
                      List<AlertDestination> alerts, int findingRetentionDays, Map<String, Suppress> suppress) {
            this(accounts, datasource, apiKeys, retentionDays, alerts, findingRetentionDays, suppress, null, null);
        }
    }

    /**
     * A tenant's publishing of its detections and incidents to Security Lake as two custom sources (docs/publishing.md).
     *
     * @param enabled          publish this tenant's detections and incidents
     * @param bucket           the Security Lake bucket written to; absent: nothing is written (said at start)
     * @param account          the AWS account the records belong to (the {@code accountId=} partition); absent: nothing
     *                         is written (said at start)
     * @param region           the {@code region=} partition and the region of the registration; absent: {@code lake.aws.region}
     * @param window           the span of changes one object holds; between 5 minutes and 1 day, dividing a day (a shorter
     *                         one is accepted with a warning, for tests)
     * @param detectionsSource the custom source of the detections (OCSF Detection Finding)
     * @param incidentsSource  the custom source of the incidents (OCSF Incident Finding)
     */
    public record TenantPublish(@DefaultValue("false") boolean enabled, String bucket, String account, String region,
                                @DefaultValue("5m") Duration window,
                                @DefaultValue("lakesub-detections") String detectionsSource,
                                @DefaultValue("lakesub-incidents") String incidentsSource) {

        /** Security Lake takes a custom source name of at most 20 characters (its provider role's name holds it). */
        private static final java.util.regex.Pattern SOURCE = java.util.regex.Pattern.compile("[A-Za-z0-9_.:-]{1,20}");
        /** The default source names (detections, incidents). */
        public static final List<String> DEFAULT_SOURCES = List.of("lakesub-detections", "lakesub-incidents");
        static final TenantPublish OFF = new TenantPublish(false, null, null, null, Duration.ofMinutes(5),
                DEFAULT_SOURCES.get(0), DEFAULT_SOURCES.get(1));

        @ConstructorBinding
        public TenantPublish {
            if (window == null || window.toMillis() < 1000 || window.compareTo(Duration.ofDays(1)) > 0
                    || Duration.ofDays(1).toMillis() % window.toMillis() != 0) {
                throw new IllegalArgumentException("publish.window must divide a day, from 1s to 1d (5m or more outside "
                        + "tests), not " + window);
            }
            for (String source : new String[] {detectionsSource, incidentsSource}) {
                if (source == null || !SOURCE.matcher(source).matches()) {
                    throw new IllegalArgumentException("a publish source name matches " + SOURCE.pattern()
                            + " (Security Lake's custom sources have at most 20 characters), not " + source);
                }
            }
            if (detectionsSource.equals(incidentsSource)) {
                throw new IllegalArgumentException("publish.detections-source and publish.incidents-source must differ: "
                        + "one OCSF class per source");
            }
            if (account != null && !account.matches("\\d{12}")) {
                throw new IllegalArgumentException("publish.account is a 12-digit AWS account id, not " + account);
            }
        }
    }

    /**
     * A tenant's suppression of one rule: the first match of a group ({@code by}: Sigma or OCSF fields,
     * comma-separated) in each window of {@code for} is a detection; the later ones raise its count.
     */
    public record Suppress(String by, @Name("for") Duration window) {
    }

    /**
     * One place a tenant's alerts go: a {@code webhook} (an HTTPS URL, signed with {@code secret}) or an
     * {@code sqs} queue ({@code queue-url}). Checked when the configuration is read, so a wrong one stops the
     * start rather than losing alerts later.
     *
     * @param name          the destination's name, unique within the tenant ({@code [a-z0-9][a-z0-9_-]{0,62}}); delivery
     *                      records carry it, so renaming a destination sends the next changes afresh
     * @param allowInsecure accept a plain {@code http://} webhook URL (tests, local runs); never needed for https
     */
    public record AlertDestination(String name, String type, URI url, String secret,
                                   @DefaultValue("false") boolean allowInsecure, String queueUrl) {

        private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

        public AlertDestination {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("an alert destination needs a name matching "
                        + NAME.pattern() + ", not " + name);
            }
            if ("webhook".equals(type)) {
                String scheme = url == null ? null : url.getScheme();
                if (url == null || url.getHost() == null) {
                    throw new IllegalArgumentException("alert destination " + name + ": a webhook needs an absolute url");
                }
                if (!"https".equals(scheme) && !("http".equals(scheme) && allowInsecure)) {
                    throw new IllegalArgumentException("alert destination " + name + ": a webhook url must be https"
                            + " (plain http only with allow-insecure: true), not " + scheme);
                }
                if (secret == null || secret.length() < 16) {
                    throw new IllegalArgumentException("alert destination " + name
                            + ": a webhook needs a secret of at least 16 characters to sign its requests");
                }
            } else if ("sqs".equals(type)) {
                if (queueUrl == null || queueUrl.isBlank()) {
                    throw new IllegalArgumentException("alert destination " + name + ": an sqs destination needs a queue-url");
                }
            } else {
                throw new IllegalArgumentException("alert destination " + name + ": type must be webhook or sqs, not " + type);
            }
        }

        /** Never shows the secret (configuration is logged and shown in Hawtio). */
        @Override
        public String toString() {
            return "AlertDestination[" + name + ", " + type + ", " + ("sqs".equals(type) ? queueUrl : url) + "]";
        }
    }

    /**
     * How alerts are delivered: attempts with exponential back-off, HTTP timeouts, extra trusted CAs.
     *
     * @param maxAttempts     attempts per delivery before it is recorded {@code failed} (an operator can resend it)
     * @param initialDelay    pause after the first failed attempt; each further pause is {@code multiplier} times longer
     * @param maxDelay        longest pause between two attempts
     * @param connectTimeout  a webhook connection not made within this fails the attempt
     * @param requestTimeout  a webhook that does not answer within this fails the attempt
     * @param trustCertificates PEM file of CA certificates trusted for webhooks besides the JDK's (a private CA)
     * @param senders         deliveries under way at once
     * @param sweepInterval   how often deliveries left pending (a restart, another replica's crash) are taken up
     */
    public record Alerting(@DefaultValue("4") int maxAttempts,
                           @DefaultValue("1s") Duration initialDelay,
                           @DefaultValue("2.0") double multiplier,
                           @DefaultValue("5m") Duration maxDelay,
                           @DefaultValue("5s") Duration connectTimeout,
                           @DefaultValue("10s") Duration requestTimeout,
                           Path trustCertificates,
                           @DefaultValue("2") int senders,
                           @DefaultValue("30s") Duration sweepInterval) {

        public Alerting {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("lake.alerting.max-attempts must be at least 1");
            }
            if (multiplier < 1.0) {
                throw new IllegalArgumentException("lake.alerting.multiplier must be at least 1.0");
            }
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
     * @param dir         folders of the {@code *.yml} / {@code *.yaml} rules, read recursively (a SigmaHQ checkout's
     *                    {@code rules/} as it is); absent: {@code ./rules} if present, else the jar's starter pack
     * @param maxPerChunk detections one rule may raise from one tenant's share of a chunk; more are dropped and counted
     * @param reloadInterval how often a rules folder is checked for added, changed or removed files; 0: never
     * @param enabled     false: nothing is detected (no rule, and the lake's findings are not made detections); the
     *                    events are still stored and served
     * @param minLevel    rules of a lower {@code level} are not loaded (informational, low, medium, high, critical)
     * @param statuses    the Sigma {@code status} values loaded; a rule of another status (by default
     *                    {@code deprecated}, {@code unsupported}) is not; a rule without status is loaded
     * @param exceptionsDir folder of per-tenant exception files, Sigma filters in {@code <exceptionsDir>/<tenant>/*.yml};
     *                    absent: exceptions come from the API only
     */
    public record Rules(List<Path> dir, @DefaultValue("1000") int maxPerChunk, @DefaultValue("10s") Duration reloadInterval,
                        @DefaultValue("true") boolean enabled, @DefaultValue("informational") String minLevel,
                        @DefaultValue({"stable", "test", "experimental"}) List<String> statuses, Path exceptionsDir) {

        static final List<String> LEVELS = List.of("informational", "low", "medium", "high", "critical");

        @ConstructorBinding
        public Rules {
            dir = dir == null ? List.of() : List.copyOf(dir);
            minLevel = minLevel == null ? "informational" : minLevel.toLowerCase(java.util.Locale.ROOT);
            if (!LEVELS.contains(minLevel)) {
                throw new IllegalArgumentException("lake.rules.min-level is one of " + LEVELS + ", not " + minLevel);
            }
            statuses = statuses == null ? List.of("stable", "test", "experimental")
                    : statuses.stream().map(st -> st.trim().toLowerCase(java.util.Locale.ROOT)).toList();
        }

        /** One folder (or none), the other settings at their defaults. */
        public Rules(Path dir, int maxPerChunk, Duration reloadInterval, boolean enabled) {
            this(dir == null ? List.of() : List.of(dir), maxPerChunk, reloadInterval, enabled, "informational", null, null);
        }
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
     * Backfill: reading what the lake already holds, for a range of event days, through the same ingestion.
     *
     * @param bucket       the Security Lake bucket a backfill request may leave out
     * @param concurrency  objects a replica reads for backfills at once (beside the queue's consumers)
     * @param maxDays      most event days one request may cover
     * @param pollInterval how often a replica looks for backfill work (listing or objects) when it has none
     * @param claimLease   how long an object claimed by a replica stays its own; a replica that died loses it then
     * @param maxAttempts  attempts at an object that keeps failing transiently before it counts as failed
     * @param retryDelay   pause before a transiently failed object is tried again
     */
    public record Backfill(String bucket,
                           @DefaultValue("2") int concurrency,
                           @DefaultValue("31") int maxDays,
                           @DefaultValue("2s") Duration pollInterval,
                           @DefaultValue("10m") Duration claimLease,
                           @DefaultValue("5") int maxAttempts,
                           @DefaultValue("30s") Duration retryDelay) {
    }

    /**
     * Volume predictions and anomalies, recomputed for every tenant from its hourly rollups.
     *
     * @param interval        how often route {@code predictions} recomputes every tenant's models
     * @param historyWeeks    weeks of hourly history a forecast learns from (same hour of week, medians)
     * @param lookback        the completed hours each run examines for anomalies (a missed run is caught up)
     * @param settleTime      an hour is examined only this long after it ended (late-arriving objects)
     * @param sigmas          half-width of the prediction interval, in robust standard deviations
     * @param silenceHours    consecutive empty hours, where events were expected, that make a source silent
     * @param levelShiftHours consecutive hours on one side of the expected volume that make a level shift
     */
    public record Predictions(@DefaultValue("1h") Duration interval,
                              @DefaultValue("8") int historyWeeks,
                              @DefaultValue("48h") Duration lookback,
                              @DefaultValue("20m") Duration settleTime,
                              @DefaultValue("4.0") double sigmas,
                              @DefaultValue("3") int silenceHours,
                              @DefaultValue("6") int levelShiftHours) {
    }

    /**
     * Saved hunts and analysts' own SQL (docs/hunting.md).
     *
     * @param dir              folder of the saved hunts ({@code *.yaml}); absent: {@code ./hunts} if present, else the jar's
     * @param statementTimeout longest one hunt or SQL statement may run in the store before PostgreSQL cancels it
     * @param maxRows          deepest row a hunt or SQL result may be paged to (offset + page)
     * @param maxRange         widest time range ({@code to - from}) of one hunt run
     * @param maxSqlLength     longest SQL text accepted by {@code POST /api/v1/hunts/sql}, in characters
     * @param athena           the lake engine: saved hunts on Amazon Athena over Security Lake's Glue tables
     */
    public record Hunts(Path dir, @DefaultValue("30s") Duration statementTimeout, @DefaultValue("100000") int maxRows,
                        @DefaultValue("31d") Duration maxRange, @DefaultValue("20000") int maxSqlLength,
                        @DefaultValue Athena athena) {
    }

    /**
     * Amazon Athena, for saved hunts run on the lake itself ({@code "engine": "lake"}).
     *
     * @param region            region of Security Lake's Glue database and of Athena; absent: {@code lake.aws.region}
     * @param database          Glue database; absent: {@code amazon_security_lake_glue_db_<region with _>}
     * @param workgroupPrefix   each tenant's queries run in workgroup {@code <prefix><tenant>}, made when missing
     * @param outputLocation    S3 URI of the query results (the workgroup's, enforced); required for the lake engine
     * @param bytesScannedLimit bytes one query may scan before Athena cancels it (the workgroup's cutoff)
     * @param pollInterval      how often a running query's state is asked
     * @param timeout           longest wait for a query; it is stopped after that
     * @param endpoint          Athena and Glue endpoint override (tests); absent: AWS's
     */
    public record Athena(String region, String database, @DefaultValue("lake-hunt-") String workgroupPrefix,
                         String outputLocation, @DefaultValue("10737418240") long bytesScannedLimit,
                         @DefaultValue("1s") Duration pollInterval, @DefaultValue("5m") Duration timeout,
                         URI endpoint) {
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

    /**
     * Threat intelligence: indicator feeds, read by route {@code intel-poll} and matched against every stored event
     * (docs/intel.md).
     *
     * @param feeds            the feeds; none: nothing is matched
     * @param pollInterval     how often route {@code intel-poll} looks for feeds due for a read
     * @param retryDelay       pause after a feed's first failed read; each further failure doubles it
     * @param maxRetryDelay    longest pause between two reads of a failing feed
     * @param maxFeedBytes     a feed larger than this fails its read (its last good set stays in force)
     * @param maxEntryLength   longest list line or STIX pattern read; a longer one is refused and counted
     * @param fetchTimeout     a feed URL that does not answer within this fails the read
     * @param trustCertificates a PEM file of CA certificates trusted for feed URLs besides the JDK's (a private CA)
     * @param lookback         how far back a new indicator is matched against the stored events (0: not at all)
     * @param lookbackChunk    events a back-in-time pass scans per tenant and run of route intel-lookback
     * @param lookbackInterval how often route intel-lookback runs
     */
    public record Intel(List<IntelFeed> feeds, @DefaultValue("5s") Duration pollInterval,
                        @DefaultValue("30s") Duration retryDelay, @DefaultValue("30m") Duration maxRetryDelay,
                        @DefaultValue("268435456") long maxFeedBytes, @DefaultValue("8192") int maxEntryLength,
                        @DefaultValue("30s") Duration fetchTimeout, Path trustCertificates,
                        @DefaultValue("30d") Duration lookback, @DefaultValue("5000") int lookbackChunk,
                        @DefaultValue("2s") Duration lookbackInterval) {

        /** Without a private CA. */
        public Intel(List<IntelFeed> feeds, Duration pollInterval, Duration retryDelay, Duration maxRetryDelay,
                     long maxFeedBytes, int maxEntryLength, Duration fetchTimeout) {
            this(feeds, pollInterval, retryDelay, maxRetryDelay, maxFeedBytes, maxEntryLength, fetchTimeout, null);
        }

        /** With the back-in-time defaults. */
        public Intel(List<IntelFeed> feeds, Duration pollInterval, Duration retryDelay, Duration maxRetryDelay,
                     long maxFeedBytes, int maxEntryLength, Duration fetchTimeout, Path trustCertificates) {
            this(feeds, pollInterval, retryDelay, maxRetryDelay, maxFeedBytes, maxEntryLength, fetchTimeout,
                    trustCertificates, Duration.ofDays(30), 5000, Duration.ofSeconds(2));
        }

        @ConstructorBinding
        public Intel {
            feeds = feeds == null ? List.of() : List.copyOf(feeds);
            if (lookback == null || lookback.isNegative()) {
                throw new IllegalArgumentException("lake.intel.lookback must be a duration of 0 (off) or more");
            }
            if (lookbackChunk < 1) {
                throw new IllegalArgumentException("lake.intel.lookback-chunk must be at least 1");
            }
            Set<String> names = new HashSet<>();
            for (IntelFeed feed : feeds) {
                if (!names.add(feed.name())) {
                    throw new IllegalArgumentException("intel feed " + feed.name() + " is named twice");
                }
            }
        }
    }

    /**
     * One indicator feed: a STIX 2.1 bundle ({@code stix}), a list of one value a line ({@code list}) or a CSV file
     * with the value in a named column ({@code csv}), read from an HTTPS URL or a file. Checked when the
     * configuration is read.
     *
     * @param type          the type of a list's or CSV's values ({@code ipv4-addr}, {@code domain-name}, ...)
     * @param tenant        the tenant that owns the feed; absent: shared by every tenant
     * @param interval      time between two good reads
     * @param confidence    confidence (0..100) of an indicator that gives none
     * @param severity      severity_id (1..6) of the feed's detections; absent: from each indicator's confidence
     * @param allowInsecure accept a plain {@code http://} URL (tests, local runs)
     */
    public record IntelFeed(String name, URI url, Path file, @DefaultValue("stix") String format, String column,
                            String type, String tenant, @DefaultValue("1h") Duration interval,
                            @DefaultValue("50") int confidence, Integer severity,
                            @DefaultValue("false") boolean allowInsecure, String collection, String username,
                            String password, String token) {

        /** A feed read without TAXII's collection and credentials. */
        public IntelFeed(String name, URI url, Path file, String format, String column, String type, String tenant,
                         Duration interval, int confidence, Integer severity, boolean allowInsecure) {
            this(name, url, file, format, column, type, tenant, interval, confidence, severity, allowInsecure, null, null,
                    null, null);
        }

        private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
        /** The names of intel.IndicatorType. */
        private static final List<String> TYPES = List.of("ipv4-addr", "ipv6-addr", "domain-name", "url", "md5", "sha-1",
                "sha-256", "email-addr");

        @ConstructorBinding
        public IntelFeed {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("an intel feed needs a name matching " + NAME.pattern() + ", not " + name);
            }
            if ((url == null) == (file == null)) {
                throw new IllegalArgumentException("intel feed " + name + ": give either url or file");
            }
            if (url != null && !"https".equals(url.getScheme()) && !("http".equals(url.getScheme()) && allowInsecure)) {
                throw new IllegalArgumentException("intel feed " + name + ": url must be https (plain http only with "
                        + "allow-insecure: true), not " + url.getScheme());
            }
            if (!List.of("stix", "taxii", "list", "csv").contains(String.valueOf(format))) {
                throw new IllegalArgumentException("intel feed " + name + ": format must be stix, taxii, list or csv, not "
                        + format);
            }
            if ("taxii".equals(format) && (url == null || collection == null || collection.isBlank())) {
                throw new IllegalArgumentException("intel feed " + name
                        + ": a taxii feed needs a url (the server's discovery) and a collection (its id or title)");
            }
            if ((username == null) != (password == null)) {
                throw new IllegalArgumentException("intel feed " + name + ": Basic authentication needs both username and password");
            }
            if (username != null && token != null) {
                throw new IllegalArgumentException("intel feed " + name + ": give either username and password or token, not both");
            }
            if (!"stix".equals(format) && !"taxii".equals(format) && type == null) {
                throw new IllegalArgumentException("intel feed " + name + ": a " + format + " feed needs a type");
            }
            if ("csv".equals(format) && (column == null || column.isBlank())) {
                throw new IllegalArgumentException("intel feed " + name + ": a csv feed needs a column");
            }
            if (type != null && !TYPES.contains(type)) {
                throw new IllegalArgumentException("intel feed " + name + ": type must be one of " + TYPES + ", not " + type);
            }
            if (interval == null || interval.toMillis() < 1000) {
                throw new IllegalArgumentException("intel feed " + name + ": interval must be at least 1s");
            }
            if (confidence < 0 || confidence > 100) {
                throw new IllegalArgumentException("intel feed " + name + ": confidence must be 0..100");
            }
            if (severity != null && (severity < 1 || severity > 6)) {
                throw new IllegalArgumentException("intel feed " + name + ": severity must be a severity_id 1..6");
            }
        }

        /** Where the feed is read from, for its state and the logs (a TAXII feed: discovery URL and collection). */
        public String source() {
            return url != null ? url + (collection != null ? " collection " + collection : "") : file.toString();
        }

        /** Never the secrets. */
        @Override
        public String toString() {
            return "IntelFeed[name=" + name + ", format=" + format + ", source=" + source() + ", tenant=" + tenant
                    + (username != null ? ", username=" + username + ", password=***" : "")
                    + (token != null ? ", token=***" : "") + "]";
        }
    }

    /**
     * Publishing to Security Lake (each tenant opts in: {@code lake.tenants.<id>.publish}).
     *
     * @param interval how often route {@code publish} looks for closed windows to write
     * @param settle   how long after a window ends it is written: a change committed late within it is still seen (never
     *                 more than the window itself)
     */
    public record Publishing(@DefaultValue("10s") Duration interval, @DefaultValue("30s") Duration settle) {
    }
}

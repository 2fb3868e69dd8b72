package io.securitylake.subscriber.tenant;

import io.securitylake.subscriber.SettingsFactory;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The tenants ({@code lake.tenants.<id>}) and everything set per tenant: its accounts, database, keys, retention,
 * alert destinations, rule suppressions, Sigma placeholders and publishing.
 *
 * @param tenants tenant id → its settings
 */
@ConfigurationProperties("lake")
public record TenantSettings(Map<String, Tenant> tenants) {

    public TenantSettings {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }

    /** The defaults but for the settings given, each name (after {@code lake.}) then its value: for tests. */
    public static TenantSettings of(Object... nameValues) {
        return SettingsFactory.bind(TenantSettings.class, nameValues);
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
    public record Tenant(List<String> accounts, Database datasource, List<String> apiKeys,
                         @DefaultValue("90") int retentionDays, List<AlertDestination> alerts,
                         @DefaultValue("365") int findingRetentionDays, Map<String, Suppress> suppress,
                         Map<String, String> placeholders, @DefaultValue Publish publish) {

        @ConstructorBinding
        public Tenant {
            publish = publish != null ? publish : Publish.OFF;
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
    }

    /** Connection settings of a tenant's own database. */
    public record Database(String url, String username, String password) {
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
    public record Publish(@DefaultValue("false") boolean enabled, String bucket, String account, String region,
                                @DefaultValue("5m") Duration window,
                                @DefaultValue("lakesub-detections") String detectionsSource,
                                @DefaultValue("lakesub-incidents") String incidentsSource) {

        /** Security Lake takes a custom source name of at most 20 characters (its provider role's name holds it). */
        private static final java.util.regex.Pattern SOURCE = java.util.regex.Pattern.compile("[A-Za-z0-9_.:-]{1,20}");
        /** The default source names (detections, incidents). */
        public static final List<String> DEFAULT_SOURCES = List.of("lakesub-detections", "lakesub-incidents");
        static final Publish OFF = new Publish(false, null, null, null, Duration.ofMinutes(5),
                DEFAULT_SOURCES.get(0), DEFAULT_SOURCES.get(1));

        @ConstructorBinding
        public Publish {
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
}

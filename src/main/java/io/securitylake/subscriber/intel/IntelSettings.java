package io.securitylake.subscriber.intel;

import io.securitylake.subscriber.SettingsFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
@ConfigurationProperties("lake.intel")
public record IntelSettings(List<Feed> feeds, @DefaultValue("5s") Duration pollInterval,
                            @DefaultValue("30s") Duration retryDelay, @DefaultValue("30m") Duration maxRetryDelay,
                            @DefaultValue("268435456") long maxFeedBytes, @DefaultValue("8192") int maxEntryLength,
                            @DefaultValue("30s") Duration fetchTimeout, Path trustCertificates,
                            @DefaultValue("30d") Duration lookback, @DefaultValue("5000") int lookbackChunk,
                            @DefaultValue("2s") Duration lookbackInterval) {

    @ConstructorBinding
    public IntelSettings {
        feeds = feeds == null ? List.of() : List.copyOf(feeds);
        if (lookback == null || lookback.isNegative()) {
            throw new IllegalArgumentException("lake.intel.lookback must be a duration of 0 (off) or more");
        }
        if (lookbackChunk < 1) {
            throw new IllegalArgumentException("lake.intel.lookback-chunk must be at least 1");
        }
        Set<String> names = new HashSet<>();
        for (Feed feed : feeds) {
            if (!names.add(feed.name())) {
                throw new IllegalArgumentException("intel feed " + feed.name() + " is named twice");
            }
        }
    }

    /**
     * These settings, if each feed's tenant is one of {@code tenants}; else a feed names a tenant that is not configured,
     * which stops the start.
     */
    public IntelSettings requireTenants(Set<String> tenants) {
        for (Feed feed : feeds) {
            if (feed.tenant() != null && !tenants.contains(feed.tenant())) {
                throw new IllegalArgumentException("intel feed " + feed.name() + " names tenant " + feed.tenant()
                        + ", which is not configured (lake.tenants." + feed.tenant() + ")");
            }
        }
        return this;
    }

    /** These settings with these feeds instead (tests: a feed's file or server is known only at run time). */
    public IntelSettings withFeeds(List<Feed> feeds) {
        return new IntelSettings(feeds, pollInterval, retryDelay, maxRetryDelay, maxFeedBytes, maxEntryLength, fetchTimeout,
                trustCertificates, lookback, lookbackChunk, lookbackInterval);
    }

    /** The defaults but for the settings given, each name (after {@code lake.intel.}) then its value: for tests. */
    public static IntelSettings of(Object... nameValues) {
        return SettingsFactory.bind(IntelSettings.class, nameValues);
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
    public record Feed(String name, URI url, Path file, @DefaultValue("stix") String format, String column,
                            String type, String tenant, @DefaultValue("1h") Duration interval,
                            @DefaultValue("50") int confidence, Integer severity,
                            @DefaultValue("false") boolean allowInsecure, String collection, String username,
                            String password, String token) {

        /** A feed read without TAXII's collection and credentials. */
        public Feed(String name, URI url, Path file, String format, String column, String type, String tenant,
                         Duration interval, int confidence, Integer severity, boolean allowInsecure) {
            this(name, url, file, format, column, type, tenant, interval, confidence, severity, allowInsecure, null, null,
                    null, null);
        }

        private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
        /** The names of intel.IndicatorType. */
        private static final List<String> TYPES = List.of("ipv4-addr", "ipv6-addr", "domain-name", "url", "md5", "sha-1",
                "sha-256", "email-addr");

        @ConstructorBinding
        public Feed {
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

        /** A feed of these settings (names as under {@code lake.intel.feeds[i]}, e.g. {@code "name", "f"}), else defaults: for tests. */
        public static Feed of(Object... nameValues) {
            return SettingsFactory.bindAt("lake.intel.feeds[0]", Feed.class, nameValues);
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
}

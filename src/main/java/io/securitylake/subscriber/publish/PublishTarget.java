package io.securitylake.subscriber.publish;

import io.securitylake.subscriber.AwsSettings;
import io.securitylake.subscriber.tenant.TenantSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source a tenant publishes: its class, where its objects go, and its window. A tenant that enables publishing
 * without a bucket or an account publishes nothing, and is told so once, when the targets are read at start.
 */
record PublishTarget(String tenant, String source, FindingSchema schema, String bucket, String account, String region,
                     Duration window) {

    private static final Logger LOG = LoggerFactory.getLogger(PublishTarget.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    /** Every source of every tenant that publishes, two per tenant (detections, incidents). */
    static List<PublishTarget> of(TenantSettings tenantSettings, AwsSettings aws) {
        List<PublishTarget> out = new ArrayList<>();
        for (Map.Entry<String, TenantSettings.Tenant> e : new java.util.TreeMap<>(tenantSettings.tenants()).entrySet()) {
            TenantSettings.Publish p = e.getValue().publish();
            if (!p.enabled()) {
                continue;
            }
            if (p.bucket() == null || p.bucket().isBlank() || p.account() == null) {
                LOG.warn("tenant {}: publishing is enabled but lake.tenants.{}.publish.{} is not set: nothing is published",
                        e.getKey(), e.getKey(), p.account() == null ? "account" : "bucket");
                continue;
            }
            if (p.window().compareTo(Duration.ofMinutes(5)) < 0) {
                LOG.warn("tenant {}: publish window {} is shorter than the 5 minutes Security Lake expects (tests only)",
                        e.getKey(), p.window());
            }
            String region = p.region() != null ? p.region() : aws.region();
            out.add(new PublishTarget(e.getKey(), p.detectionsSource(), FindingSchema.DETECTION_FINDING, p.bucket(),
                    p.account(), region, p.window()));
            out.add(new PublishTarget(e.getKey(), p.incidentsSource(), FindingSchema.INCIDENT_FINDING, p.bucket(),
                    p.account(), region, p.window()));
            LOG.info("tenant {}: publishing detections to s3://{}/ext/{}/ and incidents to s3://{}/ext/{}/ every {}",
                    e.getKey(), p.bucket(), p.detectionsSource(), p.bucket(), p.incidentsSource(), p.window());
        }
        return out;
    }

    /** The start of the window that holds {@code t}: windows are aligned to the epoch, so a day holds whole windows. */
    Instant windowOf(Instant t) {
        long w = window.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), w) * w);
    }

    /** The window's object: one per source and window, named by the window, so a rewrite replaces it. */
    String key(Instant start) {
        return "ext/" + source + "/region=" + region + "/accountId=" + account + "/eventDay=" + DAY.format(start) + "/"
                + source + "-" + start.toEpochMilli() + ".parquet";
    }

    boolean detections() {
        return schema == FindingSchema.DETECTION_FINDING;
    }
}

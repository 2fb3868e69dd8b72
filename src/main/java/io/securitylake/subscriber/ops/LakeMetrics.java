package io.securitylake.subscriber.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The pipeline's own metrics, published at {@code /actuator/prometheus}: events stored per tenant and OCSF
 * class, objects per final status, bytes read from S3, chunk write latency, and end-to-end lag (stored time
 * minus the object's notification time). The pipeline calls these methods; nothing here touches payloads.
 */
@Component("lakeMetrics")
public class LakeMetrics {

    static final String NO_TENANT = "none";

    private final MeterRegistry registry;
    private final Counter bytesRead;
    private final Timer chunkWrite;
    private final Timer lag;
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> incidentGauges =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> intelGauges =
            new java.util.concurrent.ConcurrentHashMap<>();

    public LakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bytesRead = Counter.builder("lake.bytes.read")
                .description("bytes read from S3 objects").register(registry);
        this.chunkWrite = Timer.builder("lake.chunk.write")
                .description("time to write one tenant's share of a chunk to its store")
                .publishPercentileHistogram().register(registry);
        this.lag = Timer.builder("lake.lag")
                .description("stored time minus the object's notification time")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofHours(6)).register(registry);
    }

    /** An object reached a final or retry status (done, skipped, unassigned, failed, retrying, ...). */
    public void objectEnded(String status, String tenant) {
        registry.counter("lake.objects", "status", status, "tenant", tenant == null ? NO_TENANT : tenant).increment();
    }

    /** An object the service read ended with {@code status}; a done object also records its lag. */
    public void objectEnded(String status, String tenant, long bytes, Instant notifiedAt) {
        objectEnded(status, tenant);
        bytesRead(bytes);
        if ("done".equals(status)) {
            storedNow(notifiedAt);
        }
    }

    /** {@code n} events of one OCSF class were written to a tenant's store. */
    public void eventsStored(String tenant, Integer classUid, long n) {
        registry.counter("lake.events.stored", "tenant", tenant,
                "class_uid", classUid == null ? "unknown" : classUid.toString()).increment(n);
    }

    /** {@code n} events older than the tenant's retention arrived (late, backfilled or replayed) and were skipped. */
    /** An object refused (not retried), by why: the reader's reason, or {@code object-gone}. */
    public void objectRefused(String tenant, String reason) {
        registry.counter("lake.objects.refused", "tenant", tenant == null ? NO_TENANT : tenant, "reason", reason)
                .increment();
    }

    /** Values of an attribute that could not be of its OCSF type (kept as written), per attribute path. */
    public void valuesKeptAsWritten(String tenant, String attribute, long n) {
        registry.counter("lake.values.kept.as.written", "tenant", tenant == null ? NO_TENANT : tenant,
                "attribute", attribute).increment(n);
    }

    public void eventsExpired(String tenant, long n) {
        registry.counter("lake.events.expired", "tenant", tenant).increment(n);
    }

    /** A detection of a rule (or {@code lake-finding}) was stored for a tenant for the first time. */
    public void detectionRaised(String tenant, String rule) {
        registry.counter("lake.detections", "tenant", tenant, "rule", rule).increment();
    }

    /** {@code n} matches of a rule in one chunk were over the cap and dropped. */
    /** Matches the tenant's exceptions took out of its rules, each counted once (counter {@code lake.detections.excepted}). */
    public void detectionsExcepted(String tenant, long n) {
        if (n > 0) {
            registry.counter("lake.detections.excepted", "tenant", tenant).increment(n);
        }
    }

    public void detectionsCapped(String tenant, String rule, long n) {
        registry.counter("lake.detections.capped", "tenant", tenant, "rule", rule).increment(n);
    }

    /** The tenant's incidents now, per status (gauge {@code lake.incidents}, tags tenant and status). */
    public void incidents(String tenant, java.util.Map<String, Long> byStatus) {
        byStatus.forEach((status, n) -> incidentGauges.computeIfAbsent(tenant + "\n" + status, k -> {
            java.util.concurrent.atomic.AtomicLong value = new java.util.concurrent.atomic.AtomicLong();
            io.micrometer.core.instrument.Gauge.builder("lake.incidents", value, java.util.concurrent.atomic.AtomicLong::get)
                    .description("incidents of a tenant per status (merged ones left out)")
                    .tags("tenant", tenant, "status", status).register(registry);
            return value;
        }).set(n));
    }

    public void bytesRead(long n) {
        bytesRead.increment(n);
    }

    public void chunkWritten(long nanos) {
        chunkWrite.record(Duration.ofNanos(nanos));
    }

    public void lag(long millis) {
        lag.record(Duration.ofMillis(Math.max(0, millis)));
    }

    /** Lag of an object stored now; nothing when the notification carried no time. */
    public void storedNow(Instant notifiedAt) {
        if (notifiedAt != null) {
            lag(Instant.now().toEpochMilli() - notifiedAt.toEpochMilli());
        }
    }

    /** A feed's set in force now has these indicators per type (gauge {@code lake.intel.indicators}, tags feed, type). */
    public void intelIndicators(String feed, java.util.Map<String, Integer> byType) {
        intelGauges.forEach((key, value) -> {
            if (key.startsWith(feed + "\n") && !byType.containsKey(key.substring(key.lastIndexOf('\n') + 1))) {
                value.set(0);
            }
        });
        byType.forEach((type, n) -> intelGauges.computeIfAbsent(feed + "\n" + type, k -> {
            java.util.concurrent.atomic.AtomicLong value = new java.util.concurrent.atomic.AtomicLong();
            io.micrometer.core.instrument.Gauge.builder("lake.intel.indicators", value, java.util.concurrent.atomic.AtomicLong::get)
                    .description("indicators in force of a feed per type").tags("feed", feed, "type", type).register(registry);
            return value;
        }).set(n));
    }

    /** A read of a feed refused {@code n} entries (unsupported patterns, bad values, lines too long). */
    public void intelRefused(String feed, long n) {
        registry.counter("lake.intel.refused", "feed", feed).increment(n);
    }

    /** A read of a feed failed (its last good set stays in force). */
    public void intelFeedFailed(String feed) {
        registry.counter("lake.intel.feed.errors", "feed", feed).increment();
    }

    /** A detection of an indicator of the feed was stored for the tenant for the first time. */
    public void intelMatched(String tenant, String feed) {
        registry.counter("lake.intel.matches", "tenant", tenant, "feed", feed).increment();
    }
}

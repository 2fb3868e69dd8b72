package io.securitylake.subscriber.publish;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.securitylake.subscriber.LakeExchange;
import io.securitylake.subscriber.AwsSettings;
import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.detect.DetectionTable;
import io.securitylake.subscriber.incident.Incident;
import io.securitylake.subscriber.incident.IncidentBodies;
import io.securitylake.subscriber.incident.IncidentTable;
import io.securitylake.subscriber.tenant.TenantStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Route {@code publish}'s steps. {@link #due}: for each published source the next closed window after the last one
 * written that holds a change (empty windows are passed over); {@link #write}: the detections or incidents whose last
 * change falls in the window, as one Parquet file of OCSF records (a record that cannot be made valid is skipped,
 * counted and logged by uid); {@link #written}: the progress moves past the window once the object is in S3. A window
 * whose put fails stays due and is written again, with the same name, on a later run.
 */
@Component("publisher")
public class Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final List<PublishTarget> targets;
    private final PublishProgress progress;
    private final DetectionTable detections;
    private final IncidentTable incidents;
    private final IncidentBodies bodies;
    private final TenantStores stores;
    private final MeterRegistry metrics;
    private final Duration settle;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    Publisher(PublishSettings publish, TenantSettings tenantSettings, AwsSettings aws, PublishProgress progress,
              DetectionTable detections, IncidentTable incidents, IncidentBodies bodies, TenantStores stores,
              MeterRegistry metrics) {
        this(publish, PublishTarget.of(tenantSettings, aws), progress, detections, incidents, bodies, stores, metrics, Clock.systemUTC());
    }

    Publisher(PublishSettings publish, List<PublishTarget> targets, PublishProgress progress, DetectionTable detections,
              IncidentTable incidents, IncidentBodies bodies, TenantStores stores, MeterRegistry metrics, Clock clock) {
        this.targets = targets;
        this.progress = progress;
        this.detections = detections;
        this.incidents = incidents;
        this.bodies = bodies;
        this.stores = stores;
        this.metrics = metrics;
        this.settle = publish.settle();
        this.clock = clock;
    }

    /** The next window of each source that is closed (and settled) and holds a change; at most one per source. */
    public List<PublishWindow> due() {
        List<PublishWindow> out = new ArrayList<>();
        Instant now = clock.instant();
        for (PublishTarget t : targets) {
            try {
                next(t, now).ifPresent(out::add);
            } catch (RuntimeException e) {
                LOG.warn("publishing {} of tenant {}: cannot read its progress or changes; tried again next run: {}",
                        t.source(), t.tenant(), e.toString());
            }
        }
        return out;
    }

    Optional<PublishWindow> next(PublishTarget t, Instant now) {
        Instant done = progress.windowEnd(t.tenant(), t.source()).orElse(Instant.EPOCH);
        Optional<Instant> first = t.detections() ? detections.firstChangeFrom(t.tenant(), done)
                : incidents.firstChangeFrom(jdbc(t.tenant()), done);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        PublishWindow w = new PublishWindow(t, t.windowOf(first.get()));
        Duration wait = settle.compareTo(t.window()) < 0 ? settle : t.window();
        return w.end().plus(wait).isAfter(now) ? Optional.empty() : Optional.of(w);
    }

    /**
     * Writes the window's file; the body becomes the file, headers name the bucket and key, and property
     * LakePublishWindow is the window written (its file and how many records it holds).
     */
    public void write(Exchange exchange, PublishWindow window) throws IOException {
        PublishTarget t = window.target();
        List<GenericRecord> records = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : changed(window).entrySet()) {
            try {
                records.add(t.schema().record(e.getValue()));
            } catch (FindingSchema.InvalidFinding invalid) {
                skipped.add(e.getKey());
                LOG.warn("tenant {}: {} is not published to {}: not valid OCSF {} ({})", t.tenant(), e.getKey(),
                        t.source(), FindingSchema.OCSF_VERSION, invalid.getMessage());
            }
        }
        if (!skipped.isEmpty()) {
            metrics.counter("lake.publish.skipped", "tenant", t.tenant(), "source", t.source()).increment(skipped.size());
        }
        Path file = null;
        if (!records.isEmpty()) {
            file = Files.createTempFile("lake-publish-", ".parquet");
            FindingFile.write(file, t.schema(), records);
            exchange.getMessage().setBody(file.toFile());
            exchange.getMessage().setHeader("CamelAwsS3OverrideBucketName", t.bucket());
            exchange.getMessage().setHeader("CamelAwsS3Key", window.key());
            exchange.getMessage().setHeader("CamelAwsS3ContentLength", Files.size(file));
        }
        exchange.setProperty(LakeExchange.PUBLISH_WINDOW, window.written(file, records.size(), skipped.size()));
    }

    /** The window's changed detections or incidents by uid, each as the OCSF finding of its class (not yet checked). */
    private Map<String, Map<String, Object>> changed(PublishWindow w) {
        PublishTarget t = w.target();
        Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        if (t.detections()) {
            for (DetectionTable.Changed d : detections.changedIn(t.tenant(), w.start(), w.end())) {
                out.put(d.uid(), finding(d.uid(), () -> DetectionFindings.finding(json.readValue(d.json(), MAP),
                        d.changedMs(), t.tenant(), t.source())));
            }
        } else {
            JdbcTemplate jdbc = jdbc(t.tenant());
            List<IncidentTable.Changed> changed = incidents.changedIn(jdbc, w.start(), w.end());
            List<Map<String, Object>> body = bodies.bodies(jdbc, changed.stream().map(IncidentTable.Changed::incident).toList());
            Map<String, Map<String, Object>> survivors = survivors(jdbc, changed, body);
            for (int i = 0; i < changed.size(); i++) {
                Incident incident = changed.get(i).incident();
                long changedMs = changed.get(i).changedMs();
                Map<String, Object> b = body.get(i);
                Map<String, Object> survivor = incident.mergedInto() == null ? null : survivors.get(incident.mergedInto());
                // the bodies are read as they are (no copy through JSON): they hold a large incident's every detection
                out.put(incident.uid(), finding(incident.uid(), () -> IncidentFindings.finding(b, survivor, changedMs,
                        t.tenant(), t.source())));
            }
        }
        return out;
    }

    /**
     * The bodies of the incidents the window's merged ones went into: from the window when there, the others read in
     * one query (a survivor that is gone is absent).
     */
    private Map<String, Map<String, Object>> survivors(JdbcTemplate jdbc, List<IncidentTable.Changed> changed,
                                                       List<Map<String, Object>> body) {
        Map<String, Map<String, Object>> byUid = new HashMap<>();
        for (int i = 0; i < changed.size(); i++) {
            byUid.put(changed.get(i).incident().uid(), body.get(i));
        }
        Map<String, Map<String, Object>> out = new HashMap<>();
        java.util.Set<String> absent = new java.util.LinkedHashSet<>();
        for (IncidentTable.Changed c : changed) {
            String into = c.incident().mergedInto();
            if (into != null && byUid.containsKey(into)) {
                out.put(into, byUid.get(into));
            } else if (into != null) {
                absent.add(into);
            }
        }
        List<Incident> read = incidents.findAll(jdbc, absent);
        List<Map<String, Object>> readBodies = bodies.bodies(jdbc, read);
        for (int i = 0; i < read.size(); i++) {
            out.put(read.get(i).uid(), readBodies.get(i));
        }
        return out;
    }

    private interface Build {
        Map<String, Object> get() throws Exception;
    }

    /** A finding that could not even be built stands as an empty one, which the schema then refuses. */
    private static Map<String, Object> finding(String uid, Build build) {
        try {
            return build.get();
        } catch (Exception e) {
            LOG.debug("{} could not be made an OCSF finding: {}", uid, e.toString());
            return Map.of();
        }
    }

    /** The window's object is in S3 (or it had nothing to publish): the source's progress moves past it. */
    public void written(@ExchangeProperty(LakeExchange.PUBLISH_WINDOW) PublishWindow w) {
        PublishTarget t = w.target();
        boolean advanced = progress.advance(t.tenant(), t.source(), w.end(), w.records(), w.skipped());
        LOG.info("tenant {}: published {} record(s) of {} to {}{}{}", t.tenant(), w.records(), w, w.records() == 0
                ? "(no object)" : "s3://" + t.bucket() + "/" + w.key(), w.skipped() == 0 ? "" : ", skipped " + w.skipped(),
                advanced ? "" : " (another writer had advanced past it)");
    }

    /** Removes the window's local file, written or not. */
    public void release(@ExchangeProperty(LakeExchange.PUBLISH_WINDOW) PublishWindow w) throws IOException {
        if (w != null && w.file() != null) {
            Files.deleteIfExists(w.file());
        }
    }

    private JdbcTemplate jdbc(String tenant) {
        return new JdbcTemplate(stores.dataSource(tenant));
    }
}

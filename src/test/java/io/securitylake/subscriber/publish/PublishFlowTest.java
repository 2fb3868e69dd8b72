package io.securitylake.subscriber.publish;

import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.detect.Detection;
import io.securitylake.subscriber.detect.Entities.Entity;
import io.securitylake.subscriber.incident.IncidentWorkflow;
import io.securitylake.subscriber.incident.Incidents;
import io.securitylake.subscriber.parquet.EventChunks;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Route {@code publish} against the embedded S3 and PostgreSQL: tenant {@code pub} publishes with a window of one
 * second to a bucket of its own; tenant {@code pubdown} to a bucket that does not exist until the test makes it.
 * Every published object is read back with the project's own reader and checked against OCSF 1.1.0.
 */
@SpringBootTest
class PublishFlowTest {

    static final String ACCOUNT = "333333333333";
    static final String BUCKET = "publish-flow";
    static final String LATE_BUCKET = "publish-flow-late";
    static final String DETECTIONS = "ext/lakesub-detections/region=us-east-1/accountId=" + ACCOUNT + "/";
    static final String INCIDENTS = "ext/lakesub-incidents/region=us-east-1/accountId=" + ACCOUNT + "/";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final io.securitylake.subscriber.stack.LakeProbe PROBE = new io.securitylake.subscriber.stack.LakeProbe();

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry registry) {
        LakeTestStack.register(registry, "publish-flow");
        LakeTestStack.lake().createBucket(BUCKET);
        registry.add("lake.publish.interval", () -> "200ms");
        registry.add("lake.publish.settle", () -> "300ms");
        for (String tenant : List.of("pub", "pubdown")) {
            registry.add("lake.tenants." + tenant + ".accounts", () -> tenant.equals("pub") ? ACCOUNT : "333333333334");
            registry.add("lake.tenants." + tenant + ".publish.enabled", () -> "true");
            registry.add("lake.tenants." + tenant + ".publish.account", () -> ACCOUNT);
            registry.add("lake.tenants." + tenant + ".publish.window", () -> "1s");
        }
        registry.add("lake.tenants.pub.publish.bucket", () -> BUCKET);
        registry.add("lake.tenants.pubdown.publish.bucket", () -> LATE_BUCKET);
        registry.add("lake.tenants.pubdown.publish.detections-source", () -> "late-detections");
        registry.add("lake.tenants.pubdown.publish.incidents-source", () -> "late-incidents");
    }

    @Autowired
    Incidents incidents;
    @Autowired
    IncidentWorkflow workflow;
    @Autowired
    TenantStores stores;
    @Autowired
    io.securitylake.subscriber.incident.IncidentBodies bodies;
    @TempDir
    Path tmp;

    private final S3Client s3 = LakeTestStack.lake().s3();
    /** Every put route publish-window made, by bucket and key, and whether it failed. */
    private static final List<String[]> PUTS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.BeforeEach
    void storesMigrated(@Autowired CamelContext camel) {
        // the start-up task migrates the tenant stores, then starts route publish
        await(WAIT, "route publish started", () -> camel.getRouteController().getRouteStatus("publish").isStarted());
    }

    @Autowired
    void watch(CamelContext camel) throws Exception {
        if (camel.getManagementStrategy().getEventNotifiers().stream().anyMatch(n -> n instanceof PutWatcher)) {
            return;
        }
        PutWatcher watcher = new PutWatcher();
        watcher.start();
        camel.getManagementStrategy().addEventNotifier(watcher);
    }

    /** Records each putObject's bucket, key and outcome. */
    static final class PutWatcher extends EventNotifierSupport {
        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeSentEvent sent
                    && sent.getEndpoint().getEndpointUri().startsWith("aws2-s3://lake-publish")) {
                var m = sent.getExchange().getMessage();
                PUTS.add(new String[] {m.getHeader("CamelAwsS3OverrideBucketName", String.class),
                        m.getHeader("CamelAwsS3Key", String.class), sent.getExchange().getException() == null ? "ok" : "failed"});
            }
        }
    }

    private static List<String[]> puts(String bucket, String key) {
        return PUTS.stream().filter(p -> p[0].equals(bucket) && p[1].equals(key) && p[2].equals("ok")).toList();
    }

    private static long refusals(String bucket) {
        return PUTS.stream().filter(p -> p[0].equals(bucket) && p[2].equals("failed")).count();
    }
    private final OcsfValidator ocsf = new OcsfValidator();

    @Test
    void eachChangeIsPublishedOnceAsValidOcsfAndALaterChangeAgainInALaterWindow() throws Exception {
        Detection d = detection("pub");
        incidents.correlate("pub", List.of(d));
        JdbcTemplate pub = new JdbcTemplate(stores.dataSource("pub"));
        String incident = pub.queryForObject("SELECT incident_uid FROM detections WHERE uid = ?", String.class, d.uid());

        Map<String, Object> published = awaitRecord(BUCKET, DETECTIONS, "finding_info", d.uid(), "detection_finding");
        assertThat(published.get("class_uid")).isEqualTo(2004);
        assertThat(((Map<?, ?>) published.get("metadata")).get("correlation_uid")).isEqualTo(incident);
        Map<String, Object> created = awaitRecord(BUCKET, INCIDENTS, "metadata.correlation_uid", incident, "incident_finding");
        assertThat(created.get("status_id")).isEqualTo(1);
        assertThat(created.get("verdict_id")).isEqualTo(0);
        assertThat(((Map<?, ?>) ((List<?>) created.get("observables")).get(0)).get("value")).isEqualTo(d.entities().get(0).value());

        workflow.update("pub", incident, 1, new IncidentWorkflow.Update(2, true, "alice", 3, 2), "analyst");

        Map<String, Object> updated = awaitRecordWith(BUCKET, INCIDENTS, incident, r -> Integer.valueOf(2).equals(r.get("verdict_id")));
        assertThat(updated.get("status_id")).isEqualTo(2);
        assertThat(((Map<?, ?>) updated.get("assignee")).get("name")).isEqualTo("alice");
        assertThat((Long) updated.get("time")).isGreaterThan((Long) created.get("time"));
        // each window one object, named by its window start, under the UTC day of that window
        for (S3Object o : objects(BUCKET, "ext/")) {
            assertThat(o.key()).matches("ext/lakesub-(detections|incidents)/region=us-east-1/accountId=" + ACCOUNT
                    + "/eventDay=\\d{8}/lakesub-(detections|incidents)-\\d+\\.parquet");
            long start = Long.parseLong(o.key().replaceAll(".*-(\\d+)\\.parquet", "$1"));
            assertThat(o.key()).contains("/eventDay=" + DateTimeFormatter.ofPattern("yyyyMMdd").format(
                    java.time.Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC)) + "/");
        }
        assertThat(pub.queryForObject("SELECT count(*) FROM publish_progress", Long.class)).isEqualTo(2);
    }

    @Test
    void aMergedIncidentIsPublishedClosedNamingTheIncidentItWentInto() throws Exception {
        Detection first = detection("pub");
        incidents.correlate("pub", List.of(first));
        Detection second = detection("pub");
        incidents.correlate("pub", List.of(second));
        JdbcTemplate pub = new JdbcTemplate(stores.dataSource("pub"));
        String older = pub.queryForObject("SELECT incident_uid FROM detections WHERE uid = ?", String.class, first.uid());
        String newer = pub.queryForObject("SELECT incident_uid FROM detections WHERE uid = ?", String.class, second.uid());
        assertThat(newer).isNotEqualTo(older);

        // a detection of both users reaches both incidents: the newer is merged into the older
        List<Entity> both = new ArrayList<>(first.entities());
        both.addAll(second.entities());
        long now = System.currentTimeMillis();
        incidents.correlate("pub", List.of(new Detection(Detection.uidOf("publish-test", both.toString()), now - 30_000, 4,
                "publish-test", "Publish test", List.of("evt-both-" + now), both, List.of("t1078"), now - 30_000,
                now - 30_000, null, Map.of())));

        Map<String, Object> merged = awaitRecordWith(BUCKET, INCIDENTS, older,
                r -> Integer.valueOf(3).equals(r.get("activity_id")));
        assertThat(merged.get("status_id")).isEqualTo(99);
        assertThat(merged.get("status")).isEqualTo("Merged");
        assertThat(merged.get("type_uid")).isEqualTo(200503L);
        List<?> infos = (List<?>) merged.get("finding_info_list");
        assertThat(infos).hasSize(1);
        assertThat(((Map<?, ?>) infos.get(0)).get("uid")).isEqualTo(older);
        assertThat(((Map<?, ?>) infos.get(0)).get("types")).isEqualTo(List.of("Incident"));
        assertThat(pub.queryForObject("SELECT merged_into FROM incidents WHERE uid = ?", String.class, newer)).isEqualTo(older);
        assertThat(((Map<?, ?>) merged.get("metadata")).get("uid").toString()).startsWith(newer + "-");

        // the merged incident changes again, alone in its window: the survivor it names is read from the store
        pub.update("UPDATE incidents SET changed_at = clock_timestamp() WHERE uid = ?", newer);
        Map<String, Object> again = awaitRecordWith(BUCKET, INCIDENTS, older, r -> Integer.valueOf(3).equals(r.get("activity_id"))
                && (Long) r.get("time") > (Long) merged.get("time"));
        Map<?, ?> survivor = (Map<?, ?>) ((List<?>) again.get("finding_info_list")).get(0);
        assertThat(survivor.get("uid")).isEqualTo(older);
        assertThat(survivor.get("title")).isEqualTo(bodies.full(pub, older).orElseThrow().get("desc"));
        assertThat(survivor.get("created_time")).isNotNull();
    }

    @Test
    void aWindowWrittenAgainIsTheSameObjectWithTheSameRecords() throws Exception {
        Detection d = detection("pub");
        incidents.correlate("pub", List.of(d));
        awaitRecord(BUCKET, DETECTIONS, "finding_info", d.uid(), "detection_finding");
        S3Object first = objects(BUCKET, DETECTIONS).stream().filter(o -> uidsIn(BUCKET, o.key()).contains(d.uid()))
                .findFirst().orElseThrow();
        List<String> records = uidsIn(BUCKET, first.key());
        List<String> keys = objects(BUCKET, DETECTIONS).stream().map(S3Object::key).toList();
        JdbcTemplate pub = new JdbcTemplate(stores.dataSource("pub"));
        String end = pub.queryForObject("SELECT window_end::text FROM publish_progress WHERE source = 'lakesub-detections'",
                String.class);
        int puts = puts(BUCKET, first.key()).size();

        // as after a crash between the put and the progress: the progress goes back to before the window
        pub.update("UPDATE publish_progress SET window_end = to_timestamp(?::bigint / 1000.0) WHERE source = 'lakesub-detections'",
                Long.parseLong(first.key().replaceAll(".*-(\\d+)\\.parquet", "$1")));
        await(WAIT, "the window is written again", () -> puts(BUCKET, first.key()).size() > puts
                && pub.queryForObject("SELECT window_end >= ?::timestamptz FROM publish_progress "
                + "WHERE source = 'lakesub-detections'", Boolean.class, end));

        assertThat(objects(BUCKET, DETECTIONS).stream().map(S3Object::key).toList()).containsAll(keys).hasSameSizeAs(keys);
        assertThat(uidsIn(BUCKET, first.key())).isEqualTo(records);
    }

    @Test
    void aWindowTheBucketRefusedIsWrittenOnceTheBucketIsThereAndNotBefore() throws Exception {
        Detection d = detection("pubdown");
        incidents.correlate("pubdown", List.of(d));
        JdbcTemplate down = new JdbcTemplate(stores.dataSource("pubdown"));
        // the window closes, the puts fail and are retried with back-off; the progress stays where it was
        await(WAIT, "puts refused and retried", () -> refusals(LATE_BUCKET) >= 3);
        assertThat(down.queryForObject("SELECT count(*) FROM publish_progress", Long.class)).isZero();

        LakeTestStack.lake().createBucket(LATE_BUCKET);

        awaitRecord(LATE_BUCKET, "ext/late-detections/", "finding_info", d.uid(), "detection_finding");
        awaitRecord(LATE_BUCKET, "ext/late-incidents/", "metadata.correlation_uid",
                down.queryForObject("SELECT incident_uid FROM detections WHERE uid = ?", String.class, d.uid()), "incident_finding");
        List<String> all = new ArrayList<>();
        for (S3Object o : objects(LATE_BUCKET, "ext/late-detections/")) {
            all.addAll(uidsIn(LATE_BUCKET, o.key()));
        }
        assertThat(all).containsOnlyOnce(d.uid());
    }

    @Test
    void ourOwnPublishedFindingsAnnouncedBackAreStoredButNeverDetected() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String day = DateTimeFormatter.ofPattern("yyyyMMdd").format(LocalDate.now(ZoneOffset.UTC));
        String own = "ext/lakesub-detections/region=us-east-1/accountId=" + LakeTestStack.ACME_ACCOUNT + "/eventDay=" + day + "/";
        String partner = "ext/partner-findings/region=us-east-1/accountId=" + LakeTestStack.ACME_ACCOUNT + "/eventDay=" + day + "/";
        // ours under our source; another product's under our source; ours under another source; another's under another's
        String ours = upload(own + "ours-" + run + ".parquet", "ours-" + run, null);
        String foreignUnderOurs = upload(own + "foreign-" + run + ".parquet", "foreign-" + run, "Partner EDR");
        String oursElsewhere = upload(partner + "ours-" + run + ".parquet", "moved-" + run, null);
        String foreign = upload(partner + "foreign-" + run + ".parquet", "partner-" + run, "Partner EDR");
        List<String> keys = List.of(ours, foreignUnderOurs, oursElsewhere, foreign);
        for (String key : keys) {
            PROBE.announce(LakeTestStack.queueUrl("publish-flow"), key);
        }
        await(WAIT, "the four objects are stored", () -> keys.stream().allMatch(k -> "done".equals(PROBE.status(k))));

        JdbcTemplate acme = new JdbcTemplate(stores.dataSource("acme"));
        for (String key : keys) {
            assertThat(PROBE.events("acme", List.of(key))).as(key).isEqualTo(3);
        }
        String raised = "SELECT count(*) FROM detections d WHERE EXISTS (SELECT 1 FROM events e "
                + "WHERE e.object_key = ? AND e.event_uid = ANY(d.event_uids))";
        assertThat(acme.queryForObject(raised, Long.class, ours)).isZero();
        assertThat(acme.queryForObject(raised, Long.class, foreignUnderOurs)).as("by the key").isZero();
        assertThat(acme.queryForObject(raised, Long.class, oursElsewhere)).as("by the product").isZero();
        assertThat(acme.queryForObject(raised, Long.class, foreign)).as("another product's findings are detected").isEqualTo(3);
    }

    /** Puts a file of three Detection Findings of the product (null: ours) into the lake's bucket. */
    private String upload(String key, String prefix, String product) throws Exception {
        List<org.apache.avro.generic.GenericRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            org.apache.avro.generic.GenericRecord r = FindingSchema.DETECTION_FINDING.record(DetectionFindings.finding(
                    Findings.detection(prefix + "-" + i), Findings.CHANGED + i, "acme", "lakesub-detections"));
            if (product != null) {
                ((org.apache.avro.generic.GenericRecord) ((org.apache.avro.generic.GenericRecord) r.get("metadata"))
                        .get("product")).put("name", product);
            }
            records.add(r);
        }
        Path file = tmp.resolve(prefix + ".parquet");
        FindingFile.write(file, FindingSchema.DETECTION_FINDING, records);
        LakeTestStack.putObject(key, file);
        return key;
    }

    /** A high-severity detection of a user of its own, so it opens an incident of its own. */
    private static Detection detection(String tenant) {
        String user = "user-" + UUID.randomUUID();
        long now = System.currentTimeMillis();
        return new Detection(Detection.uidOf("publish-test", user), now - 60_000, 4, "publish-test", "Publish test",
                List.of("evt-" + user), List.of(new Entity("user", user)), List.of("t1078", "initial_access"),
                now - 60_000, now - 60_000, null, Map.of());
    }

    private List<S3Object> objects(String bucket, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().toList();
    }

    /** Waits for an object under the prefix with a record whose attribute ({@code finding_info} means its uid) is uid. */
    private Map<String, Object> awaitRecord(String bucket, String prefix, String attribute, String uid, String scope) {
        return awaitRecordWith(bucket, prefix, uid, r -> uid.equals(attribute(r, attribute)), scope);
    }

    private Map<String, Object> awaitRecordWith(String bucket, String prefix, String uid,
                                                java.util.function.Predicate<Map<String, Object>> wanted) {
        return awaitRecordWith(bucket, prefix, uid, r -> uid.equals(attribute(r, "metadata.correlation_uid")) && wanted.test(r),
                "incident_finding");
    }

    private Map<String, Object> awaitRecordWith(String bucket, String prefix, String uid,
                                                java.util.function.Predicate<Map<String, Object>> wanted, String scope) {
        List<Map<String, Object>> found = new ArrayList<>();
        await(WAIT, uid + " published under " + prefix, () -> {
            for (S3Object o : existing(bucket, prefix)) {
                List<Map<String, Object>> records;
                try {
                    records = read(bucket, o.key());
                } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException replacedMeanwhile) {
                    return false; // the embedded S3 answers so while an object is being overwritten
                }
                for (Map<String, Object> r : records) {
                    assertThat(ocsf.problems(r, scope)).as(o.key()).isEmpty();
                    if (wanted.test(r)) {
                        found.add(r);
                        return true;
                    }
                }
            }
            return false;
        });
        return found.get(0);
    }

    private List<S3Object> existing(String bucket, String prefix) {
        try {
            return objects(bucket, prefix);
        } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
            return List.of();
        }
    }

    private static Object attribute(Map<String, Object> r, String path) {
        if (path.equals("finding_info")) {
            return r.get("finding_info") instanceof Map<?, ?> info ? info.get("uid") : null;
        }
        Object v = r;
        for (String part : path.split("\\.")) {
            v = v instanceof Map<?, ?> m ? m.get(part) : null;
        }
        return v;
    }

    /** The finding uids of an object's records, in the file's order. */
    private List<String> uidsIn(String bucket, String key) {
        return read(bucket, key).stream().map(r -> String.valueOf(attribute(r, "finding_info"))).toList();
    }

    private List<Map<String, Object>> read(String bucket, String key) {
        try {
            Path file = Files.createTempFile(tmp, "published", ".parquet");
            Files.write(file, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
            List<Map<String, Object>> out = new ArrayList<>();
            try (EventChunks chunks = new ParquetEventReader().open(file, 1000)) {
                while (chunks.hasNext()) {
                    out.addAll(chunks.next(e -> e));
                }
            }
            Files.delete(file);
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.securitylake.subscriber.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.demo.DemoLake;
import io.securitylake.subscriber.detect.EventScreen;
import io.securitylake.subscriber.intel.Hit;
import io.securitylake.subscriber.intel.Indicator;
import io.securitylake.subscriber.intel.IndicatorType;
import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.store.TenantBatch;
import io.securitylake.subscriber.notification.LakeKey;
import io.securitylake.subscriber.ocsf.EventNormaliser;
import io.securitylake.subscriber.ocsf.ObjectContext;
import io.securitylake.subscriber.ocsf.OcsfCatalog;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.parquet.ParquetEventReader;
import io.securitylake.subscriber.parquet.ReadAhead;
import io.securitylake.subscriber.parquet.SpooledFile;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantDirectory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Rows per tenant from a chunk: the object's tenant, or per event from cloud.account.uid where the key has none. */
class TenantBatchesTest {

    private static final String SCHEMA = "eventrows_control";
    private static final String CLAIMED = "333333333333";
    private static final EventScreen.Screening KEEP = new EventScreen.Screening(true, List.of());
    private static TenantBatches rows;
    private static TenantSettings tenants;
    private static JdbcTemplate control;
    private static TenantDirectory directory;

    private final ObjectMapper mapper = new ObjectMapper();
    @TempDir
    Path tmp;

    @BeforeAll
    static void directoryWithAClaim() {
        String url = LakeTestStack.lake().jdbcUrl("postgres");
        Flyway.configure().dataSource(url, "postgres", "").schemas(SCHEMA).locations("classpath:db/control").load().migrate();
        DriverManagerDataSource controlDb = new DriverManagerDataSource(url, "postgres", "");
        controlDb.setSchema(SCHEMA);
        control = new JdbcTemplate(controlDb);
        control.update("INSERT INTO lake_account_claims (account, tenant) VALUES (?, 'globex') ON CONFLICT DO NOTHING", CLAIMED);
        tenants = TenantSettings.of("tenants.acme.accounts", LakeTestStack.ACME_ACCOUNT, "tenants.acme.retention-days", "36500",
                "tenants.globex.accounts", LakeTestStack.GLOBEX_ACCOUNT, "tenants.globex.retention-days", "36500");
        directory = new TenantDirectory(tenants, control);
        rows = new TenantBatches(new ParquetEventReader(), new EventNormaliser(OcsfCatalog.load()),
                new LakeMetrics(new SimpleMeterRegistry()), tenants, (tenant, event) -> KEEP);
    }

    @Test
    void keyWithoutAccountRoutesEachEventByItsCloudAccountAndCountsTheUnclaimed() throws Exception {
        String key = "ext/custom_source/1.0/region=us-east-1/eventDay=20261128/no-account.parquet";
        ObjectInFlight object = InFlight.toRead(null, key, directory);
        IngestProgress progress = object.progress();
        List<Map<String, Object>> chunk = List.of(event("a1", LakeTestStack.ACME_ACCOUNT), event("g1", LakeTestStack.GLOBEX_ACCOUNT),
                event("c1", CLAIMED), event("u1", LakeTestStack.UNCLAIMED), event("n1", null));

        List<TenantBatch> batches = rows.toTenantBatches(chunk, object);

        assertThat(batches).extracting(TenantBatch::tenant).containsExactly("acme", "globex");
        assertThat(batches.get(0).rows()).extracting(EventRow::uid).containsExactly("a1");
        assertThat(batches.get(1).rows()).extracting(EventRow::uid).containsExactly("g1", "c1");
        assertThat(progress.rowsUnassigned()).as("an unclaimed account and no account at all").isEqualTo(2);
        for (TenantBatch batch : batches) {
            assertThat(batch.objectKey()).isEqualTo(key);
            assertThat(batch.tally()).as("the object's counts, which route store-chunk adds to").isSameAs(progress);
            for (EventRow row : batch.rows()) {
                JsonNode lake = mapper.readTree(row.json()).get("_lake");
                assertThat(lake.get("tenant").asText()).as("_lake.tenant of " + row.uid()).isEqualTo(batch.tenant());
            }
        }
    }

    @Test
    void objectOfATenantKeepsAllItsEventsWhateverTheirCloudAccount() {
        String key = "aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=" + LakeTestStack.ACME_ACCOUNT + "/eventDay=20261128/x.parquet";
        ObjectInFlight object = InFlight.toRead("acme", key, directory);
        IngestProgress progress = object.progress();

        List<TenantBatch> batches = rows.toTenantBatches(List.of(event("a2", LakeTestStack.ACME_ACCOUNT),
                event("g2", LakeTestStack.GLOBEX_ACCOUNT)), object);

        assertThat(batches).singleElement().satisfies(b -> {
            assertThat(b.tenant()).isEqualTo("acme");
            assertThat(b.rows()).extracting(EventRow::uid).containsExactly("a2", "g2");
        });
        assertThat(progress.rowsUnassigned()).isZero();
    }

    @Test
    void readHandsOutEveryEventOfAFileAsRowsOfItsTenant() {
        Path file = tmp.resolve("object.parquet");
        DemoLake.write(file, DemoSource.VPC_FLOW, LakeTestStack.ACME_ACCOUNT, "us-east-1", 2_345, 7);
        String key = DemoSource.VPC_FLOW.key(LakeTestStack.ACME_ACCOUNT, "us-east-1", DemoLake.DEFAULT_DAY, 7);
        List<Integer> sizes = new ArrayList<>();
        ObjectInFlight object = InFlight.toRead("acme", key, directory);
        object.spooled(SpooledFile.plain(file));
        try (ReadAhead<List<TenantBatch>> chunks = rows.read(object, 1000)) {
            chunks.forEachRemaining(batches -> sizes.add(batches.get(0).rows().size()));
        }
        assertThat(sizes).containsExactly(1000, 1000, 345);
        assertThat(object.progress().rowsRefused()).as("the footer's row count, in the object's counts").isEqualTo(2_345);
    }

    @Test
    void onlyTheEventsDetectionWillEvaluateWaitAheadWithTheRows() {
        String key = "aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=" + LakeTestStack.ACME_ACCOUNT + "/eventDay=20261128/d.parquet";
        TenantBatches keepingSome = new TenantBatches(new ParquetEventReader(), new EventNormaliser(OcsfCatalog.load()),
                new LakeMetrics(new SimpleMeterRegistry()), tenants,
                (tenant, event) -> ((Map<?, ?>) event.get("metadata")).get("uid").toString().startsWith("keep") ? KEEP
                        : EventScreen.Screening.NOT_NEEDED);

        TenantBatch batch = keepingSome.toTenantBatches(List.of(event("keep-1", LakeTestStack.ACME_ACCOUNT),
                event("drop-1", LakeTestStack.ACME_ACCOUNT), event("keep-2", LakeTestStack.ACME_ACCOUNT)),
                InFlight.toRead("acme", key, directory)).get(0);

        assertThat(batch.rows()).extracting(EventRow::uid).containsExactly("keep-1", "drop-1", "keep-2");
        assertThat(batch.events()).hasSize(3);
        assertThat(batch.events().get(1)).as("an event detection needs nothing of").isNull();
        assertThat(batch.events().get(0)).isNotNull();
        assertThat(batch.events().get(2)).isNotNull();

        TenantBatches detectionOff = new TenantBatches(new ParquetEventReader(), new EventNormaliser(OcsfCatalog.load()),
                new LakeMetrics(new SimpleMeterRegistry()), tenants, (EventScreen) null);
        assertThat(detectionOff.toTenantBatches(List.of(event("keep-3", LakeTestStack.ACME_ACCOUNT)),
                InFlight.toRead("acme", key, directory)).get(0).events()).isEmpty();
    }

    @Test
    void eachEventIsScreenedOnceForItsTenantAndItsIntelligenceHitsWaitBesideIt() {
        String key = "ext/custom_source/1.0/region=us-east-1/eventDay=20261128/screened.parquet";
        Hit hit = new Hit(new Indicator("f", IndicatorType.IPV4, "198.51.100.1", "indicator--s", null, null, null, false,
                80, List.of(), List.of(), Instant.EPOCH), "dst_endpoint.ip", "198.51.100.1", null);
        List<String> asked = new ArrayList<>();
        TenantBatches screening = new TenantBatches(new ParquetEventReader(), new EventNormaliser(OcsfCatalog.load()),
                new LakeMetrics(new SimpleMeterRegistry()), tenants, (tenant, event) -> {
                    String uid = ((Map<?, ?>) event.get("metadata")).get("uid").toString();
                    asked.add(tenant + ":" + uid);
                    return uid.startsWith("hit") ? new EventScreen.Screening(true, List.of(hit))
                            : uid.startsWith("rule") ? KEEP : EventScreen.Screening.NOT_NEEDED;
                });

        List<TenantBatch> batches = screening.toTenantBatches(List.of(event("hit-a", LakeTestStack.ACME_ACCOUNT),
                event("none-g", LakeTestStack.GLOBEX_ACCOUNT), event("rule-a", LakeTestStack.ACME_ACCOUNT)),
                InFlight.toRead(null, key, directory));

        assertThat(asked).containsExactly("acme:hit-a", "globex:none-g", "acme:rule-a");
        assertThat(batches.get(0).intelHits()).containsExactly(List.of(hit), List.of());
        assertThat(batches.get(1).events()).containsExactly((Map<String, Object>) null);
        assertThat(batches.get(1).intelHits()).containsExactly((List<Hit>) null);
    }

    @Test
    void eachAccountOfAnObjectIsLookedUpOnceAcrossItsChunksEvenWhenNobodyClaimsIt() {
        List<String> lookups = new ArrayList<>();
        TenantDirectory counting = new TenantDirectory(tenants, control) {
            @Override
            public Optional<String> tenantOf(String account) {
                lookups.add(account);
                return super.tenantOf(account);
            }
        };
        TenantBatches countingRows = new TenantBatches(new ParquetEventReader(), new EventNormaliser(OcsfCatalog.load()),
                new LakeMetrics(new SimpleMeterRegistry()), tenants, (tenant, event) -> KEEP);
        List<Map<String, Object>> chunk = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            chunk.add(event("u" + i, LakeTestStack.UNCLAIMED));
            chunk.add(event("c" + i, CLAIMED));
        }
        ObjectInFlight object = InFlight.toRead(null, "ext/x/1.0/region=us-east-1/eventDay=20261128/a.parquet", counting);
        IngestProgress progress = object.progress();

        List<TenantBatch> first = countingRows.toTenantBatches(chunk, object);
        List<TenantBatch> second = countingRows.toTenantBatches(chunk, object);

        assertThat(lookups).as("once per account for the whole object, not per chunk")
                .containsExactlyInAnyOrder(LakeTestStack.UNCLAIMED, CLAIMED);
        assertThat(first).singleElement().satisfies(b -> assertThat(b.rows()).hasSize(50));
        assertThat(second).singleElement().satisfies(b -> assertThat(b.tenant()).isEqualTo("globex"));
        assertThat(progress.rowsUnassigned()).isEqualTo(100);
    }

    @Test
    void eventsOlderThanTheTenantsRetentionAreSkippedAndCounted() {
        TenantSettings shortRetention = TenantSettings.of("tenants.acme.accounts", LakeTestStack.ACME_ACCOUNT,
                "tenants.acme.retention-days", "30");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TenantBatches withRetention = new TenantBatches(new ParquetEventReader(), new EventNormaliser(OcsfCatalog.load()),
                new LakeMetrics(registry), shortRetention, (tenant, event) -> KEEP);
        long now = System.currentTimeMillis();
        long day = 86_400_000L;
        List<Map<String, Object>> chunk = List.of(event("fresh", LakeTestStack.ACME_ACCOUNT, now - day),
                event("edge", LakeTestStack.ACME_ACCOUNT, now - 29 * day), event("old", LakeTestStack.ACME_ACCOUNT, now - 31 * day),
                event("ancient", LakeTestStack.ACME_ACCOUNT, now - 400 * day));
        ObjectInFlight object = InFlight.toRead("acme", "aws/X/2.0/a.parquet", directory);
        IngestProgress progress = object.progress();

        List<TenantBatch> batches = withRetention.toTenantBatches(chunk, object);

        assertThat(batches.get(0).rows()).extracting(EventRow::uid).containsExactly("fresh", "edge");
        assertThat(batches.get(0).events()).as("the events detection sees are the rows kept, in order")
                .extracting(e -> (Object) ((Map<?, ?>) e.get("metadata")).get("uid")).containsExactly("fresh", "edge");
        assertThat(progress.rowsExpired()).isEqualTo(2);
        assertThat(registry.counter("lake.events.expired", "tenant", "acme").count()).isEqualTo(2.0);
    }

    @Test
    void theFirstMillisecondOfTheOldestKeptDayIsKeptAndTheOneBeforeIsNot() {
        TenantSettings shortRetention = TenantSettings.of("tenants.acme.accounts", LakeTestStack.ACME_ACCOUNT,
                "tenants.acme.retention-days", "30");
        TenantBatches withRetention = new TenantBatches(new ParquetEventReader(), new EventNormaliser(OcsfCatalog.load()),
                new LakeMetrics(new SimpleMeterRegistry()), shortRetention, (tenant, event) -> KEEP);
        long oldestKept = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(30)
                .atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
        ObjectInFlight object = InFlight.toRead("acme", "aws/X/2.0/b.parquet", directory);
        IngestProgress progress = object.progress();

        List<TenantBatch> batches = withRetention.toTenantBatches(List.of(
                event("first-kept", LakeTestStack.ACME_ACCOUNT, oldestKept),
                event("last-expired", LakeTestStack.ACME_ACCOUNT, oldestKept - 1)), object);

        assertThat(batches.get(0).rows()).extracting(EventRow::uid).containsExactly("first-kept");
        assertThat(progress.rowsExpired()).isEqualTo(1);
    }

    private static Map<String, Object> event(String uid, String account) {
        return event(uid, account, 1_718_323_200_000L);
    }

    private static Map<String, Object> event(String uid, String account, long time) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("metadata", new LinkedHashMap<>(Map.of("uid", uid, "version", "1.1.0")));
        event.put("class_uid", 4001);
        event.put("time", time);
        if (account != null) {
            event.put("cloud", new LinkedHashMap<>(Map.of("account", new LinkedHashMap<>(Map.of("uid", account)))));
        }
        return event;
    }
}

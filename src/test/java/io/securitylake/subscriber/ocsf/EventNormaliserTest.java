package io.securitylake.subscriber.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.notification.LakeKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventNormaliserTest {

    private static final EventNormaliser NORMALISER = new EventNormaliser(OcsfCatalog.load());
    private static final Instant INGESTED = Instant.parse("2024-02-01T10:00:00Z");
    private static final LakeKey KEY = new LakeKey("CLOUD_TRAIL_MGMT", "2.0", "eu-west-1", "123456789012", "20231114");
    private static final ObjectContext CONTEXT = new ObjectContext("acme", "lake-bucket",
            "aws/CLOUD_TRAIL_MGMT/2.0/region=eu-west-1/accountId=123456789012/eventDay=20231114/a.parquet", KEY, INGESTED);
    private static final ObjectContext NO_KEY = new ObjectContext("acme", "b", "k", null, INGESTED);

    @Test
    void fillsAbsentNamesFromTheEventsVersion() {
        Map<String, Object> e = event("1.1.0", 6003, 1, 2);
        NormalisedEvent n = NORMALISER.normalise(e, CONTEXT);
        assertThat(n.event()).containsEntry("class_name", "API Activity")
                .containsEntry("category_name", "Application Activity").containsEntry("severity", "Low")
                .containsEntry("activity_name", "Create").containsEntry("type_name", "API Activity: Create");
        assertThat(n.classUid()).isEqualTo(6003);
        assertThat(n.categoryUid()).isEqualTo(6);
        assertThat(n.severityId()).isEqualTo(2);
    }

    @Test
    void rc2NamesDifferFromLaterOnesForTheSameClass() {
        Map<String, Object> e = NORMALISER.normalise(event("1.0.0-rc.2", 3005, 2, 1), CONTEXT).event();
        assertThat(e).containsEntry("class_name", "API Activity").containsEntry("category_name", "Audit Activity")
                .containsEntry("activity_name", "Read").containsEntry("type_name", "API Activity: Read");
    }

    @Test
    void neverOverwritesNamesTheProducerWrote() {
        Map<String, Object> e = event("1.1.0", 6003, 1, 2);
        e.put("class_name", "Mine");
        e.put("category_name", "My Category");
        e.put("severity", "Meh");
        e.put("activity_name", "Did It");
        e.put("type_name", "Mine: Did It");
        e.put("category_uid", 99);
        e.put("type_uid", 600399L);
        NormalisedEvent n = NORMALISER.normalise(e, CONTEXT);
        assertThat(n.event()).containsEntry("class_name", "Mine").containsEntry("category_name", "My Category")
                .containsEntry("severity", "Meh").containsEntry("activity_name", "Did It")
                .containsEntry("type_name", "Mine: Did It").containsEntry("category_uid", 99)
                .containsEntry("type_uid", 600399L);
        assertThat(n.categoryUid()).isEqualTo(99);
    }

    @Test
    void derivesCategoryAndTypeUidWhenAbsent() {
        Map<String, Object> e = event("1.1.0", 3002, 1, 1);
        e.remove("category_uid");
        Map<String, Object> out = NORMALISER.normalise(e, CONTEXT).event();
        assertThat(out).containsEntry("category_uid", 3).containsEntry("type_uid", 300201L)
                .containsEntry("type_name", "Authentication: Logon");
    }

    @Test
    void typeNameFollowsTheProducersTypeUid() {
        Map<String, Object> e = event("1.1.0", 3002, 1, 1);
        e.put("type_uid", 300202);
        assertThat(NORMALISER.normalise(e, CONTEXT).event()).containsEntry("type_name", "Authentication: Logoff")
                .containsEntry("activity_name", "Logon");
    }

    @Test
    void integerLongAndNumericStringIdsAllWork() {
        Map<String, Object> asLong = event("1.1.0", 6003, 1, 2);
        asLong.put("class_uid", 6003L);
        asLong.put("activity_id", 1L);
        asLong.put("severity_id", 2L);
        Map<String, Object> asText = event("1.1.0", 6003, 1, 2);
        asText.put("class_uid", "6003");
        asText.put("activity_id", " 1 ");
        asText.put("severity_id", "2");
        for (Map<String, Object> e : List.of(asLong, asText)) {
            NormalisedEvent n = NORMALISER.normalise(e, CONTEXT);
            assertThat(n.classUid()).isEqualTo(6003);
            assertThat(n.severityId()).isEqualTo(2);
            assertThat(n.event()).containsEntry("type_name", "API Activity: Create").containsEntry("type_uid", 600301L);
        }
    }

    @Test
    void anEventWithoutIdsStillNormalises() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("message", "hello");
        NormalisedEvent n = NORMALISER.normalise(e, NO_KEY);
        assertThat(n.classUid()).isNull();
        assertThat(n.categoryUid()).isNull();
        assertThat(n.severityId()).isNull();
        assertThat(n.uid()).startsWith("sha256:");
        assertThat(n.timeMs()).isEqualTo(INGESTED.toEpochMilli());
        assertThat(n.event()).containsOnlyKeys("message", "time", "_lake");
    }

    @Test
    void unknownClassGetsNoNamesButKeepsItsIds() {
        Map<String, Object> e = event("1.1.0", 99001, 1, 42);
        NormalisedEvent n = NORMALISER.normalise(e, CONTEXT);
        assertThat(n.event()).doesNotContainKeys("class_name", "severity", "activity_name", "type_name", "category_name")
                .containsEntry("category_uid", 99);
        assertThat(n.classUid()).isEqualTo(99001);
    }

    @Test
    void timeInSecondsIsStoredAsMillisecondsAndTheOriginalKept() {
        Map<String, Object> e = event("1.1.0", 6003, 1, 1);
        e.put("time", 1_700_000_000);
        NormalisedEvent n = NORMALISER.normalise(e, CONTEXT);
        assertThat(n.timeMs()).isEqualTo(1_700_000_000_000L);
        assertThat(n.event()).containsEntry("time", 1_700_000_000_000L);
        assertThat(lake(n)).containsEntry("time_original", 1_700_000_000).doesNotContainKey("time_source");
    }

    @Test
    void timeInMillisecondsIsLeftAloneWithoutAnOriginal() {
        NormalisedEvent n = NORMALISER.normalise(event("1.1.0", 6003, 1, 1), CONTEXT);
        assertThat(n.timeMs()).isEqualTo(1_700_000_000_123L);
        assertThat(lake(n)).doesNotContainKeys("time_original", "time_source");
    }

    @Test
    void timeInMicrosNanosAndIsoTextBecomesMilliseconds() {
        for (Object time : new Object[] {1_700_000_000_123_456L, 1_700_000_000_123_456_789L,
                "2023-11-14T22:13:20.123Z", "1700000000123"}) {
            Map<String, Object> e = event("1.1.0", 6003, 1, 1);
            e.put("time", time);
            NormalisedEvent n = NORMALISER.normalise(e, CONTEXT);
            assertThat(n.timeMs()).as(String.valueOf(time)).isEqualTo(1_700_000_000_123L);
            assertThat(n.event().get("time")).isEqualTo(1_700_000_000_123L);
            assertThat(lake(n)).containsEntry("time_original", time);
        }
    }

    @Test
    void missingTimeFallsBackToTimeDt() {
        Map<String, Object> e = event("1.1.0", 6003, 1, 1);
        e.remove("time");
        e.put("time_dt", "2023-11-14T22:13:20.123Z");
        NormalisedEvent n = NORMALISER.normalise(e, CONTEXT);
        assertThat(n.timeMs()).isEqualTo(1_700_000_000_123L);
        assertThat(n.event()).containsEntry("time", 1_700_000_000_123L).containsEntry("time_dt", "2023-11-14T22:13:20.123Z");
        assertThat(lake(n)).containsEntry("time_source", "time_dt").doesNotContainKey("time_original");
    }

    @Test
    void unparseableTimeFallsBackToTheEventDayAndKeepsTheOriginal() {
        Map<String, Object> e = event("1.1.0", 6003, 1, 1);
        e.put("time", "not a time");
        NormalisedEvent n = NORMALISER.normalise(e, CONTEXT);
        assertThat(n.timeMs()).isEqualTo(Instant.parse("2023-11-14T00:00:00Z").toEpochMilli());
        assertThat(lake(n)).containsEntry("time_source", "event_day").containsEntry("time_original", "not a time");
    }

    @Test
    void withoutAnyTimeOrEventDayTheIngestTimeIsUsed() {
        Map<String, Object> e = event("1.1.0", 6003, 1, 1);
        e.remove("time");
        NormalisedEvent n = NORMALISER.normalise(e, NO_KEY);
        assertThat(n.timeMs()).isEqualTo(INGESTED.toEpochMilli());
        assertThat(n.event().get("time")).isInstanceOf(Long.class);
        assertThat(lake(n)).containsEntry("time_source", "ingested_at");
    }

    @Test
    void producersMetadataUidIsTheUid() {
        Map<String, Object> e = event("1.1.0", 6003, 1, 1);
        meta(e).put("uid", "evt-42");
        NormalisedEvent n = NORMALISER.normalise(e, CONTEXT);
        assertThat(n.uid()).isEqualTo("evt-42");
        assertThat(lake(n)).containsEntry("event_uid", "evt-42");
    }

    @Test
    void blankMetadataUidIsIgnoredAndTheDerivedUidNotWrittenIntoMetadata() {
        Map<String, Object> e = event("1.1.0", 6003, 1, 1);
        meta(e).put("uid", "  ");
        NormalisedEvent n = NORMALISER.normalise(e, CONTEXT);
        assertThat(n.uid()).startsWith("sha256:");
        assertThat(meta(n.event())).containsEntry("uid", "  ");
        assertThat(lake(n)).containsEntry("event_uid", n.uid());
    }

    @Test
    void derivedUidIsTheHashOfTheEventAsReceived() {
        NormalisedEvent n = NORMALISER.normalise(CanonicalJsonTest.fixedEvent(), CONTEXT);
        assertThat(n.uid()).isEqualTo(CanonicalJsonTest.FIXED_EVENT_UID);
        assertThat(n.event()).containsKeys("class_name", "_lake"); // enriched after hashing
    }

    @Test
    void derivedUidIsStableAcrossRunsAndKeyOrderAndIgnoresTheContext() {
        Map<String, Object> a = event("1.1.0", 6003, 1, 1);
        Map<String, Object> b = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(a.keySet());
        Collections.reverse(keys);
        keys.forEach(k -> b.put(k, a.get(k)));
        String first = NORMALISER.normalise(copy(a), CONTEXT).uid();
        assertThat(NORMALISER.normalise(copy(a), NO_KEY).uid()).isEqualTo(first);
        assertThat(NORMALISER.normalise(b, CONTEXT).uid()).isEqualTo(first);
    }

    @Test
    void differentEventsGetDifferentUids() {
        Map<String, Object> a = event("1.1.0", 6003, 1, 1);
        Map<String, Object> b = event("1.1.0", 6003, 1, 1);
        b.put("time", 1_700_000_000_124L);
        assertThat(NORMALISER.normalise(a, CONTEXT).uid()).isNotEqualTo(NORMALISER.normalise(b, CONTEXT).uid());
    }

    @Test
    void accountRegionAndSourceComeFromTheKey() {
        Map<String, Object> e = event("1.1.0", 6003, 1, 1);
        e.put("cloud", new LinkedHashMap<>(Map.of("region", "us-east-1", "account", Map.of("uid", "999999999999"))));
        NormalisedEvent n = NORMALISER.normalise(e, CONTEXT);
        assertThat(n.account()).isEqualTo("123456789012");
        assertThat(n.region()).isEqualTo("eu-west-1");
        assertThat(n.source()).isEqualTo("CLOUD_TRAIL_MGMT");
    }

    @Test
    void withoutKeyValuesAccountAndRegionComeFromCloud() {
        Map<String, Object> e = event("1.1.0", 6003, 1, 1);
        e.put("cloud", new LinkedHashMap<>(Map.of("region", "us-east-1", "account", Map.of("uid", "999999999999"))));
        ObjectContext partial = new ObjectContext("acme", "b", "k", new LakeKey("ext-src", null, null, null, null), INGESTED);
        NormalisedEvent n = NORMALISER.normalise(e, partial);
        assertThat(n.account()).isEqualTo("999999999999");
        assertThat(n.region()).isEqualTo("us-east-1");
        assertThat(n.source()).isEqualTo("ext-src");
        assertThat(NORMALISER.normalise(event("1.1.0", 6003, 1, 1), NO_KEY)).satisfies(x -> {
            assertThat(x.account()).isNull();
            assertThat(x.region()).isNull();
            assertThat(x.source()).isNull();
        });
    }

    @Test
    void lakeObjectDescribesWhereTheEventCameFrom() {
        NormalisedEvent n = NORMALISER.normalise(event("1.1.0", 6003, 1, 1), CONTEXT);
        assertThat(lake(n)).containsExactly(
                Map.entry("tenant", "acme"), Map.entry("bucket", "lake-bucket"), Map.entry("key", CONTEXT.key()),
                Map.entry("ingested_at", "2024-02-01T10:00:00Z"), Map.entry("account", "123456789012"),
                Map.entry("region", "eu-west-1"), Map.entry("source", "CLOUD_TRAIL_MGMT"),
                Map.entry("source_version", "2.0"), Map.entry("event_day", "20231114"),
                Map.entry("event_uid", n.uid()));
    }

    @Test
    void lakeObjectOmitsNullValues() {
        Map<String, Object> e = event("1.1.0", 6003, 1, 1);
        NormalisedEvent n = NORMALISER.normalise(e, new ObjectContext(null, null, null, null, INGESTED));
        assertThat(lake(n)).containsOnlyKeys("ingested_at", "event_uid").doesNotContainValue(null);
    }

    @Test
    void producersOwnLakeFieldIsKeptUnderOriginal() {
        Map<String, Object> e = event("1.1.0", 6003, 1, 1);
        e.put("_lake", Map.of("tenant", "spoofed"));
        NormalisedEvent n = NORMALISER.normalise(e, CONTEXT);
        assertThat(lake(n)).containsEntry("tenant", "acme").containsEntry("original", Map.of("tenant", "spoofed"));
    }

    @Test
    void theReturnedEventIsTheSameMapEnrichedInPlace() {
        Map<String, Object> e = event("1.1.0", 6003, 1, 1);
        assertThat(NORMALISER.normalise(e, CONTEXT).event()).isSameAs(e);
    }

    private static Map<String, Object> event(String version, int classUid, int activityId, int severityId) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("version", version);
        metadata.put("product", new LinkedHashMap<>(Map.of("name", "CloudTrail")));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("metadata", metadata);
        e.put("time", 1_700_000_000_123L);
        e.put("class_uid", classUid);
        e.put("category_uid", classUid / 1000);
        e.put("activity_id", activityId);
        e.put("severity_id", severityId);
        return e;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> meta(Map<String, Object> e) {
        return (Map<String, Object>) e.get("metadata");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lake(NormalisedEvent n) {
        return (Map<String, Object>) n.event().get("_lake");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? copy((Map<String, Object>) m) : v));
        return out;
    }
}

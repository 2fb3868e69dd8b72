package io.securitylake.subscriber.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same OCSF attribute is one Java type downstream, whatever width, sign or form the writer gave it. */
class TypedAttributesTest {

    private static final EventNormaliser NORMALISER = new EventNormaliser(OcsfCatalog.load());
    private static final ObjectContext CONTEXT = new ObjectContext("acme", "b", "k", null,
            Instant.parse("2024-02-01T10:00:00Z"));
    private static final long MS = 1_686_736_800_123L; // 2023-06-14T10:00:00.123Z

    @Test
    void integerAttributesFromEveryWriterAreTheSameIntegers() {
        for (Object classUid : List.of(3002, 3002L, (short) 3002, BigInteger.valueOf(3002), new BigDecimal("3002"),
                new BigDecimal("3002.00"), 3002.0d, "3002", " 3002 ")) {
            Map<String, Object> event = map("class_uid", classUid, "time", MS, "severity_id", 2L,
                    "src_endpoint", map("port", "443", "ip", "10.0.0.1"),
                    "traffic", map("bytes", 17, "packets", "3"), "type_uid", 300201, "metadata", map("flag_ids", ids()));

            NormalisedEvent n = NORMALISER.normalise(event, CONTEXT);

            assertThat(n.event().get("class_uid")).as("class_uid from %s %s", classUid.getClass(), classUid).isEqualTo(3002);
            assertThat(n.classUid()).isEqualTo(3002);
            assertThat(n.event().get("severity_id")).isEqualTo(2);
            assertThat(n.event().get("src_endpoint")).isEqualTo(map("port", 443, "ip", "10.0.0.1"));
            assertThat(n.event().get("traffic")).isEqualTo(map("bytes", 17L, "packets", 3L)); // long_t: always a Long
            assertThat(n.event().get("type_uid")).isEqualTo(300201L);
            assertThat(((Map<?, ?>) n.event().get("metadata")).get("flag_ids")).isEqualTo(List.of(1, 2));
            assertThat(lake(n)).doesNotContainKey("kept_as_written");
        }
    }

    @Test
    void aValueThatCannotBeItsTypeIsKeptAsWrittenAndItsPathReported() {
        Map<String, Object> event = map("class_uid", 3002, "time", MS, "activity_id", "Logon",
                "src_endpoint", map("port", new BigDecimal("443.5")), "observables", List.of(map("type_id", true)),
                "unmapped", map("count", "not mine to type", "x_time", "neither"));

        NormalisedEvent n = NORMALISER.normalise(event, CONTEXT);

        assertThat(n.event()).containsEntry("activity_id", "Logon");
        assertThat(n.event().get("src_endpoint")).isEqualTo(map("port", new BigDecimal("443.5")));
        assertThat(n.event().get("unmapped")).isEqualTo(map("count", "not mine to type", "x_time", "neither"));
        assertThat(lake(n).get("kept_as_written")).isEqualTo(List.of("activity_id", "src_endpoint.port", "observables[].type_id"));
    }

    @Test
    void everyTimeAttributeAtAnyDepthIsEpochMillisecondsFromAnyUnitWithItsOriginalKept() {
        Map<String, Object> event = map("class_uid", 2001, "time", MS,
                "finding_info", map("first_seen_time", MS * 1000 + 456, "last_seen_time", MS * 1_000_000,
                        "created_time", MS / 1000, "modified_time", MS, "modified_time_dt", MS * 1000),
                "evidences", List.of(map("process", map("created_time", "2023-06-14T10:00:00.123Z"))),
                "metadata", map("original_time", "Jun 14 10:00:00", "logged_time", (int) (MS / 1000)),
                "start_time", "2023-06-14 10:00:00.123", "end_time", "soon", "vendor_seen_time", MS * 1000);

        NormalisedEvent n = NORMALISER.normalise(event, CONTEXT);

        Map<?, ?> info = (Map<?, ?>) n.event().get("finding_info");
        assertThat(info.get("first_seen_time")).isEqualTo(MS);
        assertThat(info.get("last_seen_time")).isEqualTo(MS);
        assertThat(info.get("created_time")).isEqualTo(MS / 1000 * 1000);
        assertThat(info.get("modified_time")).isEqualTo(MS);
        assertThat(info.get("modified_time_dt")).isEqualTo("2023-06-14T10:00:00.123Z");
        assertThat(n.event().get("start_time")).isEqualTo(MS);
        assertThat(n.event().get("end_time")).isEqualTo("soon");
        assertThat(n.event().get("vendor_seen_time")).as("a *_time the dictionary does not know").isEqualTo(MS);
        assertThat(((Map<?, ?>) n.event().get("metadata")).get("original_time")).isEqualTo("Jun 14 10:00:00");
        assertThat(((Map<?, ?>) n.event().get("metadata")).get("logged_time")).isEqualTo(MS / 1000 * 1000);
        assertThat(((Map<?, ?>) ((Map<?, ?>) ((List<?>) n.event().get("evidences")).get(0)).get("process"))
                .get("created_time")).isEqualTo(MS);
        Map<String, Object> originals = new LinkedHashMap<>();
        originals.put("finding_info.first_seen_time", MS * 1000 + 456);
        originals.put("finding_info.last_seen_time", MS * 1_000_000);
        originals.put("finding_info.created_time", MS / 1000);
        originals.put("finding_info.modified_time_dt", MS * 1000);
        originals.put("evidences[].process.created_time", "2023-06-14T10:00:00.123Z");
        originals.put("metadata.logged_time", (int) (MS / 1000));
        originals.put("start_time", "2023-06-14 10:00:00.123");
        originals.put("vendor_seen_time", MS * 1000);
        assertThat(lake(n).get("times_original")).isEqualTo(originals);
        assertThat(lake(n).get("kept_as_written")).isEqualTo(List.of("end_time"));
    }

    private static List<Object> ids() {
        return new ArrayList<>(Arrays.asList("1", 2L));
    }

    private static Map<String, Object> lake(NormalisedEvent n) {
        @SuppressWarnings("unchecked")
        Map<String, Object> lake = (Map<String, Object>) n.event().get("_lake");
        return lake;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}

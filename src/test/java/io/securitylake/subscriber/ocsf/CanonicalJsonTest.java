package io.securitylake.subscriber.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    /**
     * The canonical form of this event is
     * {@code {"api":{"operation":"CreateUser"},"class_uid":3005,"metadata":{"product":{"name":"CloudTrail",
     * "vendor_name":"AWS"},"version":"1.0.0-rc.2"},"note":"café \"q\"","ok":true,"ratio":0.5,"tags":["b","a"],
     * "time":1700000000000}}; the hash was computed independently (Python: sort_keys, compact separators, UTF-8).
     * If this test fails, every derived id already stored would change: do not just update the literal.
     */
    static final String FIXED_EVENT_UID = "sha256:d061a53e059a6ecb3fad7122dfc39104055d0678b259623d9028f11326d95022";

    static Map<String, Object> fixedEvent() {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("vendor_name", "AWS");
        product.put("name", "CloudTrail");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("version", "1.0.0-rc.2");
        metadata.put("product", product);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("time", 1_700_000_000_000L);
        event.put("class_uid", 3005);
        event.put("metadata", metadata);
        event.put("api", new LinkedHashMap<>(Map.of("operation", "CreateUser")));
        event.put("tags", new ArrayList<>(List.of("b", "a")));
        event.put("ok", true);
        event.put("ratio", 0.5);
        event.put("note", "café \"q\"");
        return event;
    }

    @Test
    void fixedEventHashesToTheKnownUid() {
        assertThat(CanonicalJson.sha256(fixedEvent())).isEqualTo(FIXED_EVENT_UID);
    }

    @Test
    void keyOrderAtAnyLevelDoesNotChangeTheUid() {
        Map<String, Object> reversed = reverse(fixedEvent());
        assertThat(reversed.keySet()).first().isEqualTo("note");
        assertThat(CanonicalJson.sha256(reversed)).isEqualTo(FIXED_EVENT_UID);
    }

    @Test
    void integerAndLongOfTheSameValueHashAlike() {
        Map<String, Object> event = fixedEvent();
        event.put("class_uid", 3005L);
        event.put("time", BigDecimal.valueOf(1_700_000_000_000L));
        assertThat(CanonicalJson.sha256(event)).isEqualTo(FIXED_EVENT_UID);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anyChangedValueChangesTheUid() {
        Map<String, Object> other = fixedEvent();
        other.put("ratio", 0.25);
        Map<String, Object> listOrder = fixedEvent();
        listOrder.put("tags", List.of("a", "b"));
        Map<String, Object> nested = fixedEvent();
        ((Map<String, Object>) nested.get("metadata")).put("version", "1.1.0");
        Map<String, Object> added = fixedEvent();
        added.put("extra", null);
        assertThat(List.of(other, listOrder, nested, added)).extracting(CanonicalJson::sha256)
                .doesNotHaveDuplicates().doesNotContain(FIXED_EVENT_UID);
    }

    @Test
    void oddValuesAreHashedByTheirTextAndNulAndControlCharactersAreEscaped() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("bytes", new byte[] {1, 2, 3});
        event.put("text", new StringBuilder("x"));
        event.put("nul", "a\u0000b\n");
        assertThat(CanonicalJson.sha256(event)).startsWith("sha256:").hasSize(7 + 64)
                .isEqualTo(CanonicalJson.sha256(reverse(event)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> reverse(Map<String, Object> map) {
        List<String> keys = new ArrayList<>(map.keySet());
        Collections.reverse(keys);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : keys) {
            Object v = map.get(k);
            out.put(k, v instanceof Map<?, ?> m ? reverse((Map<String, Object>) m) : v);
        }
        return out;
    }
}

package io.securitylake.subscriber.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private final EventJson json = new EventJson();

    @Test
    void writesTheSameTextAsJacksonsObjectMapper() throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("class_uid", 2004);
        event.put("time", 1_718_323_200_123L);
        event.put("message", "quote \" backslash \\ tab \t line \n é 😀 \u0001");
        event.put("score", 0.1);
        event.put("ratio", 1.5f);
        event.put("nan", "NaN");
        event.put("amount", new BigDecimal("12.3400"));
        event.put("big", new BigInteger("123456789012345678901234567890"));
        event.put("flag", true);
        event.put("list", Arrays.asList("a", null, 3, List.of(), Map.of()));
        Map<String, Object> unmapped = new HashMap<>();
        unmapped.put("k", null);
        unmapped.put("z", "v");
        event.put("unmapped", unmapped);
        event.put("nested", new LinkedHashMap<>(Map.of("deep", new ArrayList<>(List.of(Map.of("x", -1))))));
        event.put("uuid", UUID.fromString("0b7e0bc4-6a43-4e1b-8a9f-3f0e6f5a2f11"));

        assertThat(json.toJson(event)).isEqualTo(new ObjectMapper().writeValueAsBytes(event));
    }

    @Test
    void nulIsStoredAsReplacementCharacter() {
        assertThat(new String(json.toJson(Map.of("m", "a\u0000b")), StandardCharsets.UTF_8)).isEqualTo("{\"m\":\"a\\ufffdb\"}");
    }
}

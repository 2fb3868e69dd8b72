package io.securitylake.subscriber.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** The stored text of an event: its JSON, with NUL escapes replaced so that jsonb accepts it. Thread-safe. */
public final class EventJson {

    private final ObjectMapper json = new ObjectMapper();

    public String toJson(Map<String, Object> event) {
        try {
            return JsonText.storable(json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}

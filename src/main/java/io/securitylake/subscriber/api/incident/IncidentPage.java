package io.securitylake.subscriber.api.incident;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** One page of incidents, most recently active first, and the cursor of the next page (null on the last). */
record IncidentPage(List<Map<String, Object>> items, @JsonProperty("next_cursor") String nextCursor) {
}

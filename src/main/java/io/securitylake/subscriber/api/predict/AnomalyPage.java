package io.securitylake.subscriber.api.predict;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.securitylake.subscriber.api.RawJson;
import java.util.List;

/** One page of anomalies, newest hour first, and the cursor of the next page (null on the last). */
record AnomalyPage(List<RawJson> items, @JsonProperty("next_cursor") String nextCursor) {
}

package io.securitylake.subscriber.api.events;

import io.securitylake.subscriber.api.RawJson;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One page of events, newest first, and the cursor of the next page (null on the last). */
record EventPage(List<RawJson> items, @JsonProperty("next_cursor") String nextCursor) {
}

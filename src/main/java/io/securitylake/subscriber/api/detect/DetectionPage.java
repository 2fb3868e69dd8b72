package io.securitylake.subscriber.api.detect;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.securitylake.subscriber.api.RawJson;
import java.util.List;

/** One page of detections, newest first, and the cursor of the next page (null on the last). */
record DetectionPage(List<RawJson> items, @JsonProperty("next_cursor") String nextCursor) {
}

package io.securitylake.subscriber.api.hunt;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.securitylake.subscriber.hunt.HuntResult;
import java.util.List;

/** One page of a hunt's or a statement's result; {@code next_cursor} is null on the last page. */
record HuntPage(List<HuntResult.Column> columns, List<List<Object>> rows,
                @JsonProperty("next_cursor") String nextCursor) {
}

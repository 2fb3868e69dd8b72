package io.securitylake.subscriber.api.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.securitylake.subscriber.ingest.LedgerRow;
import java.util.List;

/** One page of the caller's ledger rows, newest first, and the cursor of the next page (null on the last). */
record LedgerPage(List<LedgerRow> items, @JsonProperty("next_cursor") String nextCursor) {
}

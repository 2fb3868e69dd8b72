package io.securitylake.subscriber.api.ingest;

import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Cursors;
import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.ingest.LedgerRow;
import io.securitylake.subscriber.ingest.LedgerTable;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The caller's rows of the ingestion ledger (control database, always filtered by the caller's tenant),
 * newest first with keyset paging. Unassigned objects belong to no tenant and are not shown to any.
 */
@Component("ledgerQueries")
class LedgerQueries {

    static final String LISTING = "objects";
    private static final Set<String> STATUSES = Set.of("processing", "retrying", "done", "skipped", "unassigned", "failed");

    private final LedgerTable ledger;
    private final Cursors cursors;

    LedgerQueries(LedgerTable ledger, Cursors cursors) {
        this.ledger = ledger;
        this.cursors = cursors;
    }

    public LedgerPage objects(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.tenant();
        Params p = request.params();
        String status = p.oneOf("status", STATUSES).orElse(null);
        int limit = p.integer("limit", 1, 1000).orElse(100);
        Cursors.Listing listing = cursors.listing(tenant, LISTING, "status=" + status);
        LedgerTable.After after = listing.position(p, 3)
                .map(at -> new LedgerTable.After(Cursors.fromMicros(at.get(0)), at.get(1), at.get(2))).orElse(null);
        Cursors.Page<LedgerRow> page = listing.page(ledger.page(tenant, status, after, limit + 1), limit,
                last -> List.of(Cursors.toMicros(last.firstSeenAt().toInstant()), last.bucket(), last.key()));
        return new LedgerPage(page.rows(), page.next());
    }
}

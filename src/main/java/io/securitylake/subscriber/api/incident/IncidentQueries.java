package io.securitylake.subscriber.api.incident;

import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Cursors;
import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.incident.Incident;
import io.securitylake.subscriber.incident.IncidentBodies;
import io.securitylake.subscriber.incident.IncidentStatus;
import io.securitylake.subscriber.incident.IncidentTable;
import io.securitylake.subscriber.incident.TenantTransactions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The caller's incidents: a filtered page, most recently active first (keyset paging on end time and uid), and one
 * incident with its notes and history. Every read goes through the caller's tenant store.
 */
@Component("incidentQueries")
class IncidentQueries {

    static final String LISTING = "incidents";
    static final Pattern UID = Pattern.compile("inc-[0-9a-f]{32}");
    static final Pattern ASSIGNEE = Pattern.compile("[^\\p{Cntrl}]{1,128}");

    private final IncidentTable incidents;
    private final IncidentBodies bodies;
    private final TenantTransactions transactions;
    private final Cursors cursors;

    IncidentQueries(IncidentTable incidents, IncidentBodies bodies, TenantTransactions transactions, Cursors cursors) {
        this.incidents = incidents;
        this.bodies = bodies;
        this.transactions = transactions;
        this.cursors = cursors;
    }

    public IncidentPage page(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.tenant();
        Params p = request.params();
        Params.Range range = p.range();
        Instant from = range.from();
        Instant to = range.to();
        List<Integer> statuses = p.one("status").map(IncidentQueries::statuses).orElse(List.of());
        Integer severityMin = p.integer("severity_id_min", 0, 99).orElse(null);
        String assignee = p.matching("assignee", ASSIGNEE, "a name of at most 128 characters").orElse(null);
        int limit = p.integer("limit", 1, 1000).orElse(100);
        IncidentTable.Order order = p.one("sort").map(IncidentQueries::order).orElse(IncidentTable.Order.RECENT);
        // a cursor is bound to the filters and the order of its first page
        Cursors.Listing listing = cursors.listing(tenant, LISTING, String.join("\n", range.canonical(),
                "status=" + statuses, "severity_id_min=" + severityMin, "assignee=" + assignee, "sort=" + order));
        IncidentTable.After after = listing.position(p, 3).map(at ->
                new IncidentTable.After(Integer.parseInt(at.get(0)), Cursors.fromMicros(at.get(1)), at.get(2)))
                .orElse(null);
        IncidentTable.Filter filter = new IncidentTable.Filter(statuses, severityMin, assignee, from, to);
        return transactions.inTransaction(tenant, jdbc -> {
            Cursors.Page<Incident> page = listing.page(incidents.page(jdbc, filter, order, after, limit + 1), limit,
                    last -> List.of(String.valueOf(last.severityId()),
                            Cursors.toMicros(Instant.ofEpochMilli(last.endMs())), last.uid()));
            return new IncidentPage(bodies.bodies(jdbc, page.rows()), page.next());
        });
    }

    private static IncidentTable.Order order(String sort) {
        return switch (sort) {
            case "recent" -> IncidentTable.Order.RECENT;
            case "severity" -> IncidentTable.Order.SEVERITY;
            default -> throw ApiProblem.badRequest("sort is 'recent' (most recently active first) or 'severity' "
                    + "(most severe first, then most recently active)");
        };
    }

    public Map<String, Object> byUid(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String uid = uid(request);
        Map<String, Object> body = transactions.inTransaction(request.tenant(), jdbc -> bodies.full(jdbc, uid))
                .orElseThrow(() -> ApiProblem.notFound("no incident with this uid"));
        IncidentUpdates.etag(exchange, body);
        return body;
    }

    static String uid(ApiRequest request) {
        String uid = request.pathVariable("uid");
        if (!UID.matcher(uid).matches()) {
            throw ApiProblem.badRequest("an incident uid is 'inc-' and 32 lower-case hex digits");
        }
        return uid;
    }

    /** Status ids or names, comma-separated; {@code open} is New, In Progress and On Hold. */
    static List<Integer> statuses(String value) {
        TreeSet<Integer> out = new TreeSet<>();
        for (String part : value.split(",", -1)) {
            String s = part.trim();
            if (s.equalsIgnoreCase("open")) {
                List.of(IncidentStatus.NEW, IncidentStatus.IN_PROGRESS, IncidentStatus.ON_HOLD)
                        .forEach(o -> out.add(o.id()));
                continue;
            }
            IncidentStatus status = (s.matches("[0-9]{1,2}") ? IncidentStatus.of(Integer.parseInt(s))
                    : IncidentStatus.named(s)).orElseThrow(() -> Params.bad("status", "must be status ids 1-5 or names "
                    + "(New, In Progress, On Hold, Resolved, Closed, or open), comma-separated, not " + Params.quote(s)));
            out.add(status.id());
        }
        return new ArrayList<>(out);
    }
}

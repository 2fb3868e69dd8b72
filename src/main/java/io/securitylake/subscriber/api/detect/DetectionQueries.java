package io.securitylake.subscriber.api.detect;

import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Cursors;
import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.api.RawJson;
import io.securitylake.subscriber.detect.DetectionTable;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The caller's detections: a filtered page, newest first, with keyset paging on time and uid; one by uid.
 * Every read goes through the caller's tenant store, so another tenant's detection is simply not there.
 */
@Component("detectionQueries")
class DetectionQueries {

    private static final Pattern INCIDENT = Pattern.compile("inc-[0-9a-f]{32}");
    static final String LISTING = "detections";
    static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern UID = Pattern.compile("det-[0-9a-f]{32}");

    private final DetectionTable detections;
    private final Cursors cursors;

    DetectionQueries(DetectionTable detections, Cursors cursors) {
        this.detections = detections;
        this.cursors = cursors;
    }

    public DetectionPage page(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.tenant();
        Params p = request.params();
        Params.Range range = p.range();
        Instant from = range.from();
        Instant to = range.to();
        String rule = p.matching("rule", RULE, "a rule uid (letters, digits, '.', '_', '-'), such as lake-finding").orElse(null);
        Integer severityMin = p.integer("severity_id_min", 0, 99).orElse(null);
        String incident = p.matching("incident", INCIDENT, "an incident uid: 'inc-' and 32 lower-case hex digits")
                .orElse(null);
        int limit = p.integer("limit", 1, 1000).orElse(100);
        // a cursor is bound to the filters of its first page
        Cursors.Listing listing = cursors.listing(tenant, LISTING, String.join("\n", range.canonical(),
                "rule=" + rule, "severity_id_min=" + severityMin, "incident=" + incident));
        DetectionTable.After after = listing.position(p, 2)
                .map(at -> new DetectionTable.After(Cursors.fromMicros(at.get(0)), at.get(1))).orElse(null);
        Cursors.Page<DetectionTable.Listed> page = listing.page(
                detections.page(tenant, from, to, rule, severityMin, incident, after, limit + 1), limit,
                last -> List.of(Cursors.toMicros(last.time()), last.uid()));
        return new DetectionPage(page.rows().stream().map(r -> new RawJson(r.json())).toList(), page.next());
    }

    public RawJson byUid(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String uid = request.pathVariable("uid");
        if (!UID.matcher(uid).matches()) {
            throw ApiProblem.badRequest("a detection uid is 'det-' and 32 lower-case hex digits");
        }
        return detections.byUid(request.tenant(), uid).map(RawJson::new)
                .orElseThrow(() -> ApiProblem.notFound("no detection with this uid"));
    }
}

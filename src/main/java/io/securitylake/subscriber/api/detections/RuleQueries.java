package io.securitylake.subscriber.api.detections;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.detect.DetectionTable;
import io.securitylake.subscriber.detect.RuleBook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The rules in force with the caller's hit counts (lake-finding first, the lake's own findings), and the rule
 * files that were refused at load with the reason, so that a team sees why its rule does not fire.
 */
@Component("ruleQueries")
class RuleQueries {

    private final RuleBook rules;
    private final DetectionTable detections;

    RuleQueries(RuleBook rules, DetectionTable detections) {
        this.rules = rules;
        this.detections = detections;
    }

    public RuleList rules(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        Map<String, DetectionTable.Hits> hits = detections.hits(request.tenant());
        List<Rule> items = new ArrayList<>();
        items.add(rule("lake-finding", "Findings that arrive from the lake (OCSF Findings category)", null, null,
                List.of(), "any finding (OCSF 2001-2004, 2006)", null, hits));
        for (RuleBook.RuleInfo r : rules.active()) {
            items.add(rule(r.uid(), r.title(), r.level(), r.severityId(), r.tags(), r.logsource(), r.file(), hits));
        }
        List<Refused> refused = rules.refused().stream()
                .map(r -> new Refused(r.file(), r.line() > 0 ? r.line() : null, r.field(), r.reason())).toList();
        return new RuleList(items, refused);
    }

    private static Rule rule(String uid, String title, String level, Integer severityId, List<String> tags,
                             String logsource, String file, Map<String, DetectionTable.Hits> hits) {
        DetectionTable.Hits h = hits.get(uid);
        return new Rule(uid, title, level, severityId, tags, logsource, file, h == null ? 0 : h.count(),
                h == null ? null : h.last().toEpochMilli());
    }

    /** The reply: rules in force and refused rule files. */
    record RuleList(List<Rule> items, List<Refused> refused) {
    }

    record Rule(String uid, String title, String level, @JsonProperty("severity_id") Integer severityId,
                List<String> tags, String logsource, String file, long hits,
                @JsonProperty("last_hit_time") Long lastHitTime) {
    }

    record Refused(String file, Integer line, String field, String reason) {
    }
}

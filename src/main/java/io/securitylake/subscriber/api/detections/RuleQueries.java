package io.securitylake.subscriber.api.detections;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.detect.DetectionTable;
import io.securitylake.subscriber.detect.Exceptions;
import io.securitylake.subscriber.detect.Placeholders;
import io.securitylake.subscriber.detect.RuleBook;
import io.securitylake.subscriber.incident.IncidentBodies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The rules in force with the caller's hit counts (lake-finding first, the lake's own findings), and the rule
 * files that were refused at load with the reason, so that a team sees why its rule does not fire.
 */
@Component("ruleQueries")
class RuleQueries {

    /** The span of the tuning figures: excepted, suppressed, verdicts and the false-positive rate. */
    static final Duration TUNING_SPAN = Duration.ofDays(30);

    private final RuleBook rules;
    private final DetectionTable detections;
    private final Exceptions exceptions;
    private final Placeholders placeholders;

    RuleQueries(RuleBook rules, DetectionTable detections, Exceptions exceptions, Placeholders placeholders) {
        this.rules = rules;
        this.detections = detections;
        this.exceptions = exceptions;
        this.placeholders = placeholders;
    }

    /** What the tenant's figures say of its rules over the last {@link #TUNING_SPAN}. */
    private record Tuning(Map<String, DetectionTable.Hits> hits, Map<String, Long> excepted, Map<String, Long> suppressed,
                          Map<String, Map<Integer, Long>> verdicts) {
    }

    public RuleList rules(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.tenant();
        Instant since = Instant.now().minus(TUNING_SPAN);
        Tuning t = new Tuning(detections.hits(tenant), exceptions.exceptedPerRule(tenant, since),
                detections.suppressed(tenant, since), detections.verdicts(tenant, since));
        List<Rule> items = new ArrayList<>();
        items.add(rule("lake-finding", "Findings that arrive from the lake (OCSF Findings category)", null, null,
                List.of(), "any finding (OCSF 2001-2004, 2006)", null, t, List.of(), List.of()));
        for (RuleBook.RuleInfo r : rules.active()) {
            items.add(rule(r.uid(), r.title(), r.level(), r.severityId(), r.tags(), r.logsource(), r.file(), t,
                    placeholders.missing(tenant, r.placeholders()), r.silent()));
        }
        List<Refused> refused = rules.refused().stream()
                .map(r -> new Refused(r.file(), r.line() > 0 ? r.line() : null, r.field(), r.reason())).toList();
        return new RuleList(items, refused);
    }

    private static Rule rule(String uid, String title, String level, Integer severityId, List<String> tags,
                             String logsource, String file, Tuning t, List<String> missing, List<String> silent) {
        DetectionTable.Hits h = t.hits().get(uid);
        Map<Integer, Long> verdicts = t.verdicts().getOrDefault(uid, Map.of());
        Map<String, Long> byVerdict = new TreeMap<>();
        long judged = 0;
        for (Map.Entry<Integer, Long> v : verdicts.entrySet()) {
            byVerdict.merge(IncidentBodies.VERDICTS.getOrDefault(v.getKey(), "Other"), v.getValue(), Long::sum);
            if (v.getKey() != 0) {
                judged += v.getValue();
            }
        }
        Double fpRate = judged == 0 ? null : verdicts.getOrDefault(1, 0L) / (double) judged;
        return new Rule(uid, title, level, severityId, tags, logsource, file, h == null ? 0 : h.count(),
                h == null ? null : h.last().toEpochMilli(), t.excepted().getOrDefault(uid, 0L),
                t.suppressed().getOrDefault(uid, 0L), byVerdict, fpRate, missing, silent);
    }

    /** The reply: rules in force and refused rule files. */
    record RuleList(List<Rule> items, List<Refused> refused) {
    }

    record Rule(String uid, String title, String level, @JsonProperty("severity_id") Integer severityId,
                List<String> tags, String logsource, String file, long hits,
                @JsonProperty("last_hit_time") Long lastHitTime, long excepted, long suppressed,
                @JsonProperty("incidents_by_verdict") Map<String, Long> incidentsByVerdict,
                @JsonProperty("false_positive_rate") Double falsePositiveRate,
                @JsonProperty("placeholders_missing") List<String> placeholdersMissing, List<String> silent) {
    }

    record Refused(String file, Integer line, String field, String reason) {
    }
}

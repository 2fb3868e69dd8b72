package io.securitylake.subscriber.api.detect;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.detect.DetectionTable;
import io.securitylake.subscriber.detect.Exceptions;
import io.securitylake.subscriber.sigma.Placeholders;
import io.securitylake.subscriber.detect.RuleBook;
import io.securitylake.subscriber.detect.RuleSets;
import io.securitylake.subscriber.incident.IncidentBodies;
import io.securitylake.subscriber.store.FieldsSeen;
import io.securitylake.subscriber.store.FieldsSeenTable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The rules in force for the caller's tenant with its hit counts (lake-finding first, the lake's own findings): the
 * rules for every tenant with the tenant's overrides, then its own; and the rule files that were refused at load with
 * the reason (another tenant's own files never), so that a team sees why its rule does not fire.
 */
@Component("ruleQueries")
class RuleQueries {

    /** The span of the tuning figures: excepted, suppressed, verdicts and the false-positive rate. */
    static final Duration TUNING_SPAN = Duration.ofDays(30);
    /** The span of a rule's fields seen: the UTC days from the one {@code SEEN_SPAN} ago to today. */
    static final Duration SEEN_SPAN = Duration.ofDays(7);

    private final RuleBook rules;
    private final DetectionTable detections;
    private final Exceptions exceptions;
    private final Placeholders placeholders;
    private final RuleSets ruleSets;
    private final FieldsSeenTable fieldsSeen;

    RuleQueries(RuleBook rules, DetectionTable detections, Exceptions exceptions, Placeholders placeholders,
                RuleSets ruleSets, FieldsSeenTable fieldsSeen) {
        this.fieldsSeen = fieldsSeen;
        this.rules = rules;
        this.detections = detections;
        this.exceptions = exceptions;
        this.placeholders = placeholders;
        this.ruleSets = ruleSets;
    }

    /**
     * What the tenant's figures say of its rules over the last {@link #TUNING_SPAN}, and the fields its events carried
     * over the last {@link #SEEN_SPAN}.
     */
    private record Tuning(Map<String, DetectionTable.Hits> hits, Map<String, Long> excepted, Map<String, Long> suppressed,
                          Map<String, Map<Integer, Long>> verdicts, FieldsSeen seen) {
    }

    public RuleList rules(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.tenant();
        Tuning t = tuning(tenant);
        List<Rule> items = new ArrayList<>();
        items.add(rule(new RuleSets.Setting(new RuleBook.RuleInfo("lake-finding",
                "Findings that arrive from the lake (OCSF Findings category)", null, 0, List.of(),
                "any finding (OCSF 2001-2004, 2006)", null, Set.of(), List.of(), Map.of(), Set.of(), false), true, null, 0, false, 0), t,
                List.of()));
        for (RuleSets.Setting s : ruleSets.settings(tenant)) {
            items.add(rule(s, t, placeholders.missing(tenant, s.rule().placeholders())));
        }
        List<Refused> refused = rules.refused(tenant).stream()
                .map(r -> new Refused(r.file(), r.line() > 0 ? r.line() : null, r.field(), r.reason())).toList();
        return new RuleList(items, refused);
    }

    /** The rule as in force for the tenant, with its figures (after a change). */
    Rule one(String tenant, RuleSets.Setting setting) {
        return rule(setting, tuning(tenant), placeholders.missing(tenant, setting.rule().placeholders()));
    }

    private Tuning tuning(String tenant) {
        Instant now = Instant.now();
        Instant since = now.minus(TUNING_SPAN);
        return new Tuning(detections.hits(tenant), exceptions.exceptedPerRule(tenant, since),
                detections.suppressed(tenant, since), detections.verdicts(tenant, since),
                fieldsSeen.since(tenant, LocalDate.ofInstant(now.minus(SEEN_SPAN), ZoneOffset.UTC)));
    }

    /**
     * One rule as in force for the tenant, with the tenant's figures; the rule's own level beside; {@code missing}:
     * the placeholders its values use that the tenant has no values for.
     */
    private static Rule rule(RuleSets.Setting s, Tuning t, List<String> missing) {
        RuleBook.RuleInfo r = s.rule();
        String uid = r.uid();
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
        return new Rule(uid, r.title(), s.level(), s.level() == null ? null : s.severityId(), r.level(), s.enabled(),
                s.overridden(), s.version(), r.own(), r.tags(), r.logsource(), r.file(), h == null ? 0 : h.count(),
                h == null ? null : h.last().toEpochMilli(), t.excepted().getOrDefault(uid, 0L),
                t.suppressed().getOrDefault(uid, 0L), byVerdict, fpRate, missing, r.silent(), fields(r, t.seen()));
    }

    /**
     * Each field the rule reads, by name, with the last UTC day an event of the tenant of one of the rule's classes held
     * a value at one of its OCSF paths ({@code unmapped["<name>"]} included), or null when none did since
     * {@link #SEEN_SPAN} ago.
     */
    private static List<FieldSeen> fields(RuleBook.RuleInfo r, FieldsSeen seen) {
        List<FieldSeen> out = new ArrayList<>();
        new TreeMap<>(r.fields()).forEach((name, paths) -> {
            LocalDate last = seen.lastSeen(r.classUids(), paths);
            out.add(new FieldSeen(name, last == null ? null : last.toString()));
        });
        return out;
    }

    /** The reply: rules in force and refused rule files. */
    record RuleList(List<Rule> items, List<Refused> refused) {
    }

    record Rule(String uid, String title, String level, @JsonProperty("severity_id") Integer severityId,
                @JsonProperty("rule_level") String ruleLevel, boolean enabled, boolean overridden, long version,
                boolean own, List<String> tags, String logsource, String file, long hits,
                @JsonProperty("last_hit_time") Long lastHitTime, long excepted, long suppressed,
                @JsonProperty("incidents_by_verdict") Map<String, Long> incidentsByVerdict,
                @JsonProperty("false_positive_rate") Double falsePositiveRate,
                @JsonProperty("placeholders_missing") List<String> placeholdersMissing, List<String> silent,
                List<FieldSeen> fields) {
    }

    /** A field a rule reads and the last UTC day (yyyy-mm-dd) the tenant's events carried it; null: not lately. */
    record FieldSeen(String field, @JsonProperty("last_seen") String lastSeen) {
    }

    record Refused(String file, Integer line, String field, String reason) {
    }
}

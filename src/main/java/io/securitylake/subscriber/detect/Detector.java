package io.securitylake.subscriber.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.intel.Hit;
import io.securitylake.subscriber.intel.IntelIndicators;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.sigma.Placeholders;
import io.securitylake.subscriber.sigma.SigmaCorrelation;
import io.securitylake.subscriber.sigma.SigmaFilter;
import io.securitylake.subscriber.sigma.SigmaRule;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.store.TenantBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Route {@code detect}'s steps: a stored tenant batch → its detections, for route {@code correlate} to store. A
 * finding from the lake becomes a {@code lake-finding} detection; every other event is tested against each rule in
 * force (a finding is never raised again by a rule). A rule's match raises a detection of its own, and feeds the
 * Sigma correlations that count that rule ({@link Correlator}, state in the tenant's store); the correlations'
 * windows that fire are detections too. A rule matching more than {@code lake.rules.max-per-chunk} events of one
 * batch is capped there, counted and logged, and so is a correlation fed more matches than that: a rule that
 * matches everything cannot fill the database. Once the detections are stored, the correlations' old windows expire.
 * Every event, findings included, is also looked up among the tenant's threat-intelligence indicators in force: each
 * indicator it matches is a detection of rule {@code threat-intel} ({@link IntelDetections}), capped like a rule.
 * The rules in force are the tenant's ({@link RuleSets}): the rules for every tenant with its overrides, and its own.
 */
@Component("detector")
public class Detector implements EventScreen {

    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    private final RuleBook rules;
    private final Correlator correlator;
    private final Exceptions exceptions;
    private final Suppressions suppressions;
    private final RuleSets ruleSets;
    private final LakeMetrics metrics;
    private final IntelIndicators intel;
    private final int cap;
    /** Key prefixes of the custom sources this service publishes to ({@code ext/<source>/}): never detected from. */
    private final List<String> ownSources;
    private final ObjectMapper json = new ObjectMapper();
    private Placeholders placeholders = Placeholders.NONE;

    @Autowired
    Detector(RuleBook rules, RuleSets ruleSets, Correlator correlator, Exceptions exceptions, Suppressions suppressions,
             LakeMetrics metrics, RuleSettings ruleSettings, TenantSettings tenantSettings, IntelIndicators intel,
             Placeholders placeholders) {
        this(rules, ruleSets, correlator, exceptions, suppressions, metrics, ruleSettings.maxPerChunk(), intel,
                ownSources(tenantSettings));
        this.placeholders = placeholders;
    }

    /** With these tenants' placeholder values (tests). */
    Detector placeholders(Placeholders values) {
        this.placeholders = values;
        return this;
    }

    /** Without exceptions, tenant suppressions and threat intelligence (tests of the rules alone). */
    Detector(RuleBook rules, Correlator correlator, LakeMetrics metrics, int cap) {
        this(rules, correlator, null, null, metrics, cap, new IntelIndicators());
    }

    /** Without exceptions and tenant suppressions. */
    Detector(RuleBook rules, Correlator correlator, LakeMetrics metrics, int cap, IntelIndicators intel) {
        this(rules, correlator, null, null, metrics, cap, intel);
    }

    /** Without the tenants' rule sets: every tenant gets the rules for every tenant, as written. */
    Detector(RuleBook rules, Correlator correlator, Exceptions exceptions, Suppressions suppressions, LakeMetrics metrics,
             int cap, IntelIndicators intel) {
        this(rules, null, correlator, exceptions, suppressions, metrics, cap, intel, ownSources(null));
    }

    Detector(RuleBook rules, RuleSets ruleSets, Correlator correlator, Exceptions exceptions, Suppressions suppressions,
             LakeMetrics metrics, int cap, IntelIndicators intel, List<String> ownSources) {
        this.ownSources = ownSources;
        this.rules = rules;
        this.ruleSets = ruleSets;
        this.correlator = correlator;
        this.exceptions = exceptions;
        this.suppressions = suppressions;
        this.metrics = metrics;
        this.intel = intel;
        this.cap = cap;
    }

    /**
     * What a batch raised: detections of single events, the matches each correlation counts, and the matches the
     * tenant's exceptions took out.
     */
    record Evaluation(List<Detection> detections, Map<SigmaCorrelation, List<CorrelationTable.Hit>> hits,
                      List<Exceptions.Hit> excepted) {
    }

    /**
     * Evaluates the batch just stored and advances its correlation windows: gives every detection of the batch (route
     * correlate stores them; those stored before are no-ops there) and the correlations it fed (for {@link #expire}).
     */
    public BatchDetections detect(@Body TenantBatch batch) {
        Evaluation evaluation = evaluateAll(batch);
        if (exceptions != null) {
            metrics.detectionsExcepted(batch.tenant(), exceptions.record(batch.tenant(), evaluation.excepted()));
        }
        List<Detection> found = new ArrayList<>(evaluation.detections());
        found.addAll(correlator.advance(batch.tenant(), evaluation.hits()));
        return new BatchDetections(batch.tenant(), found, List.copyOf(evaluation.hits().keySet()));
    }

    /**
     * Deletes the old windows of the correlations a batch fed, once its detections are stored: a window that fired
     * is still there if storing failed, so the redelivery raises its detection again.
     */
    public void expire(@Body BatchDetections stored) {
        correlator.expire(stored.tenant(), stored.correlationsFed());
    }

    /**
     * Screens an event of the tenant: needed when it is a finding of the lake, a rule in force for the tenant (with its
     * placeholder values, its overrides and its own rules) matches it or an indicator in force for the tenant matches
     * it; never an event this service wrote itself. The reading thread keeps only such events (with their hits) for
     * {@link #detect}; the others wait ahead as rows alone, so the decoded events of a chunk are not kept alive while
     * it is stored (the collector's copying of them cost Java CPU per event: docs/development.md, pitfalls).
     */
    @Override
    public Screening screen(String tenant, Map<String, Object> event) {
        if (LakeFindings.isOwn(event)) {
            return Screening.NOT_NEEDED;
        }
        List<Hit> hits = intel.matches(tenant, event);
        return !hits.isEmpty() || LakeFindings.isFinding(event)
                || placeholders.within(tenant, () -> inForce(tenant).matchesAny(event))
                ? new Screening(true, hits) : Screening.NOT_NEEDED;
    }

    /** The rules in force for the tenant: its overrides and its own rules applied, when it has rule sets. */
    private RuleBook.Snapshot inForce(String tenant) {
        return ruleSets == null ? rules.inForce() : ruleSets.inForce(tenant);
    }

    /** The custom sources every tenant publishes to, and the default names (whoever wrote under them, it was us). */
    static List<String> ownSources(TenantSettings tenantSettings) {
        java.util.Set<String> sources = new java.util.TreeSet<>(TenantSettings.Publish.DEFAULT_SOURCES);
        if (tenantSettings != null) {
            tenantSettings.tenants().values().forEach(t -> {
                sources.add(t.publish().detectionsSource());
                sources.add(t.publish().incidentsSource());
            });
        }
        return sources.stream().map(s -> "ext/" + s + "/").toList();
    }

    /** An object of a source this service publishes: its events are stored, never detected from (no feedback loop). */
    boolean ownObject(String key) {
        return key != null && ownSources.stream().anyMatch(key::startsWith);
    }

    /** The single-event detections of a batch (pure: no store), capped per rule. */
    List<Detection> evaluate(TenantBatch batch) {
        return evaluateAll(batch).detections();
    }

    /**
     * The detections and correlation matches of a batch (pure: no store), capped per rule and per correlation; with
     * the tenant's placeholder values in force.
     */
    Evaluation evaluateAll(TenantBatch batch) {
        if (ownObject(batch.objectKey())) {
            return new Evaluation(List.of(), Map.of(), List.of());
        }
        return placeholders.within(batch.tenant(), () -> evaluateInScope(batch));
    }

    private Evaluation evaluateInScope(TenantBatch batch) {
        List<EventRow> rows = batch.rows();
        List<Map<String, Object>> events = batch.events();
        List<List<Hit>> screened = batch.intelHits();
        RuleBook.Snapshot inForce = inForce(batch.tenant());
        Exceptions.Snapshot excepting = exceptions == null ? Exceptions.Snapshot.NONE : exceptions.inForce(batch.tenant());
        long now = excepting.isEmpty() ? 0 : exceptions.now();
        List<Exceptions.Hit> excepted = new ArrayList<>();
        List<Detection> out = new ArrayList<>();
        Map<SigmaCorrelation, Map<String, CorrelationTable.Hit>> hits = new LinkedHashMap<>();
        Map<String, Integer> perRule = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            EventRow row = rows.get(i);
            Map<String, Object> event = events.isEmpty() ? parse(row) : events.get(i);
            if (event == null || LakeFindings.isOwn(event)) {
                continue; // the reading thread found nothing to detect in it, or this service wrote it itself
            }
            // the reading thread looked the event up when it screened it; a batch made otherwise is looked up here
            for (Hit hit : screened.isEmpty() ? intel.matches(batch.tenant(), event) : screened.get(i)) {
                if (!excepted(excepting, IntelDetections.RULE, event, row, now, excepted)
                        && perRule.merge(IntelDetections.RULE, 1, Integer::sum) <= cap) {
                    out.add(IntelDetections.of(hit, event, row));
                }
            }
            if (LakeFindings.isFinding(event)) {
                if (!excepted(excepting, Detection.LAKE_FINDING, event, row, now, excepted)) {
                    out.add(LakeFindings.detection(event, row.uid(), row.timeMs(), row.severityId()));
                }
                continue;
            }
            Map<String, Object> matched = event;
            inForce.forEachMatch(event, rule -> {
                if (excepted(excepting, rule.uid(), matched, row, now, excepted)) {
                    return; // neither its detection nor the correlations it feeds
                }
                SigmaCorrelation suppressed = rule.raises() ? suppressedAs(batch.tenant(), rule) : null;
                CorrelationTable.Hit grouped = suppressed == null ? null
                        : Correlator.hit(suppressed, matched, row.uid(), row.timeMs());
                if (grouped != null) {
                    // counted whole, never capped: absorbing a flood is what a suppression is for
                    hits.computeIfAbsent(suppressed, k -> new LinkedHashMap<>()).put(row.uid(), grouped);
                } else if (rule.raises() && perRule.merge(rule.uid(), 1, Integer::sum) <= cap) {
                    out.add(raised(rule, matched, row)); // not suppressed, or without the fields of its groups
                }
                for (SigmaCorrelation c : inForce.correlationsOf(rule)) {
                    if (excepted(excepting, c.uid(), matched, row, now, excepted)) {
                        continue;
                    }
                    Map<String, CorrelationTable.Hit> ofCorrelation = hits.computeIfAbsent(c, k -> new LinkedHashMap<>());
                    // an event two base rules match counts once
                    if (!ofCorrelation.containsKey(row.uid()) && perRule.merge(c.uid(), 1, Integer::sum) <= cap) {
                        CorrelationTable.Hit hit = Correlator.hit(c, matched, row.uid(), row.timeMs());
                        if (hit != null) {
                            ofCorrelation.put(row.uid(), hit);
                        }
                    }
                }
            });
        }
        perRule.forEach((rule, n) -> {
            if (n > cap) {
                metrics.detectionsCapped(batch.tenant(), rule, n - cap);
                LOG.warn("rule {} matched {} events of one chunk of {} (tenant {}); kept {}, dropped {}",
                        rule, n, batch.objectKey(), batch.tenant(), cap, n - cap);
            }
        });
        Map<SigmaCorrelation, List<CorrelationTable.Hit>> byCorrelation = new LinkedHashMap<>();
        hits.forEach((c, h) -> byCorrelation.put(c, List.copyOf(h.values())));
        return new Evaluation(out, byCorrelation, excepted);
    }

    /** The rule as the tenant's suppression counts it, or null when it is not suppressed. */
    private SigmaCorrelation suppressedAs(String tenant, SigmaRule rule) {
        if (suppressions != null) {
            return suppressions.of(tenant, rule);
        }
        return rule.suppression() == null ? null : rule.suppression().of(rule);
    }

    /** Whether an exception of the tenant takes the event out of the rule's matches; if so, the hit is added. */
    private static boolean excepted(Exceptions.Snapshot excepting, String ruleUid, Map<String, Object> event,
                                    EventRow row, long now, List<Exceptions.Hit> hits) {
        if (excepting.isEmpty()) {
            return false;
        }
        SigmaFilter f = excepting.excepting(ruleUid, event, now);
        if (f == null) {
            return false;
        }
        hits.add(new Exceptions.Hit(f.uid(), ruleUid, row.uid(), row.timeMs()));
        return true;
    }
    private static Detection raised(SigmaRule rule, Map<String, Object> event, EventRow row) {
        Map<String, Object> details = new HashMap<>();
        details.put("finding_info", Map.of("uid", rule.uid(), "title", rule.title()));
        details.put("tags", rule.tags());
        details.put("source_class_uid", row.classUid());
        return new Detection(Detection.uidOf(rule.uid(), row.uid()), row.timeMs(), rule.severityId(), rule.uid(),
                rule.title(), List.of(row.uid()), Entities.of(event), rule.attackTags(), row.timeMs(), row.timeMs(),
                null, details);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(EventRow row) {
        try {
            return json.readValue(row.json(), Map.class);
        } catch (IOException e) {
            throw new IllegalStateException("stored event " + row.uid() + " is not JSON", e);
        }
    }
}

package io.securitylake.subscriber.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.LakeExchange;
import io.securitylake.subscriber.LakeProperties;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.store.EventRow;
import io.securitylake.subscriber.store.TenantBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Route {@code detect}'s step: a stored tenant batch → its detections, in that tenant's store. A finding from the
 * lake becomes a {@code lake-finding} detection; every other event is tested against each rule in force (a
 * finding is never raised again by a rule). A rule's match raises a detection of its own, and feeds the Sigma
 * correlations that count that rule ({@link Correlator}, state in the tenant's store); the correlations' windows
 * that fire are stored with the other detections, by the same call. A rule matching more than
 * {@code lake.rules.max-per-chunk} events of one batch is capped there, counted and logged, and so is a
 * correlation fed more matches than that: a rule that matches everything cannot fill the database.
 */
@Component("detector")
public class Detector {

    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    private final RuleBook rules;
    private final DetectionTable table;
    private final Correlator correlator;
    private final LakeMetrics metrics;
    private final int cap;
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    Detector(RuleBook rules, DetectionTable table, Correlator correlator, LakeMetrics metrics, LakeProperties lake) {
        this(rules, table, correlator, metrics, lake.rules().maxPerChunk());
    }

    Detector(RuleBook rules, DetectionTable table, Correlator correlator, LakeMetrics metrics, int cap) {
        this.rules = rules;
        this.table = table;
        this.correlator = correlator;
        this.metrics = metrics;
        this.cap = cap;
    }

    /** What a batch raised: detections of single events, and the matches each correlation counts. */
    record Evaluation(List<Detection> detections, Map<SigmaCorrelation, List<CorrelationTable.Hit>> hits) {
    }

    /**
     * Evaluates and stores the batch (its correlation windows advanced); every detection of the batch goes to
     * property LakeDetections, stored now or before: correlation skips those already in an incident, and a
     * redelivery after a failure between the two steps still correlates the detections the first attempt stored.
     */
    public void detect(Exchange exchange, @ExchangeProperty(LakeExchange.BATCH) TenantBatch batch) {
        Evaluation evaluation = evaluateAll(batch);
        List<Detection> found = new ArrayList<>(evaluation.detections());
        found.addAll(correlator.advance(batch.tenant(), evaluation.hits()));
        for (Detection d : table.store(batch.tenant(), found)) {
            metrics.detectionRaised(batch.tenant(), d.ruleUid());
        }
        correlator.expire(batch.tenant(), evaluation.hits().keySet());
        exchange.setProperty(LakeExchange.DETECTIONS, found);
    }

    /** The single-event detections of a batch (pure: no store), capped per rule. */
    List<Detection> evaluate(TenantBatch batch) {
        return evaluateAll(batch).detections();
    }

    /** The detections and correlation matches of a batch (pure: no store), capped per rule and per correlation. */
    Evaluation evaluateAll(TenantBatch batch) {
        List<EventRow> rows = batch.rows();
        List<Map<String, Object>> events = batch.events();
        RuleBook.Snapshot inForce = rules.inForce();
        List<Detection> out = new ArrayList<>();
        Map<SigmaCorrelation, Map<String, CorrelationTable.Hit>> hits = new LinkedHashMap<>();
        Map<String, Integer> perRule = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            EventRow row = rows.get(i);
            Map<String, Object> event = events.isEmpty() ? parse(row) : events.get(i);
            if (LakeFindings.isFinding(event)) {
                out.add(LakeFindings.detection(event, row.uid(), row.timeMs(), row.severityId()));
                continue;
            }
            Map<String, Object> matched = event;
            inForce.forEachMatch(event, rule -> {
                if (rule.raises() && perRule.merge(rule.uid(), 1, Integer::sum) <= cap) {
                    out.add(raised(rule, matched, row));
                }
                for (SigmaCorrelation c : inForce.correlationsOf(rule)) {
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
        return new Evaluation(out, byCorrelation);
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

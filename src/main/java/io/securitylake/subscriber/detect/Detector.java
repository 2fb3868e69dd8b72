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
 * finding is never raised again by a rule). A rule matching more than {@code lake.rules.max-per-chunk} events of
 * one batch is capped there, counted and logged: a rule that matches everything cannot fill the database.
 */
@Component("detector")
public class Detector {

    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    private final RuleBook rules;
    private final DetectionTable table;
    private final LakeMetrics metrics;
    private final int cap;
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    Detector(RuleBook rules, DetectionTable table, LakeMetrics metrics, LakeProperties lake) {
        this(rules, table, metrics, lake.rules().maxPerChunk());
    }

    Detector(RuleBook rules, DetectionTable table, LakeMetrics metrics, int cap) {
        this.rules = rules;
        this.table = table;
        this.metrics = metrics;
        this.cap = cap;
    }

    /**
     * Evaluates and stores the batch; every detection of the batch goes to property LakeDetections, stored now or
     * before: correlation skips those already in an incident, and a redelivery after a failure between the two
     * steps still correlates the detections the first attempt stored.
     */
    public void detect(@ExchangeProperty(LakeExchange.BATCH) TenantBatch batch, Exchange exchange) {
        List<Detection> found = evaluate(batch);
        for (Detection d : table.store(batch.tenant(), found)) {
            metrics.detectionRaised(batch.tenant(), d.ruleUid());
        }
        exchange.setProperty(LakeExchange.DETECTIONS, found);
    }

    /** The detections of a batch (pure: no store), capped per rule. */
    List<Detection> evaluate(TenantBatch batch) {
        List<EventRow> rows = batch.rows();
        List<Map<String, Object>> events = batch.events();
        List<Detection> out = new ArrayList<>();
        Map<String, Integer> perRule = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            EventRow row = rows.get(i);
            Map<String, Object> event = events.isEmpty() ? parse(row) : events.get(i);
            if (LakeFindings.isFinding(event)) {
                out.add(LakeFindings.detection(event, row.uid(), row.timeMs(), row.severityId()));
                continue;
            }
            Map<String, Object> matched = event;
            rules.forEachMatch(event, rule -> {
                if (perRule.merge(rule.uid(), 1, Integer::sum) <= cap) {
                    out.add(raised(rule, matched, row));
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
        return out;
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

package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.intel.Hit;
import io.securitylake.subscriber.intel.Indicator;
import io.securitylake.subscriber.store.EventRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event's value that a threat-intelligence indicator matched → a detection of rule {@code threat-intel}, naming the
 * feed and the indicator. Its uid is the event's and the indicator's (STIX id, or feed, and the value), so a
 * redelivered or replayed event raises the same detection again, stored once. Severity: the feed's, or else from the
 * indicator's confidence (85+ High, 50+ Medium, 15+ Low, below Informational).
 */
public final class IntelDetections {

    public static final String RULE = "threat-intel";
    static final String TITLE = "Threat intelligence indicator matched";

    private IntelDetections() {
    }

    static Detection of(Hit hit, Map<String, Object> event, EventRow row) {
        Indicator i = hit.indicator();
        String key = row.uid() + "\n" + (i.stixId() != null ? i.stixId() : i.feed()) + "\n" + i.type().id() + ":" + i.value();
        Map<String, Object> indicator = new LinkedHashMap<>();
        indicator.put("value", i.value());
        indicator.put("type", i.type().id());
        indicator.put("feed", i.feed());
        indicator.put("confidence", i.confidence());
        indicator.put("valid_until", i.validUntil() == null ? null : i.validUntil().toEpochMilli());
        indicator.put("stix_id", i.stixId());
        indicator.put("name", i.name());
        indicator.put("labels", i.labels());
        indicator.put("kill_chain_phases", i.killChainPhases());
        indicator.put("field", hit.field());
        indicator.put("observed", hit.observed());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("finding_info", Map.of("uid", RULE, "title", TITLE));
        details.put("indicator", indicator);
        details.put("source_class_uid", row.classUid());
        List<Entities.Entity> entities = new ArrayList<>(Entities.of(event));
        if (i.type().isAddress()) {
            Entities.Entity address = new Entities.Entity("ip", hit.observed());
            if (!entities.contains(address)) {
                entities.add(address);
            }
        }
        return new Detection(Detection.uidOf(RULE, key), row.timeMs(),
                hit.feedSeverity() != null ? hit.feedSeverity() : severity(i.confidence()), RULE, TITLE,
                List.of(row.uid()), entities, attacks(i), row.timeMs(), row.timeMs(), null, details);
    }

    /** OCSF severity_id of an indicator's confidence. */
    static int severity(int confidence) {
        return confidence >= 85 ? 4 : confidence >= 50 ? 3 : confidence >= 15 ? 2 : 1;
    }

    /** The feed a threat-intel detection names, or null for a detection of another rule. */
    public static String feedOf(Detection d) {
        return RULE.equals(d.ruleUid()) && d.details().get("indicator") instanceof Map<?, ?> m
                && m.get("feed") instanceof String feed ? feed : null;
    }

    /** ATT&CK tactics of the indicator's {@code mitre-attack} kill-chain phases, as the detections name them. */
    private static List<String> attacks(Indicator i) {
        List<String> out = new ArrayList<>();
        for (String phase : i.killChainPhases()) {
            if (phase.startsWith("mitre-attack:")) {
                out.add(phase.substring("mitre-attack:".length()).replace('-', '_'));
            }
        }
        return out;
    }
}

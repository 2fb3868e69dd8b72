package io.securitylake.subscriber.predict;

import io.securitylake.subscriber.detect.Detection;
import io.securitylake.subscriber.detect.Entities;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An anomaly as a detection: rule {@code volume-anomaly} (spike, drop, level shift), {@code source-silent} or
 * {@code new-source}; uid from the rule and the anomaly's uid; entity the source ({@code resource}) or the
 * {@code account}; no event uids (the rollups raised it, not stored events).
 */
final class AnomalyDetections {

    private static final Map<String, String> TITLES = Map.of(
            "volume-anomaly", "Event volume outside its expected range",
            "source-silent", "A source or account fell silent",
            "new-source", "A new source or account sends events");

    private AnomalyDetections() {
    }

    static String uidOf(Anomaly a) {
        return Detection.uidOf(a.kind().rule(), a.uid());
    }

    static Detection of(Anomaly a) {
        String rule = a.kind().rule();
        List<Entities.Entity> entities = switch (a.series().by()) {
            case SeriesKey.SOURCE -> List.of(new Entities.Entity("resource", a.series().value()));
            case SeriesKey.ACCOUNT -> List.of(new Entities.Entity("account", a.series().value()));
            default -> List.of();
        };
        Map<String, Object> anomaly = new LinkedHashMap<>();
        anomaly.put("uid", a.uid());
        anomaly.put("kind", a.kind().id());
        anomaly.put("series", Map.of("by", a.series().by(), "value", a.series().value()));
        anomaly.put("observed", a.observed());
        anomaly.put("expected", a.expected());
        anomaly.put("lower", a.lower());
        anomaly.put("upper", a.upper());
        anomaly.put("hours", a.hours());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("finding_info", Map.of("uid", a.uid(), "title", title(a), "desc", describe(a)));
        details.put("anomaly", anomaly);
        long end = a.timeMs() + a.hours() * 3_600_000L - 1;
        return new Detection(uidOf(a), a.timeMs(), a.severityId(), rule, TITLES.get(rule), List.of(), entities,
                List.of(), a.timeMs(), end, null, details);
    }

    private static String title(Anomaly a) {
        return switch (a.kind()) {
            case SPIKE -> "Spike in " + a.series();
            case DROP -> "Drop in " + a.series();
            case LEVEL_SHIFT -> "Level shift in " + a.series();
            case SILENCE -> a.series() + " fell silent";
            case NEW_SOURCE -> "New " + a.series();
        };
    }

    static String describe(Anomaly a) {
        String at = Instant.ofEpochMilli(a.timeMs()).toString();
        return switch (a.kind()) {
            case SPIKE, DROP -> String.format(Locale.ROOT, "%s: %.0f events in the hour from %s, expected %.1f (%.1f to %.1f)",
                    a.series(), a.observed(), at, a.expected(), a.lower(), a.upper());
            case LEVEL_SHIFT -> String.format(Locale.ROOT, "%s: %.1f events an hour for %d hours from %s, expected %.1f",
                    a.series(), a.observed(), a.hours(), at, a.expected());
            case SILENCE -> String.format(Locale.ROOT, "%s: no events for %d hours from %s, expected %.1f an hour",
                    a.series(), a.hours(), at, a.expected());
            case NEW_SOURCE -> String.format(Locale.ROOT, "%s: first events (%.0f) in the hour from %s",
                    a.series(), a.observed(), at);
        };
    }
}

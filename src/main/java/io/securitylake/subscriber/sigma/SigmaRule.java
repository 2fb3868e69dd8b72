package io.securitylake.subscriber.sigma;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A Sigma rule the engine honours whole: what it selects ({@link Logsource}) and its compiled detection.
 *
 * @param uid        the rule's {@code id}, or its file name without extension
 * @param severityId OCSF severity of its {@code level}
 * @param tags       Sigma tags as written ({@code attack.t1078}, {@code attack.persistence}, ...)
 * @param file       where it was loaded from
 * @param name       its Sigma {@code name} (how a correlation may refer to it), or null
 * @param raises     whether a match raises a detection of its own: false for a base rule that only feeds the
 *                   correlations of its file (Sigma's default, {@code generate: false})
 * @param status     its Sigma {@code status} in lower case ({@code stable}, {@code test}, ...), or null
 * @param suppression the rule file's {@code suppress:}, or null
 * @param placeholders the names of the {@code expand} placeholders its detection uses ({@link Placeholders})
 * @param fields     the Sigma fields its detection names, each with the OCSF paths it is read from
 * @param silent     the fields no event of its logsource's classes can carry ({@link SilentFields}); empty when none
 */
public record SigmaRule(String uid, String title, String level, int severityId, List<String> tags, Logsource logsource,
                 Predicate<Map<String, Object>> detection, String file, String name, boolean raises, String status,
                 Suppression suppression, Set<String> placeholders, Map<String, List<String>> fields,
                 List<String> silent) {

    SigmaRule(String uid, String title, String level, int severityId, List<String> tags, Logsource logsource,
              Predicate<Map<String, Object>> detection, String file, String name, boolean raises, String status,
              Suppression suppression) {
        this(uid, title, level, severityId, tags, logsource, detection, file, name, raises, status, suppression, Set.of(),
                Map.of(), List.of());
    }

    SigmaRule(String uid, String title, String level, int severityId, List<String> tags, Logsource logsource,
              Predicate<Map<String, Object>> detection, String file, String name, boolean raises, String status) {
        this(uid, title, level, severityId, tags, logsource, detection, file, name, raises, status, null);
    }

    public boolean matches(Map<String, Object> event) {
        return logsource.selects(event) && detection.test(event);
    }

    /** ATT&CK tags: {@code attack.t1078.004} and {@code attack.persistence}, without the prefix. */
    public List<String> attackTags() {
        return tags.stream().filter(t -> t.startsWith("attack.")).map(t -> t.substring("attack.".length())).toList();
    }
}

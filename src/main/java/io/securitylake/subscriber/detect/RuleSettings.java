package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.SettingsFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sigma detection rules, evaluated on every stored chunk.
 *
 * @param dir         folders of the {@code *.yml} / {@code *.yaml} rules, read recursively (a SigmaHQ checkout's
 *                    {@code rules/} as it is); absent: {@code ./rules} if present, else the jar's starter pack
 * @param maxPerChunk detections one rule may raise from one tenant's share of a chunk; more are dropped and counted
 * @param reloadInterval how often a rules folder is checked for added, changed or removed files; 0: never
 * @param enabled     false: nothing is detected (no rule, and the lake's findings are not made detections); the
 *                    events are still stored and served
 * @param minLevel    rules of a lower {@code level} are not loaded (informational, low, medium, high, critical)
 * @param statuses    the Sigma {@code status} values loaded; a rule of another status (by default
 *                    {@code deprecated}, {@code unsupported}) is not; a rule without status is loaded
 * @param exceptionsDir folder of per-tenant exception files, Sigma filters in {@code <exceptionsDir>/<tenant>/*.yml};
 *                    absent: exceptions come from the API only
 */
@ConfigurationProperties("lake.rules")
public record RuleSettings(List<Path> dir, @DefaultValue("1000") int maxPerChunk, @DefaultValue("10s") Duration reloadInterval,
                           @DefaultValue("true") boolean enabled, @DefaultValue("informational") String minLevel,
                           @DefaultValue({"stable", "test", "experimental"}) List<String> statuses, Path exceptionsDir) {

    static final List<String> LEVELS = List.of("informational", "low", "medium", "high", "critical");

    @ConstructorBinding
    public RuleSettings {
        dir = dir == null ? List.of() : List.copyOf(dir);
        minLevel = minLevel == null ? "informational" : minLevel.toLowerCase(java.util.Locale.ROOT);
        if (!LEVELS.contains(minLevel)) {
            throw new IllegalArgumentException("lake.rules.min-level is one of " + LEVELS + ", not " + minLevel);
        }
        statuses = statuses == null ? List.of("stable", "test", "experimental")
                : statuses.stream().map(st -> st.trim().toLowerCase(java.util.Locale.ROOT)).toList();
    }

    /** One folder (or none), the other settings at their defaults. */
    public RuleSettings(Path dir, int maxPerChunk, Duration reloadInterval, boolean enabled) {
        this(dir == null ? List.of() : List.of(dir), maxPerChunk, reloadInterval, enabled, "informational", null, null);
    }

    /** The defaults but for the settings given, each name (after {@code lake.rules.}) then its value: for tests. */
    public static RuleSettings of(Object... nameValues) {
        return SettingsFactory.bind(RuleSettings.class, nameValues);
    }
}

package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.LakeProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The Sigma rules in force, loaded once at start from {@code lake.rules.dir}, else {@code ./rules} when run from
 * the checkout, else the starter pack packaged in the jar ({@code rules/*.yml}). A file the engine cannot honour is
 * refused whole, logged with its reason, and listed by {@code GET /api/v1/rules}; the other rules work on.
 */
@Component("ruleBook")
public class RuleBook {

    private static final Logger LOG = LoggerFactory.getLogger(RuleBook.class);

    /** A rule file that was not loaded, and why. */
    public record Refusal(String file, int line, String field, String reason) {
    }

    private final List<SigmaRule> rules = new ArrayList<>();
    /** The rules grouped by logsource, so that an event's logsource is tested once per group, not once per rule. */
    private final Map<Logsource, List<SigmaRule>> byLogsource = new LinkedHashMap<>();
    private final List<Refusal> refused = new ArrayList<>();
    private final String location;

    @Autowired
    public RuleBook(LakeProperties lake) {
        Path folder = folder(lake.rules().dir());
        location = folder == null ? "classpath:rules/" : folder.toString();
        try {
            if (folder == null) {
                Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:rules/*.yml");
                List<Resource> sorted = Stream.of(resources).sorted(Comparator.comparing(Resource::getFilename)).toList();
                for (Resource r : sorted) {
                    try (InputStream in = r.getInputStream()) {
                        load(r.getFilename(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            } else {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path f : files.filter(RuleBook::isRuleFile).sorted().toList()) {
                        load(f.getFileName().toString(), Files.readString(f));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the rules at " + location, e);
        }
        LOG.info("{} Sigma rules in force from {}, {} refused", rules.size(), location, refused.size());
    }

    /** Rules parsed from text, for tests: the same loading, without a folder. */
    RuleBook(List<String[]> files) {
        location = "test";
        files.forEach(f -> load(f[0], f[1]));
    }

    static Path folder(Path configured) {
        if (configured != null) {
            return configured.toAbsolutePath().normalize();
        }
        return Files.isDirectory(Path.of("rules")) ? Path.of("rules").toAbsolutePath().normalize() : null;
    }

    private static boolean isRuleFile(Path f) {
        String name = f.getFileName().toString();
        return Files.isRegularFile(f) && (name.endsWith(".yml") || name.endsWith(".yaml"));
    }

    private void load(String file, String text) {
        String stem = file.replaceFirst("\\.ya?ml$", "");
        try {
            SigmaRule rule = SigmaParser.parse(file, stem, text);
            Set<String> uids = new HashSet<>();
            rules.forEach(r -> uids.add(r.uid()));
            if (uids.contains(rule.uid())) {
                throw new RuleRefused(1, "id", "another rule has id " + rule.uid());
            }
            rules.add(rule);
            byLogsource.computeIfAbsent(rule.logsource(), l -> new ArrayList<>()).add(rule);
        } catch (RuleRefused e) {
            Refusal refusal = new Refusal(file, e.line(), e.field(), e.getMessage());
            refused.add(refusal);
            LOG.warn("Sigma rule {} refused (line {}, field {}): {}", file, e.line(), e.field(), e.getMessage());
        }
    }

    List<SigmaRule> rules() {
        return rules;
    }

    /** Calls {@code hit} with each rule whose logsource selects the event and whose detection matches it. */
    void forEachMatch(Map<String, Object> event, Consumer<SigmaRule> hit) {
        for (Map.Entry<Logsource, List<SigmaRule>> group : byLogsource.entrySet()) {
            if (group.getKey().selects(event)) {
                for (SigmaRule rule : group.getValue()) {
                    if (rule.detection().test(event)) {
                        hit.accept(rule);
                    }
                }
            }
        }
    }

    public List<Refusal> refused() {
        return List.copyOf(refused);
    }

    /** The active rules as the API lists them (without hit counts, which are the tenant's). */
    public List<RuleInfo> active() {
        return rules.stream().map(r -> new RuleInfo(r.uid(), r.title(), r.level(), r.severityId(), r.tags(),
                r.logsource().name(), r.file())).toList();
    }

    /** What the API tells about an active rule. */
    public record RuleInfo(String uid, String title, String level, int severityId, List<String> tags,
                           String logsource, String file) {
    }
}

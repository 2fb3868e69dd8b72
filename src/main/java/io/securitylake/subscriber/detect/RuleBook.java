package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.DaemonThreads;
import io.securitylake.subscriber.LakeProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The Sigma rules in force, from {@code lake.rules.dir}, else {@code ./rules} when run from the checkout, else the
 * starter pack packaged in the jar ({@code rules/*.yml}). A file the engine cannot honour is refused whole, logged
 * with its reason, and listed by {@code GET /api/v1/rules}; the other rules work on. A rules folder is checked every
 * {@code lake.rules.reload-interval}: when a file was added, changed or removed, the whole folder is read again and
 * the new set replaces the old one at once (the folder is the truth: a file now refused is no longer in force).
 */
@Component("ruleBook")
public class RuleBook implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(RuleBook.class);

    /** A rule file that was not loaded, and why. */
    public record Refusal(String file, int line, String field, String reason) {
    }

    /** One complete reading of the rules, never changed once built. */
    private record Snapshot(List<SigmaRule> rules, Map<Logsource, List<SigmaRule>> byLogsource,
                            List<Refusal> refused, List<String> stamp) {
    }

    private final Path folder;
    private final ScheduledExecutorService watcher;
    private volatile Snapshot current;

    @Autowired
    public RuleBook(LakeProperties lake) {
        folder = folder(lake.rules().dir());
        current = folder == null ? fromJar() : fromFolder(folder, stamp(folder));
        LOG.info("{} Sigma rules in force from {}, {} refused", current.rules().size(),
                folder == null ? "the jar" : folder, current.refused().size());
        Duration interval = lake.rules().reloadInterval();
        if (folder != null && !interval.isZero() && !interval.isNegative()) {
            watcher = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lake-rules-reload"));
            watcher.scheduleWithFixedDelay(this::reloadIfChanged, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            watcher = null;
        }
    }

    /** Rules parsed from text, for tests: the same loading, without a folder. */
    RuleBook(List<String[]> files) {
        folder = null;
        watcher = null;
        current = build(files, List.of());
    }

    static Path folder(Path configured) {
        if (configured != null) {
            return configured.toAbsolutePath().normalize();
        }
        return Files.isDirectory(Path.of("rules")) ? Path.of("rules").toAbsolutePath().normalize() : null;
    }

    /** Reads the folder again if a rule file was added, changed or removed since the last reading. */
    void reloadIfChanged() {
        try {
            List<String> stamp = stamp(folder);
            if (!stamp.equals(current.stamp())) {
                current = fromFolder(folder, stamp);
                LOG.info("Sigma rules reloaded from {}: {} in force, {} refused", folder, current.rules().size(),
                        current.refused().size());
            }
        } catch (RuntimeException e) {
            LOG.warn("Sigma rules not reloaded from {} (the rules in force stay): {}", folder, e.toString());
        }
    }

    private static Snapshot fromJar() {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:rules/*.yml");
            List<String[]> files = new ArrayList<>();
            for (Resource r : Stream.of(resources).sorted(Comparator.comparing(Resource::getFilename)).toList()) {
                try (InputStream in = r.getInputStream()) {
                    files.add(new String[] {r.getFilename(), new String(in.readAllBytes(), StandardCharsets.UTF_8)});
                }
            }
            return build(files, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rules in the jar", e);
        }
    }

    private static Snapshot fromFolder(Path folder, List<String> stamp) {
        List<String[]> files = new ArrayList<>();
        try {
            for (Path f : ruleFiles(folder)) {
                files.add(new String[] {f.getFileName().toString(), Files.readString(f)});
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rules at " + folder, e);
        }
        return build(files, stamp);
    }

    private static List<Path> ruleFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(RuleBook::isRuleFile).sorted().toList();
        }
    }

    /** Name, size and modification time of every rule file: what tells that the folder changed. */
    private static List<String> stamp(Path folder) {
        try {
            List<String> stamp = new ArrayList<>();
            for (Path f : ruleFiles(folder)) {
                stamp.add(f.getFileName() + ":" + Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis());
            }
            return stamp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the rules at " + folder, e);
        }
    }

    private static boolean isRuleFile(Path f) {
        String name = f.getFileName().toString();
        return Files.isRegularFile(f) && (name.endsWith(".yml") || name.endsWith(".yaml"));
    }

    private static Snapshot build(List<String[]> files, List<String> stamp) {
        List<SigmaRule> rules = new ArrayList<>();
        Map<Logsource, List<SigmaRule>> byLogsource = new LinkedHashMap<>();
        List<Refusal> refused = new ArrayList<>();
        Set<String> uids = new HashSet<>();
        for (String[] file : files) {
            String name = file[0];
            try {
                SigmaRule rule = SigmaParser.parse(name, name.replaceFirst("\\.ya?ml$", ""), file[1]);
                if (!uids.add(rule.uid())) {
                    throw new RuleRefused(1, "id", "another rule has id " + rule.uid());
                }
                rules.add(rule);
                byLogsource.computeIfAbsent(rule.logsource(), l -> new ArrayList<>()).add(rule);
            } catch (RuleRefused e) {
                refused.add(new Refusal(name, e.line(), e.field(), e.getMessage()));
                LOG.warn("Sigma rule {} refused (line {}, field {}): {}", name, e.line(), e.field(), e.getMessage());
            }
        }
        return new Snapshot(List.copyOf(rules), byLogsource, List.copyOf(refused), stamp);
    }

    List<SigmaRule> rules() {
        return current.rules();
    }

    /** Calls {@code hit} with each rule whose logsource selects the event and whose detection matches it. */
    void forEachMatch(Map<String, Object> event, Consumer<SigmaRule> hit) {
        // the logsource is tested once per group of rules, not once per rule
        for (Map.Entry<Logsource, List<SigmaRule>> group : current.byLogsource().entrySet()) {
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
        return current.refused();
    }

    /** The active rules as the API lists them (without hit counts, which are the tenant's). */
    public List<RuleInfo> active() {
        return current.rules().stream().map(r -> new RuleInfo(r.uid(), r.title(), r.level(), r.severityId(), r.tags(),
                r.logsource().name(), r.file())).toList();
    }

    /** What the API tells about an active rule. */
    public record RuleInfo(String uid, String title, String level, int severityId, List<String> tags,
                           String logsource, String file) {
    }

    @Override
    public void destroy() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}

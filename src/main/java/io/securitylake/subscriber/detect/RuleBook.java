package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.DaemonThreads;
import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.sigma.CorrelationParser;
import io.securitylake.subscriber.sigma.Logsource;
import io.securitylake.subscriber.sigma.RuleRefused;
import io.securitylake.subscriber.sigma.SigmaCorrelation;
import io.securitylake.subscriber.sigma.SigmaParser;
import io.securitylake.subscriber.sigma.SigmaRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * The Sigma rules in force, from the folders of {@code lake.rules.dir} (read recursively), else {@code ./rules} when
 * run from the checkout, else the starter pack packaged in the jar ({@code rules/*.yml}). A file the engine cannot
 * honour is refused whole and listed by {@code GET /api/v1/rules} with its reason; the log says how many were refused
 * for each reason, one line each. Rules of a status not in {@code lake.rules.statuses} or below
 * {@code lake.rules.min-level} are not loaded (listed the same way). The folders are checked every
 * {@code lake.rules.reload-interval}: when a file was added, changed or removed, they are read again and the new set
 * replaces the old one at once (the folders are the truth: a file now refused is no longer in force).
 * A file may hold Sigma correlation rules with their base rules; a correlation may also count the plain rule of
 * another file by its id, so plain files are read first and correlation files resolved against them.
 * The files under {@code tenants/<tenant>/} of a folder are rules of that tenant alone, read into a snapshot of their
 * own ({@link Snapshot#ofTenant}); {@link RuleSets} joins them with the tenant's overrides.
 */
@Component("ruleBook")
public class RuleBook implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(RuleBook.class);

    /** A rule file that was not loaded, and why. */
    public record Refusal(String file, int line, String field, String reason) {
    }

    /**
     * One complete reading of the rules, never changed once built: a batch is evaluated against one snapshot, so a
     * reload in the middle of it cannot pair a rule with the correlations of another reading.
     */
    record Snapshot(List<SigmaRule> rules, Map<Logsource, List<SigmaRule>> byLogsource, RuleIndex index,
                    List<SigmaCorrelation> correlations, Map<String, List<SigmaCorrelation>> fedBy,
                    List<Refusal> refused, List<String> stamp, Map<String, Snapshot> tenants, Map<String, String> texts) {

        /**
         * The rules and correlations indexed for matching; {@code tenants} are the tenants' own rules; {@code texts}
         * the file of each rule alone in its file, by rule uid (what the index reads the rule's literal values from).
         */
        static Snapshot of(List<SigmaRule> rules, List<SigmaCorrelation> correlations, List<Refusal> refused,
                           List<String> stamp, Map<String, Snapshot> tenants, Map<String, String> texts) {
            Map<Logsource, List<SigmaRule>> byLogsource = new LinkedHashMap<>();
            for (SigmaRule rule : rules) {
                byLogsource.computeIfAbsent(rule.logsource(), l -> new ArrayList<>()).add(rule);
            }
            Map<String, List<SigmaCorrelation>> fedBy = new HashMap<>();
            for (SigmaCorrelation c : correlations) {
                c.baseRules().forEach(uid -> fedBy.computeIfAbsent(uid, u -> new ArrayList<>()).add(c));
            }
            return new Snapshot(List.copyOf(rules), byLogsource, RuleIndex.of(byLogsource, r -> texts.get(r.uid())),
                    List.copyOf(correlations), fedBy, List.copyOf(refused), stamp, Map.copyOf(tenants), Map.copyOf(texts));
        }

        /** The same rules, indexed as they are, with these refusals, stamp and tenants' own rules. */
        Snapshot with(List<Refusal> refused, List<String> stamp, Map<String, Snapshot> tenants) {
            return new Snapshot(rules, byLogsource, index, correlations, fedBy, List.copyOf(refused), stamp,
                    Map.copyOf(tenants), texts);
        }

        /** The tenant's own rules (none: an empty snapshot). */
        Snapshot ofTenant(String tenant) {
            return tenants.getOrDefault(tenant, EMPTY);
        }

        /** Calls {@code hit} with each rule whose logsource selects the event and whose detection matches it. */
        void forEachMatch(Map<String, Object> event, Consumer<SigmaRule> hit) {
            index.matchUntil(event, rule -> {
                hit.accept(rule);
                return false;
            });
        }

        /** Whether any rule in force matches the event (a silent base rule of a correlation too). */
        boolean matchesAny(Map<String, Object> event) {
            return index.matchUntil(event, rule -> true);
        }

        /**
         * {@link #forEachMatch} without the index: every rule of every logsource that selects the event is evaluated
         * (what the index must always agree with; tests and the benchmark compare the two).
         */
        void forEachMatchScanning(Map<String, Object> event, Consumer<SigmaRule> hit) {
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

        /** The correlations that count a rule's matches. */
        List<SigmaCorrelation> correlationsOf(SigmaRule rule) {
            return fedBy.getOrDefault(rule.uid(), List.of());
        }
    }

    /** No rules at all. */
    static final Snapshot EMPTY = Snapshot.of(List.of(), List.of(), List.of(), List.of(), Map.of(), Map.of());

    /** The folder, in each rules folder, whose sub-folders hold the rules of one tenant each. */
    static final String TENANTS = "tenants";

    private final List<Path> folders;
    private final Set<String> knownTenants;
    private final Selection selection;
    private final ScheduledExecutorService watcher;
    private volatile Snapshot current;

    @Autowired
    public RuleBook(RuleSettings ruleSettings, TenantSettings tenantSettings) {
        folders = folders(ruleSettings.dir());
        knownTenants = tenantSettings.tenants() == null ? Set.of() : Set.copyOf(tenantSettings.tenants().keySet());
        selection = new Selection(Set.copyOf(ruleSettings.statuses()), SigmaParser.LEVELS.get(ruleSettings.minLevel()));
        current = folders.isEmpty() ? fromJar(selection) : fromFolders(folders, stamp(folders), selection, knownTenants);
        LOG.info("{} Sigma rules ({} looked up by a field's value) and {} correlations in force from {} ({} tenants with "
                        + "rules of their own), {} refused", current.rules().size(), current.index().indexedRules(),
                current.correlations().size(), folders.isEmpty() ? "the jar" : folders, current.tenants().size(),
                current.refused().size());
        logRefusals(current.refused());
        Duration interval = ruleSettings.reloadInterval();
        if (!folders.isEmpty() && !interval.isZero() && !interval.isNegative()) {
            watcher = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lake-rules-reload"));
            watcher.scheduleWithFixedDelay(this::reloadIfChanged, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            watcher = null;
        }
    }

    /** Rules parsed from text, for tests: the same loading, without a folder. */
    RuleBook(List<String[]> files) {
        this(files, Selection.DEFAULT);
    }

    /** Rules parsed from text, for tests, loaded by {@code selection}. */
    RuleBook(List<String[]> files, Selection selection) {
        folders = List.of();
        knownTenants = Set.of();
        this.selection = selection;
        watcher = null;
        current = build(files, List.of(), selection, Set.of(), Map.of());
    }

    /** Rules read from folders, for tests: the same loading, tenants' folders included, without reloading. */
    RuleBook(List<Path> folders, Set<String> tenants) {
        this.folders = folders(folders);
        knownTenants = Set.copyOf(tenants);
        selection = Selection.DEFAULT;
        watcher = null;
        current = fromFolders(this.folders, stamp(this.folders), selection, knownTenants);
    }

    /** Which parsed rules are loaded: their Sigma status (a rule without one always is) and their level. */
    record Selection(Set<String> statuses, int minSeverity) {

        static final Selection DEFAULT = new Selection(Set.of("stable", "test", "experimental"), 1);

        /** Why the rule is not loaded, or null when it is. */
        RuleRefused refusal(SigmaRule rule) {
            if (rule.status() != null && !statuses.contains(rule.status())) {
                return new RuleRefused(0, "status", "status '" + rule.status() + "' is not loaded (lake.rules.statuses: "
                        + statuses.stream().sorted().toList() + ")");
            }
            if (rule.severityId() < minSeverity) {
                return new RuleRefused(0, "level", "level '" + rule.level() + "' is below lake.rules.min-level");
            }
            return null;
        }
    }

    static List<Path> folders(List<Path> configured) {
        if (configured != null && !configured.isEmpty()) {
            return configured.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
        }
        return Files.isDirectory(Path.of("rules")) ? List.of(Path.of("rules").toAbsolutePath().normalize()) : List.of();
    }

    /** Reads the folder again if a rule file was added, changed or removed since the last reading. */
    void reloadIfChanged() {
        try {
            List<String> stamp = stamp(folders);
            if (!stamp.equals(current.stamp())) {
                current = fromFolders(folders, stamp, selection, knownTenants);
                LOG.info("Sigma rules reloaded from {}: {} in force, {} refused", folders, current.rules().size(),
                        current.refused().size());
                logRefusals(current.refused());
            }
        } catch (RuntimeException e) {
            LOG.warn("Sigma rules not reloaded from {} (the rules in force stay): {}", folders, e.toString());
        }
    }

    private static Snapshot fromJar(Selection selection) {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:rules/*.yml");
            List<String[]> files = new ArrayList<>();
            for (Resource r : Stream.of(resources).sorted(Comparator.comparing(Resource::getFilename)).toList()) {
                try (InputStream in = r.getInputStream()) {
                    files.add(new String[] {r.getFilename(), new String(in.readAllBytes(), StandardCharsets.UTF_8)});
                }
            }
            return build(files, List.of(), selection, Set.of(), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rules in the jar", e);
        }
    }

    /**
     * Reads the folders: a file under {@code tenants/<tenant>/} is a rule of that tenant alone (a Sigma filter there is
     * an exception file, not a rule, and is left to {@link Exceptions}); every other file is a rule for every tenant.
     * A tenant's folder whose tenant is not configured is refused whole, with its reason.
     */
    private static Snapshot fromFolders(List<Path> folders, List<String> stamp, Selection selection,
                                        Set<String> knownTenants) {
        List<String[]> files = new ArrayList<>();
        Map<String, List<String[]>> ofTenants = new java.util.TreeMap<>();
        List<Refusal> refused = new ArrayList<>();
        for (Path folder : folders) {
            try {
                for (Path f : ruleFiles(folder)) {
                    Path relative = folder.relativize(f);
                    String name = name(folders, folder, f);
                    if (relative.getNameCount() < 2 || !relative.getName(0).toString().equals(TENANTS)) {
                        files.add(new String[] {name, Files.readString(f)});
                        continue;
                    }
                    if (relative.getNameCount() == 2) {
                        refused.add(new Refusal(name, 0, "tenant", "a tenant's rules go in " + TENANTS
                                + "/<tenant>/, not in " + TENANTS + "/ itself"));
                        continue;
                    }
                    String tenant = relative.getName(1).toString();
                    String text = Files.readString(f);
                    if (!FILTER.matcher(text).find()) {
                        ofTenants.computeIfAbsent(tenant, t -> new ArrayList<>()).add(new String[] {name, text});
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the rules at " + folder, e);
            }
        }
        Snapshot global = build(files, stamp, selection, Set.of(), Map.of());
        Map<String, Snapshot> tenants = new HashMap<>();
        ofTenants.forEach((tenant, own) -> {
            if (!knownTenants.contains(tenant)) {
                refused.add(new Refusal(TENANTS + "/" + tenant + "/", 0, "tenant", "no tenant '" + tenant
                        + "' is configured (lake.tenants): its " + own.size() + " rule file(s) are not loaded"));
                return;
            }
            Set<String> taken = new HashSet<>();
            global.rules().forEach(r -> taken.add(r.uid()));
            global.correlations().forEach(c -> taken.add(c.uid()));
            tenants.put(tenant, build(own, List.of(), selection, taken, Map.of()));
        });
        refused.addAll(0, global.refused());
        return global.with(refused, stamp, tenants);
    }

    /** A Sigma filter (an exception), which may sit beside a tenant's rules: a top-level {@code filter:}. */
    private static final java.util.regex.Pattern FILTER = java.util.regex.Pattern.compile("(?m)^filter\\s*:");

    /** A rule file's name: its path in its folder, after the folder's own name when there are several folders. */
    private static String name(List<Path> folders, Path folder, Path file) {
        String relative = folder.relativize(file).toString().replace('\\', '/');
        return folders.size() > 1 && folder.getFileName() != null ? folder.getFileName() + "/" + relative : relative;
    }

    private static List<Path> ruleFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(RuleBook::isRuleFile).sorted().toList();
        }
    }

    /** Name, size and modification time of every rule file: what tells that a folder changed. */
    private static List<String> stamp(List<Path> folders) {
        List<String> stamp = new ArrayList<>();
        for (Path folder : folders) {
            try {
                for (Path f : ruleFiles(folder)) {
                    stamp.add(f + ":" + Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the rules at " + folder, e);
            }
        }
        return stamp;
    }

    private static boolean isRuleFile(Path f) {
        String name = f.getFileName().toString();
        return Files.isRegularFile(f) && (name.endsWith(".yml") || name.endsWith(".yaml"));
    }

    static Snapshot build(List<String[]> files, List<String> stamp, Selection selection) {
        return build(files, stamp, selection, Set.of(), Map.of());
    }

    /** Parses the files; a rule whose id is in {@code taken} (a rule for every tenant) is refused. */
    static Snapshot build(List<String[]> files, List<String> stamp, Selection selection, Set<String> taken,
                          Map<String, Snapshot> tenants) {
        List<Refusal> refused = new ArrayList<>();
        Set<String> uids = new HashSet<>(taken);
        List<SigmaRule> rules = new ArrayList<>();
        Map<String, String> texts = new HashMap<>(); // of the rules alone in their file, by uid
        Map<String, SigmaRule> plainRules = new HashMap<>();
        List<SigmaParser.RuleFile> correlated = new ArrayList<>();
        // plain rule files first: a correlation of another file may refer to them by id
        for (String[] file : files) {
            String name = file[0];
            try {
                SigmaParser.RuleFile parsed = SigmaParser.parseFile(name, name.replaceFirst("\\.ya?ml$", ""), file[1]);
                if (!parsed.drafts().isEmpty()) {
                    correlated.add(parsed);
                    continue;
                }
                SigmaRule rule = parsed.rules().get(0);
                RuleRefused skipped = selection.refusal(rule);
                if (skipped != null) {
                    throw skipped;
                }
                if (!uids.add(rule.uid())) {
                    throw new RuleRefused(1, "id", "another rule has id " + rule.uid());
                }
                rules.add(rule);
                texts.put(rule.uid(), file[1]);
                plainRules.put(rule.uid(), rule);
            } catch (RuleRefused e) {
                refuse(refused, name, e);
            }
        }
        List<SigmaCorrelation> correlations = new ArrayList<>();
        for (SigmaParser.RuleFile file : correlated) {
            try {
                CorrelationParser.Resolved resolved = CorrelationParser.resolve(file, plainRules);
                Set<String> fileUids = new HashSet<>();
                resolved.rules().forEach(r -> fileUids.add(r.uid()));
                resolved.correlations().forEach(c -> fileUids.add(c.uid()));
                for (String uid : fileUids) {
                    if (uids.contains(uid)) {
                        throw new RuleRefused(1, "id", "another rule has id " + uid);
                    }
                }
                if (fileUids.size() != resolved.rules().size() + resolved.correlations().size()) {
                    throw new RuleRefused(1, "id", "two rules of the file have the same id");
                }
                uids.addAll(fileUids);
                rules.addAll(resolved.rules());
                correlations.addAll(resolved.correlations());
            } catch (RuleRefused e) {
                refuse(refused, file.file(), e);
            }
        }
        return Snapshot.of(rules, correlations, refused, stamp, tenants, texts);
    }

    private static void refuse(List<Refusal> refused, String file, RuleRefused e) {
        refused.add(new Refusal(file, e.line(), e.field(), e.getMessage()));
        LOG.debug("Sigma rule {} refused (line {}, field {}): {}", file, e.line(), e.field(), e.getMessage());
    }

    /** One log line per reason (its quoted names left out), with how many files and one of them. */
    static Map<String, List<Refusal>> byReason(List<Refusal> refused) {
        Map<String, List<Refusal>> out = new java.util.TreeMap<>();
        for (Refusal r : refused) {
            out.computeIfAbsent(r.reason().replaceAll("'[^']*'", "'…'").replaceAll("\\[[^\\]]*\\]", "[…]"),
                    k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    private static void logRefusals(List<Refusal> refused) {
        byReason(refused).forEach((reason, files) -> LOG.warn("{} Sigma rule file(s) refused: {} (e.g. {} line {}, field {}: {})",
                files.size(), reason, files.get(0).file(), files.get(0).line(), files.get(0).field(), files.get(0).reason()));
    }

    /** The rules in force now, one reading for a whole batch. */
    Snapshot inForce() {
        return current;
    }

    List<SigmaCorrelation> correlations() {
        return current.correlations();
    }

    List<SigmaRule> rules() {
        return current.rules();
    }

    /** Calls {@code hit} with each rule whose logsource selects the event and whose detection matches it. */
    void forEachMatch(Map<String, Object> event, Consumer<SigmaRule> hit) {
        current.forEachMatch(event, hit);
    }

    public List<Refusal> refused() {
        return current.refused();
    }

    /** The refused files the tenant may see: those of the rules for every tenant and those of its own folder. */
    public List<Refusal> refused(String tenant) {
        Snapshot now = current;
        List<Refusal> out = new ArrayList<>(now.refused());
        out.addAll(now.ofTenant(tenant).refused());
        return out;
    }

    /** The active rules as the API lists them (without hit counts, which are the tenant's). */
    public List<RuleInfo> active() {
        return infos(current, false);
    }

    /** The rules for every tenant, then the tenant's own, as written (before the tenant's overrides). */
    public List<RuleInfo> active(String tenant) {
        Snapshot now = current;
        List<RuleInfo> out = infos(now, false);
        out.addAll(infos(now.ofTenant(tenant), true));
        return out;
    }

    private static List<RuleInfo> infos(Snapshot s, boolean own) {
        List<RuleInfo> out = new ArrayList<>(s.rules().stream().filter(SigmaRule::raises).map(r -> new RuleInfo(
                r.uid(), r.title(), r.level(), r.severityId(), r.tags(), r.logsource().name(), r.file(),
                r.placeholders(), r.silent(), r.fields(), r.logsource().classUids(), own)).toList());
        for (SigmaCorrelation c : s.correlations()) {
            out.add(new RuleInfo(c.uid(), c.title(), c.level(), c.severityId(), c.tags(),
                    c.typeName() + " of " + String.join(", ", c.baseRules()), c.file(), Set.of(), List.of(), Map.of(), Set.of(), own));
        }
        return out;
    }

    /**
     * What the API tells about an active rule; {@code placeholders}: the names its {@code expand} values use;
     * {@code silent}: its fields no event of its classes can carry; {@code fields}: the Sigma fields its detection names,
     * each with the OCSF paths it is read from; {@code classUids}: the OCSF classes its logsource selects;
     * {@code own}: a rule of the tenant's own folder.
     */
    public record RuleInfo(String uid, String title, String level, int severityId, List<String> tags,
                           String logsource, String file, Set<String> placeholders, List<String> silent,
                           Map<String, List<String>> fields, Set<Integer> classUids, boolean own) {
    }

    @Override
    public void destroy() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}

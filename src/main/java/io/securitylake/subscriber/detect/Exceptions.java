package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.ChangeRefused;
import io.securitylake.subscriber.ChangeRefused.Kind;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.sigma.OcsfPaths;
import io.securitylake.subscriber.sigma.RuleRefused;
import io.securitylake.subscriber.sigma.SigmaFilter;
import io.securitylake.subscriber.tenant.TenantStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A tenant's exceptions: Sigma filters that take events out of the matches of the rules they name, before a detection
 * is raised or a correlation counts them. Made through the API (kept in the tenant's {@code rule_exceptions}, every
 * change in {@code tuning_audit}) or as filter files in {@code lake.rules.exceptions-dir/<tenant>/}. What each one
 * excepted is kept per rule and event ({@code exception_hits}), so a replay counts nothing twice. Detection reads
 * a tenant's exceptions from a snapshot that is read again after {@code lake.rules.reload-interval}, or at once on
 * this replica after a change through it. An exception never reaches another tenant: its rows live in its tenant's
 * store and its files under its tenant's folder.
 */
@Component("exceptions")
public class Exceptions {

    private static final Logger LOG = LoggerFactory.getLogger(Exceptions.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_REASON = 1000;

    /**
     * A change as an analyst gives it: the whole filter as Sigma, or the rules (null: any) and one selection; a
     * reason; and an expiry. In a change (PATCH) a null field is left as it is, except {@code expires} when
     * {@code expiresGiven} (null then clears it).
     */
    public record Draft(String sigma, List<String> rules, boolean anyRule, Map<String, Object> selection, String reason,
                        Instant expires, boolean expiresGiven) {
    }

    /** An exception as the API shows it. */
    public record View(String uid, String title, Object rules, List<String> fields, String sigma, String reason,
                       String author, Instant created, Instant expires, boolean expired, long version, long excepted,
                       String source, String refused) {
    }

    /** An event an exception took out of a rule's matches. */
    record Hit(String exceptionUid, String ruleUid, String eventUid, long timeMs) {
    }

    /**
     * One reading of a tenant's exceptions, indexed by the rule they name and, for a filter that can only except an
     * event whose field equals one of some texts, by those texts: an event meets only the exceptions that may except it.
     */
    static final class Snapshot {

        static final Snapshot NONE = new Snapshot(List.of(), Map.of(), Long.MIN_VALUE);

        private final Indexed any;
        private final Map<String, Indexed> byRule;
        final long readAtMs;

        Snapshot(List<Entry> any, Map<String, List<Entry>> byRule, long readAtMs) {
            this.any = new Indexed(any);
            Map<String, Indexed> indexed = new HashMap<>();
            byRule.forEach((rule, entries) -> indexed.put(rule, new Indexed(entries)));
            this.byRule = Map.copyOf(indexed);
            this.readAtMs = readAtMs;
        }

        /** The first exception in force at {@code nowMs} that excepts the event from the rule, or null. */
        SigmaFilter excepting(String ruleUid, Map<String, Object> event, long nowMs) {
            Indexed named = byRule.get(ruleUid);
            SigmaFilter f = named == null ? null : named.excepting(event, nowMs);
            return f != null ? f : any.excepting(event, nowMs);
        }

        boolean isEmpty() {
            return any.isEmpty() && byRule.isEmpty();
        }
    }

    /** Exceptions of one rule (or of any): those with a key by field and text, the others tried on every match. */
    private static final class Indexed {

        private final Map<String, OcsfPaths.FieldReader> readers = new HashMap<>();
        private final Map<String, Map<String, List<Entry>>> byText = new HashMap<>();
        private final List<Entry> tried = new ArrayList<>();

        Indexed(List<Entry> entries) {
            for (Entry e : entries) {
                SigmaFilter.Key key = e.filter().key();
                OcsfPaths.FieldReader reader = key == null ? null : OcsfPaths.reader(key.field());
                if (reader == null) {
                    tried.add(e);
                    continue;
                }
                readers.putIfAbsent(key.field(), reader);
                Map<String, List<Entry>> texts = byText.computeIfAbsent(key.field(), k -> new HashMap<>());
                key.values().forEach(v -> texts.computeIfAbsent(v, k -> new ArrayList<>()).add(e));
            }
        }

        boolean isEmpty() {
            return readers.isEmpty() && tried.isEmpty();
        }

        SigmaFilter excepting(Map<String, Object> event, long nowMs) {
            for (Map.Entry<String, OcsfPaths.FieldReader> field : readers.entrySet()) {
                Map<String, List<Entry>> texts = byText.get(field.getKey());
                for (Object value : field.getValue().read(event)) {
                    List<Entry> candidates = value == null ? null
                            : texts.get(value.toString().toLowerCase(java.util.Locale.ROOT));
                    SigmaFilter f = candidates == null ? null : first(candidates, event, nowMs);
                    if (f != null) {
                        return f;
                    }
                }
            }
            return first(tried, event, nowMs);
        }

        private static SigmaFilter first(List<Entry> entries, Map<String, Object> event, long nowMs) {
            for (Entry e : entries) {
                if (e.inForce(nowMs) && e.filter().excepts(event)) {
                    return e.filter();
                }
            }
            return null;
        }
    }

    record Entry(SigmaFilter filter, Long expiresMs) {
        boolean inForce(long nowMs) {
            return expiresMs == null || nowMs < expiresMs;
        }
    }

    private final TenantStores stores;
    private final RuleBook rules;
    private final Clock clock;
    private final long rereadMs;
    private final Path filesDir;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    @Autowired
    Exceptions(TenantStores stores, RuleBook rules, RuleSettings ruleSettings) {
        this(stores, rules, Clock.systemUTC(), Math.max(1000, ruleSettings.reloadInterval().toMillis()),
                ruleSettings.exceptionsDir());
    }

    Exceptions(TenantStores stores, RuleBook rules, Clock clock, long rereadMs, Path filesDir) {
        this.stores = stores;
        this.rules = rules;
        this.clock = clock;
        this.rereadMs = rereadMs;
        this.filesDir = filesDir == null ? null : filesDir.toAbsolutePath().normalize();
    }

    long now() {
        return clock.millis();
    }

    /** The tenant's exceptions as detection applies them (read again when older than the reload interval). */
    Snapshot inForce(String tenant) {
        long now = clock.millis();
        Snapshot s = snapshots.get(tenant);
        if (s == null || now - s.readAtMs >= rereadMs) {
            s = read(tenant, now);
            snapshots.put(tenant, s);
        }
        return s;
    }

    private Snapshot read(String tenant, long now) {
        List<Entry> any = new ArrayList<>();
        Map<String, List<Entry>> byRule = new HashMap<>();
        for (Loaded l : loadAll(tenant)) {
            if (l.filter() == null) {
                continue;
            }
            Entry e = new Entry(l.filter(), l.expires() == null ? null : l.expires().toEpochMilli());
            if (l.filter().anyRule()) {
                any.add(e);
            } else {
                l.filter().rules().forEach(r -> byRule.computeIfAbsent(r, k -> new ArrayList<>()).add(e));
            }
        }
        return new Snapshot(List.copyOf(any), Map.copyOf(byRule), now);
    }

    /** Records what exceptions excepted (a hit recorded before is skipped); returns the hits new to the store. */
    int record(String tenant, Collection<Hit> hits) {
        if (hits.isEmpty()) {
            return 0;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Hit h : hits) {
            rows.add(Map.of("x", h.exceptionUid(), "r", h.ruleUid(), "e", h.eventUid(), "t", h.timeMs()));
        }
        return jdbc(tenant).update("INSERT INTO exception_hits (exception_uid, rule_uid, event_uid, time) "
                + "SELECT x.x, x.r, x.e, to_timestamp(x.t / 1000.0) FROM jsonb_to_recordset(?::jsonb) AS x(x text, r text, "
                + "e text, t bigint) ON CONFLICT DO NOTHING", json(rows));
    }

    /** The tenant's exceptions, from the API and from files, newest first. */
    public List<View> list(String tenant) {
        Map<String, Long> counts = new HashMap<>();
        jdbc(tenant).query("SELECT exception_uid, count(*) FROM exception_hits GROUP BY 1",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        long now = clock.millis();
        return loadAll(tenant).stream().map(l -> l.view(counts.getOrDefault(l.uid(), 0L), now)).toList();
    }

    public View get(String tenant, String uid) {
        return list(tenant).stream().filter(v -> v.uid().equals(uid)).findFirst()
                .orElseThrow(() -> new ChangeRefused(Kind.NOT_FOUND, "no exception " + uid));
    }

    /** How many events the tenant's exceptions took out of each rule's matches, excepted since {@code since}. */
    public Map<String, Long> exceptedPerRule(String tenant, Instant since) {
        Map<String, Long> out = new HashMap<>();
        jdbc(tenant).query("SELECT rule_uid, count(*) FROM exception_hits WHERE excepted_at >= ? GROUP BY 1",
                rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                }, Timestamp.from(since));
        return out;
    }

    public View create(String tenant, String author, Draft draft) {
        Instant expires = checkExpiry(draft.expires());
        String reason = reason(draft.reason(), true);
        String uid;
        String sigma;
        Map<String, Object> request = null;
        if (draft.sigma() != null) {
            if (draft.rules() != null || draft.anyRule() || draft.selection() != null) {
                throw bad("give the filter as sigma, or as rules and selection, not both");
            }
            SigmaFilter f = check(tenant, draft.sigma(), null);
            uid = f.uid();
            sigma = draft.sigma();
        } else {
            uid = "exc-" + UUID.randomUUID().toString().replace("-", "");
            request = request(draft.rules(), draft.anyRule(), draft.selection());
            sigma = sigmaOf(uid, reason, request);
            check(tenant, sigma, uid);
        }
        try {
            jdbc(tenant).update("INSERT INTO rule_exceptions (uid, sigma, request, reason, author, expires_at, created_at) "
                    + "VALUES (?, ?, ?::jsonb, ?, ?, ?, ?)", uid, sigma, request == null ? null : json(request), reason,
                    author, expires == null ? null : Timestamp.from(expires), Timestamp.from(clock.instant()));
        } catch (DuplicateKeyException e) {
            throw new ChangeRefused(Kind.CONFLICT, "an exception with id " + uid + " exists");
        }
        if (fromFiles(tenant).stream().anyMatch(l -> l.uid().equals(uid))) {
            jdbc(tenant).update("DELETE FROM rule_exceptions WHERE uid = ?", uid);
            throw new ChangeRefused(Kind.CONFLICT, "an exception with id " + uid + " is defined in a file");
        }
        View after = get(tenant, uid);
        audit(tenant, author, "exception.create", uid, null, after);
        snapshots.remove(tenant);
        return after;
    }

    public View update(String tenant, String uid, long version, String author, Draft draft) {
        Stored stored = stored(tenant, uid);
        if (stored.version() != version) {
            throw new ChangeRefused(Kind.STALE, "exception " + uid + " is at version " + stored.version()
                    + ", not " + version + ": read it again");
        }
        View before = get(tenant, uid);
        String reason = draft.reason() == null ? stored.reason() : reason(draft.reason(), true);
        Instant expires = draft.expiresGiven() ? checkExpiry(draft.expires()) : stored.expires();
        String sigma = stored.sigma();
        Map<String, Object> request = stored.request();
        if (draft.sigma() != null) {
            if (draft.rules() != null || draft.anyRule() || draft.selection() != null) {
                throw bad("give the filter as sigma, or as rules and selection, not both");
            }
            SigmaFilter f = check(tenant, draft.sigma(), null);
            if (!f.uid().equals(uid)) {
                throw bad("the filter's id is " + f.uid() + ", not " + uid);
            }
            sigma = draft.sigma();
            request = null;
        } else if (draft.rules() != null || draft.anyRule() || draft.selection() != null || draft.reason() != null) {
            if (request == null) {
                if (draft.rules() != null || draft.anyRule() || draft.selection() != null) {
                    throw bad("exception " + uid + " was given as Sigma: change it by giving the whole filter as sigma");
                }
            } else {
                boolean rulesGiven = draft.rules() != null || draft.anyRule();
                request = request(rulesGiven ? draft.rules() : rulesOf(request), rulesGiven ? draft.anyRule()
                        : "any".equals(request.get("rules")), draft.selection() != null ? draft.selection()
                        : selectionOf(request));
                sigma = sigmaOf(uid, reason, request);
                check(tenant, sigma, uid);
            }
        }
        int changed = jdbc(tenant).update("UPDATE rule_exceptions SET sigma = ?, request = ?::jsonb, reason = ?, "
                + "expires_at = ?, version = version + 1 WHERE uid = ? AND version = ?", sigma,
                request == null ? null : json(request), reason, expires == null ? null : Timestamp.from(expires), uid, version);
        if (changed == 0) {
            throw new ChangeRefused(Kind.STALE, "exception " + uid + " changed meanwhile: read it again");
        }
        View after = get(tenant, uid);
        audit(tenant, author, "exception.update", uid, before, after);
        snapshots.remove(tenant);
        return after;
    }

    public void delete(String tenant, String uid, long version, String author) {
        Stored stored = stored(tenant, uid);
        if (stored.version() != version) {
            throw new ChangeRefused(Kind.STALE, "exception " + uid + " is at version " + stored.version()
                    + ", not " + version + ": read it again");
        }
        View before = get(tenant, uid);
        if (jdbc(tenant).update("DELETE FROM rule_exceptions WHERE uid = ? AND version = ?", uid, version) == 0) {
            throw new ChangeRefused(Kind.STALE, "exception " + uid + " changed meanwhile: read it again");
        }
        audit(tenant, author, "exception.delete", uid, before, null);
        snapshots.remove(tenant);
    }

    /** The tenant's tuning changes, newest first. */
    public List<Map<String, Object>> audit(String tenant, int limit) {
        return jdbc(tenant).query("SELECT id, time, actor, action, target, before::text, after::text FROM tuning_audit "
                + "ORDER BY id DESC LIMIT ?", (rs, n) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getLong(1));
                    row.put("time", rs.getTimestamp(2).toInstant().toString());
                    row.put("actor", rs.getString(3));
                    row.put("action", rs.getString(4));
                    row.put("target", rs.getString(5));
                    row.put("before", parse(rs.getString(6)));
                    row.put("after", parse(rs.getString(7)));
                    return row;
                }, limit);
    }

    private void audit(String tenant, String actor, String action, String target, View before, View after) {
        audit(tenant, actor, action, target, before == null ? null : auditable(before),
                after == null ? null : auditable(after));
    }

    /** Records a change of the tenant's tuning (an exception, a rule's setting): who, what, before and after. */
    void audit(String tenant, String actor, String action, String target, Map<String, Object> before,
               Map<String, Object> after) {
        jdbc(tenant).update("INSERT INTO tuning_audit (actor, action, target, before, after) VALUES (?, ?, ?, ?::jsonb, ?::jsonb)",
                actor, action, target, before == null ? null : json(before), after == null ? null : json(after));
    }

    private static Map<String, Object> auditable(View v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rules", v.rules());
        m.put("sigma", v.sigma());
        m.put("reason", v.reason());
        m.put("expires", v.expires() == null ? null : v.expires().toString());
        m.put("version", v.version());
        return m;
    }

    /** Parses and checks a filter: Sigma, with known rule ids only. */
    private SigmaFilter check(String tenant, String sigma, String uid) {
        SigmaFilter f;
        try {
            f = SigmaFilter.parse(sigma, uid);
        } catch (RuleRefused e) {
            throw bad("the filter is refused" + (e.line() > 0 ? " (line " + e.line() + (e.field() == null ? "" : ", field "
                    + e.field()) + ")" : e.field() == null ? "" : " (field " + e.field() + ")") + ": " + e.getMessage());
        }
        Set<String> known = knownRules(tenant);
        for (String r : f.rules()) {
            if (!known.contains(r)) {
                throw bad("unknown rule id " + r + ": not a rule in force (see GET /api/v1/rules)");
            }
        }
        return f;
    }

    /** The ids an exception of the tenant may name: the rules for every tenant and its own. */
    private Set<String> knownRules(String tenant) {
        Set<String> known = new HashSet<>();
        known.add(Detection.LAKE_FINDING);
        known.add(IntelDetections.RULE);
        RuleBook.Snapshot now = rules.inForce();
        for (RuleBook.Snapshot s : List.of(now, now.ofTenant(tenant))) {
            s.rules().forEach(r -> known.add(r.uid()));
            s.correlations().forEach(c -> known.add(c.uid()));
        }
        return known;
    }

    private Instant checkExpiry(Instant expires) {
        if (expires != null && !expires.isAfter(clock.instant())) {
            throw bad("expires " + expires + " is not in the future");
        }
        return expires;
    }

    private static String reason(String reason, boolean required) {
        if (reason == null || reason.isBlank()) {
            if (required) {
                throw bad("an exception needs a reason (why these events are not worth a detection)");
            }
            return null;
        }
        if (reason.length() > MAX_REASON) {
            throw bad("a reason has at most " + MAX_REASON + " characters");
        }
        return reason.strip();
    }

    private static Map<String, Object> request(List<String> rules, boolean any, Map<String, Object> selection) {
        if (rules == null && !any) {
            throw bad("name the rules the exception applies to: \"rules\": [\"<rule uid>\", ...] or \"any\"");
        }
        if (selection == null || selection.isEmpty()) {
            throw bad("an exception needs a selection with at least one field condition");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rules", any ? "any" : List.copyOf(rules));
        out.put("selection", selection);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> rulesOf(Map<String, Object> request) {
        return request.get("rules") instanceof List<?> l ? (List<String>) l : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> selectionOf(Map<String, Object> request) {
        return (Map<String, Object>) request.get("selection");
    }

    /** The Sigma filter of an exception made from rules and a selection: {@code condition: not selection}. */
    static String sigmaOf(String uid, String reason, Map<String, Object> request) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("rules", request.get("rules"));
        filter.put("selection", request.get("selection"));
        filter.put("condition", "not selection");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("title", reason.length() > 120 ? reason.substring(0, 117) + "..." : reason);
        doc.put("id", uid);
        doc.put("description", reason);
        doc.put("filter", filter);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(200);
        return new Yaml(options).dump(doc);
    }

    /** An exception as read from the store or a file. */
    private record Loaded(String uid, String sigma, String reason, String author, Instant created, Instant expires,
                          long version, String source, SigmaFilter filter, String refused) {

        View view(long excepted, long now) {
            Object ruleList = filter == null ? null : filter.anyRule() ? "any" : filter.rules();
            return new View(uid, filter == null ? null : filter.title(), ruleList,
                    filter == null ? List.of() : filter.fields(), sigma, reason, author, created, expires,
                    expires != null && !expires.isAfter(Instant.ofEpochMilli(now)), version, excepted, source, refused);
        }
    }

    private record Stored(String sigma, Map<String, Object> request, String reason, Instant expires, long version) {
    }

    private Stored stored(String tenant, String uid) {
        List<Stored> rows = jdbc(tenant).query("SELECT sigma, request::text, reason, expires_at, version FROM rule_exceptions "
                + "WHERE uid = ?", (rs, n) -> new Stored(rs.getString(1), parseMap(rs.getString(2)), rs.getString(3),
                rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(), rs.getLong(5)), uid);
        if (rows.isEmpty()) {
            if (fromFiles(tenant).stream().anyMatch(l -> l.uid().equals(uid))) {
                throw new ChangeRefused(Kind.CONFLICT, "exception " + uid + " is defined in a file: change the file");
            }
            throw new ChangeRefused(Kind.NOT_FOUND, "no exception " + uid);
        }
        return rows.get(0);
    }

    private List<Loaded> loadAll(String tenant) {
        List<Loaded> out = new ArrayList<>(jdbc(tenant).query("SELECT uid, sigma, reason, author, created_at, expires_at, "
                + "version FROM rule_exceptions ORDER BY created_at DESC, uid", (rs, n) -> {
                    String uid = rs.getString(1);
                    String sigma = rs.getString(2);
                    SigmaFilter f = null;
                    String refused = null;
                    try {
                        f = SigmaFilter.parse(sigma, uid);
                    } catch (RuleRefused e) {
                        refused = e.getMessage();
                        LOG.warn("exception {} of tenant {} is not applied: {}", uid, tenant, refused);
                    }
                    return new Loaded(uid, sigma, rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                            rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(), rs.getLong(7), "api", f,
                            refused);
                }));
        out.addAll(fromFiles(tenant));
        return out;
    }

    /** The filter files of {@code lake.rules.exceptions-dir/<tenant>/}; a file refused is listed with its reason. */
    private List<Loaded> fromFiles(String tenant) {
        if (filesDir == null) {
            return List.of();
        }
        Path folder = filesDir.resolve(tenant).normalize();
        if (!folder.startsWith(filesDir) || !Files.isDirectory(folder)) {
            return List.of();
        }
        List<Loaded> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted().toList()) {
                String name = f.getFileName().toString();
                String text = Files.readString(f);
                SigmaFilter filter = null;
                String refused = null;
                try {
                    filter = SigmaFilter.parse(text, name.replaceFirst("\\.ya?ml$", ""));
                    Set<String> known = knownRules(tenant);
                    for (String r : filter.rules()) {
                        if (!known.contains(r)) {
                            throw new RuleRefused(0, "filter.rules", "unknown rule id " + r);
                        }
                    }
                } catch (RuleRefused e) {
                    filter = null;
                    refused = (e.line() > 0 ? "line " + e.line() + ": " : "") + e.getMessage();
                    LOG.warn("exception file {} of tenant {} refused: {}", f, tenant, refused);
                }
                String uid = filter != null ? filter.uid() : name.replaceFirst("\\.ya?ml$", "");
                out.add(new Loaded(uid, text, filter == null ? null : filter.title(), "file " + name,
                        Files.getLastModifiedTime(f).toInstant(), null, 0, "file", filter, refused));
            }
        } catch (IOException e) {
            LOG.warn("exception files of tenant {} not read from {}: {}", tenant, folder, e.toString());
        }
        return out;
    }

    private JdbcTemplate jdbc(String tenant) {
        return new JdbcTemplate(stores.dataSource(tenant));
    }

    private static ChangeRefused bad(String message) {
        return new ChangeRefused(Kind.BAD, message);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, Object.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseMap(String json) {
        return (Map<String, Object>) parse(json);
    }
}

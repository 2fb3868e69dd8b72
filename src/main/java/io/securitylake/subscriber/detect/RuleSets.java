package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.ChangeRefused;
import io.securitylake.subscriber.ChangeRefused.Kind;
import io.securitylake.subscriber.sigma.SigmaCorrelation;
import io.securitylake.subscriber.sigma.SigmaParser;
import io.securitylake.subscriber.sigma.SigmaRule;
import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rules in force for one tenant: the rules for every tenant and the tenant's own ({@code tenants/<tenant>/} of the
 * rules folders), with the tenant's overrides applied — a rule switched off raises nothing (it still feeds the
 * correlations that count it), a rule at another level raises detections of that severity. The overrides live in the
 * tenant's {@code rule_overrides}, each change audited; detection reads them again after
 * {@code lake.rules.reload-interval}, or at once on this replica after a change through it.
 */
@Component("ruleSets")
public class RuleSets {

    /** A tenant's setting of one rule: on or off, and its level (null: the rule's own). */
    public record RuleOverride(boolean enabled, String level, long version) {
    }

    /** A rule as the tenant has it: as written, and as in force for the tenant. */
    public record Setting(RuleBook.RuleInfo rule, boolean enabled, String level, int severityId, boolean overridden,
                          long version) {
    }

    private record Effective(RuleBook.Snapshot from, Map<String, RuleOverride> overrides, RuleBook.Snapshot snapshot,
                             long readAtMs) {
    }

    private final RuleBook rules;
    private final TenantStores stores;
    private final Exceptions audit;
    private final Clock clock;
    private final long rereadMs;
    private final Map<String, Effective> effective = new ConcurrentHashMap<>();

    @Autowired
    RuleSets(RuleBook rules, TenantStores stores, Exceptions audit, RuleSettings ruleSettings) {
        this(rules, stores, audit, Clock.systemUTC(), Math.max(1000, ruleSettings.reloadInterval().toMillis()));
    }

    RuleSets(RuleBook rules, TenantStores stores, Exceptions audit, Clock clock, long rereadMs) {
        this.rules = rules;
        this.stores = stores;
        this.audit = audit;
        this.clock = clock;
        this.rereadMs = rereadMs;
    }

    /** The rules in force for the tenant, one reading for a whole batch. */
    RuleBook.Snapshot inForce(String tenant) {
        RuleBook.Snapshot global = rules.inForce();
        long now = clock.millis();
        Effective e = effective.get(tenant);
        if (e != null && e.from() == global && now - e.readAtMs() < rereadMs) {
            return e.snapshot();
        }
        Map<String, RuleOverride> overrides = e != null && now - e.readAtMs() < rereadMs ? e.overrides() : overrides(tenant);
        RuleBook.Snapshot snapshot = e != null && e.from() == global && e.overrides().equals(overrides) ? e.snapshot()
                : apply(global, tenant, overrides);
        effective.put(tenant, new Effective(global, overrides, snapshot, now));
        return snapshot;
    }

    /** The global rules and the tenant's own, with its overrides: what detection evaluates for the tenant. */
    static RuleBook.Snapshot apply(RuleBook.Snapshot global, String tenant, Map<String, RuleOverride> overrides) {
        RuleBook.Snapshot own = global.ofTenant(tenant);
        if (overrides.isEmpty() && own.rules().isEmpty() && own.correlations().isEmpty()) {
            return global; // as written, indexed once for every such tenant
        }
        List<SigmaRule> ruleList = new ArrayList<>();
        List<SigmaCorrelation> correlations = new ArrayList<>();
        for (RuleBook.Snapshot s : List.of(global, own)) {
            for (SigmaRule r : s.rules()) {
                RuleOverride o = r.raises() ? overrides.get(r.uid()) : null;
                if (o == null) {
                    ruleList.add(r);
                } else if (!o.enabled()) {
                    if (s.fedBy().containsKey(r.uid())) { // silent: its correlations still count it
                        ruleList.add(new SigmaRule(r.uid(), r.title(), r.level(), r.severityId(), r.tags(), r.logsource(),
                                r.detection(), r.file(), r.name(), false, r.status(), r.suppression(), r.placeholders(),
                                r.fields(), r.silent()));
                    }
                } else if (o.level() != null) {
                    ruleList.add(new SigmaRule(r.uid(), r.title(), o.level(), SigmaParser.LEVELS.get(o.level()), r.tags(),
                            r.logsource(), r.detection(), r.file(), r.name(), true, r.status(), r.suppression(),
                            r.placeholders(), r.fields(), r.silent()));
                } else {
                    ruleList.add(r);
                }
            }
            for (SigmaCorrelation c : s.correlations()) {
                RuleOverride o = overrides.get(c.uid());
                if (o == null || o.enabled() && o.level() == null) {
                    correlations.add(c);
                } else if (o.enabled()) {
                    correlations.add(new SigmaCorrelation(c.uid(), c.title(), o.level(), SigmaParser.LEVELS.get(o.level()),
                            c.tags(), c.type(), c.baseRules(), c.groupBy(), c.spanMs(), c.condition(), c.valueField(),
                            c.file()));
                }
            }
        }
        Map<String, String> texts = new java.util.HashMap<>(global.texts());
        texts.putAll(own.texts());
        return RuleBook.Snapshot.of(ruleList, correlations, List.of(), global.stamp(), Map.of(), texts);
    }

    /** The rules the tenant has, as written and as in force for it: every tenant's first, then its own. */
    public List<Setting> settings(String tenant) {
        Map<String, RuleOverride> overrides = overrides(tenant);
        List<Setting> out = new ArrayList<>();
        for (RuleBook.RuleInfo r : rules.active(tenant)) {
            RuleOverride o = overrides.get(r.uid());
            String level = o == null || o.level() == null ? r.level() : o.level();
            out.add(new Setting(r, o == null || o.enabled(), level, SigmaParser.LEVELS.getOrDefault(level, r.severityId()),
                    o != null && (!o.enabled() || o.level() != null), o == null ? 0 : o.version()));
        }
        return out;
    }

    public Setting setting(String tenant, String uid) {
        return settings(tenant).stream().filter(s -> s.rule().uid().equals(uid)).findFirst()
                .orElseThrow(() -> new ChangeRefused(Kind.NOT_FOUND, "no rule " + uid + " is in force for the tenant "
                        + "(see GET /api/v1/rules)"));
    }

    /**
     * Switches the rule on or off and/or sets its level for the tenant (a null {@code enabled} leaves it; a given null
     * level goes back to the rule's own), at the version the caller has seen (0: never changed).
     */
    public Setting change(String tenant, String uid, long version, String actor, Boolean enabled, String level,
                          boolean levelGiven) {
        Setting before = setting(tenant, uid);
        if (level != null && !SigmaParser.LEVELS.containsKey(level)) {
            throw new ChangeRefused(Kind.BAD, "level must be one of informational, low, medium, high, critical, or "
                    + "null (the rule's own), not '" + level + "'");
        }
        if (before.version() != version) {
            throw new ChangeRefused(Kind.STALE, "rule " + uid + " is at version " + before.version() + ", not "
                    + version + ": read it again");
        }
        RuleOverride now = overrides(tenant).get(uid);
        boolean on = enabled != null ? enabled : now == null || now.enabled();
        String newLevel = levelGiven ? level : now == null ? null : now.level();
        JdbcTemplate jdbc = jdbc(tenant);
        int changed = version == 0
                ? jdbc.update("INSERT INTO rule_overrides (rule_uid, enabled, level, changed_by, changed_at) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", uid, on, newLevel, actor, Timestamp.from(clock.instant()))
                : jdbc.update("UPDATE rule_overrides SET enabled = ?, level = ?, changed_by = ?, changed_at = ?, "
                        + "version = version + 1 WHERE rule_uid = ? AND version = ?", on, newLevel, actor,
                        Timestamp.from(clock.instant()), uid, version);
        if (changed == 0) {
            throw new ChangeRefused(Kind.STALE, "rule " + uid + " changed meanwhile: read it again");
        }
        effective.remove(tenant);
        Setting after = setting(tenant, uid);
        audit.audit(tenant, actor, "rule.update", uid, auditable(before), auditable(after));
        return after;
    }

    private static Map<String, Object> auditable(Setting s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", s.enabled());
        m.put("level", s.level());
        m.put("overridden", s.overridden());
        m.put("version", s.version());
        return m;
    }

    /** The tenant's overrides by rule uid (an override of a rule no longer loaded is kept, and applies to nothing). */
    Map<String, RuleOverride> overrides(String tenant) {
        Map<String, RuleOverride> out = new HashMap<>();
        jdbc(tenant).query("SELECT rule_uid, enabled, level, version FROM rule_overrides", rs -> {
            out.put(rs.getString(1), new RuleOverride(rs.getBoolean(2), rs.getString(3), rs.getLong(4)));
        });
        return out;
    }

    private JdbcTemplate jdbc(String tenant) {
        return new JdbcTemplate(stores.dataSource(tenant));
    }
}

package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.sigma.RuleRefused;
import io.securitylake.subscriber.sigma.SigmaCorrelation;
import io.securitylake.subscriber.sigma.SigmaRule;
import io.securitylake.subscriber.sigma.Suppression;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Which rules are suppressed for a tenant, and how: the tenant's setting ({@code lake.tenants.<id>.suppress.<rule
 * uid>.by} and {@code .for}) over the rule file's {@code suppress:}. A setting that cannot be honoured (no field, an
 * unknown field, a window outside 1s..7d) stops the start with its name, like any other bad setting.
 */
@Component
class Suppressions {

    private record Made(SigmaRule rule, SigmaCorrelation counted) {
    }

    private final Map<String, Map<String, Suppression>> settings = new HashMap<>();
    private final Map<String, Made> made = new ConcurrentHashMap<>();

    Suppressions(TenantSettings tenantSettings) {
        tenantSettings.tenants().forEach((tenant, t) -> t.suppress().forEach((rule, s) -> {
            try {
                settings.computeIfAbsent(tenant, k -> new HashMap<>()).put(rule, Suppression.of(s.by(), s.window()));
            } catch (RuleRefused e) {
                throw new IllegalStateException("lake.tenants." + tenant + ".suppress." + rule + ": " + e.getMessage());
            }
        }));
    }

    /** The rule as the tenant's suppression counts it, or null when the rule is not suppressed for the tenant. */
    SigmaCorrelation of(String tenant, SigmaRule rule) {
        Suppression s = settings.getOrDefault(tenant, Map.of()).getOrDefault(rule.uid(), rule.suppression());
        if (s == null) {
            return null;
        }
        String key = tenant + "\n" + rule.uid();
        Made m = made.get(key);
        if (m == null || m.rule() != rule) { // a reload made a new rule
            m = new Made(rule, s.of(rule));
            made.put(key, m);
        }
        return m.counted();
    }
}

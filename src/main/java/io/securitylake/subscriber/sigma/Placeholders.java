package io.securitylake.subscriber.sigma;

import io.securitylake.subscriber.tenant.TenantSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The values of Sigma's placeholders ({@code %name%}, modifier {@code expand}) per tenant
 * ({@code lake.tenants.<id>.placeholders.<name>}, comma-separated), and the values in force on the thread that
 * evaluates one tenant's events: rules are compiled once for every tenant, so an {@code expand} test reads them
 * from here ({@link #current()}). A placeholder the tenant lacks has no values, and its test matches nothing.
 */
@Component("placeholders")
public class Placeholders {

    public static final Placeholders NONE = new Placeholders(Map.of());
    private static final ThreadLocal<Values> CURRENT = new ThreadLocal<>();

    private final Map<String, Values> byTenant = new HashMap<>();

    @Autowired
    Placeholders(TenantSettings tenantSettings) {
        this(byTenant(tenantSettings.tenants()));
    }

    /** Per tenant, per placeholder name, the values. */
    public Placeholders(Map<String, Map<String, List<String>>> values) {
        values.forEach((tenant, names) -> byTenant.put(tenant, new Values(names)));
    }

    private static Map<String, Map<String, List<String>>> byTenant(Map<String, TenantSettings.Tenant> tenants) {
        Map<String, Map<String, List<String>>> out = new HashMap<>();
        tenants.forEach((tenant, t) -> {
            Map<String, List<String>> names = new HashMap<>();
            t.placeholders().forEach((name, text) -> names.put(name, Arrays.stream(text.split(","))
                    .map(String::trim).filter(v -> !v.isEmpty()).toList()));
            out.put(tenant, names);
        });
        return out;
    }

    /** The values of one tenant's placeholders; identity is what a compiled {@code expand} test caches by. */
    public static final class Values {

        private final Map<String, List<String>> byName;

        public Values(Map<String, List<String>> byName) {
            Map<String, List<String>> lower = new HashMap<>();
            byName.forEach((name, values) -> lower.merge(name.toLowerCase(Locale.ROOT), values,
                    (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
            this.byName = Map.copyOf(lower);
        }

        /** The values of a name (its case aside); empty when the tenant has none. */
        List<String> of(String name) {
            return byName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    /** The work done with the tenant's values in force on this thread. */
    public <T> T within(String tenant, Supplier<T> work) {
        return byTenant.isEmpty() ? work.get() : with(byTenant.getOrDefault(tenant, new Values(Map.of())), work);
    }

    private static <T> T with(Values values, Supplier<T> work) {
        Values before = CURRENT.get();
        CURRENT.set(values);
        try {
            return work.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** The values in force on this thread; null outside any evaluation (then an {@code expand} test matches nothing). */
    static Values current() {
        return CURRENT.get();
    }

    /** Of the names a rule uses, those the tenant has no value for, sorted. */
    public List<String> missing(String tenant, Set<String> names) {
        Values values = byTenant.get(tenant);
        List<String> out = new ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            if (values == null || values.of(name).isEmpty()) {
                out.add(name);
            }
        }
        return out;
    }
}

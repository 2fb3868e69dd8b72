package io.securitylake.subscriber.hunt;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * Where a saved hunt runs: the tenant's store (PostgreSQL, over the hunt views) or the lake (Athena, over
 * Security Lake's Glue tables). Either way the tenant is the caller's, the time range bounds the data read and
 * every value is bound, never written into the SQL.
 */
public interface HuntEngine {

    String name();

    /**
     * One page of the hunt's result. {@code position} is null for the first page, else what the previous page
     * returned as {@link HuntResult#next()} (the API signs it into the cursor).
     */
    HuntResult run(String tenant, Hunt hunt, Run run);

    /** A run's checked inputs: parameter values by name (bound), the time range, and the page wanted. */
    record Run(Map<String, Object> params, Instant from, Instant to, String position, int limit) {
    }

    /** The parameter values of a run: each declared parameter from the request, else its default. */
    static Map<String, Object> values(Hunt hunt, JsonNode given) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        if (given != null && !given.isNull() && !given.isObject()) {
            throw new HuntRefused("params must be an object of the hunt's parameters");
        }
        if (given != null && given.isObject()) {
            given.fieldNames().forEachRemaining(name -> {
                if (hunt.params().stream().noneMatch(p -> p.name().equals(name))) {
                    throw new HuntRefused("hunt " + hunt.id() + " has no parameter " + HuntRefused.quote(name)
                            + "; it takes " + hunt.params().stream().map(HuntParam::name).toList());
                }
            });
        }
        for (HuntParam p : hunt.params()) {
            values.put(p.name(), p.value(given == null ? null : given.get(p.name())));
        }
        return values;
    }
}

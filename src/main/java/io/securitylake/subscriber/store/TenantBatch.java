package io.securitylake.subscriber.store;

import java.util.List;
import java.util.Map;

/**
 * The rows of one chunk that belong to one tenant, as named SQL parameters of {@code insert-events.sql}.
 * Deliberately not a record: Camel's simple language ({@code ${body.tenant}}) caches bean info keyed by the
 * body, and a record's hashCode would hash all 1000 rows, JSON included (measured: ~14% of the service's CPU).
 */
public final class TenantBatch {

    private final String tenant;
    private final List<Map<String, Object>> rows;

    public TenantBatch(String tenant, List<Map<String, Object>> rows) {
        this.tenant = tenant;
        this.rows = rows;
    }

    public String tenant() {
        return tenant;
    }

    public List<Map<String, Object>> rows() {
        return rows;
    }

    @Override
    public String toString() {
        return "TenantBatch[tenant=" + tenant + ", rows=" + rows.size() + "]";
    }
}

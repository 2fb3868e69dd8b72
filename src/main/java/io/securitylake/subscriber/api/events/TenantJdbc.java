package io.securitylake.subscriber.api.events;

import io.securitylake.subscriber.tenant.TenantStores;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Read access to one tenant's store for the API: the tenant's own pool (pinned to its schema, so unqualified
 * table names reach only its tables), with a statement timeout so no query holds a connection for long.
 */
@Component
class TenantJdbc {

    static final int QUERY_TIMEOUT_SECONDS = 15;

    private final TenantStores stores;
    private final Map<String, JdbcTemplate> templates = new ConcurrentHashMap<>();

    TenantJdbc(TenantStores stores) {
        this.stores = stores;
    }

    JdbcTemplate of(String tenant) {
        return templates.computeIfAbsent(tenant, t -> {
            JdbcTemplate jdbc = new JdbcTemplate(stores.dataSource(t));
            jdbc.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            return jdbc;
        });
    }
}

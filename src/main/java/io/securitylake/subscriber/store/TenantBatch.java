package io.securitylake.subscriber.store;

import java.util.List;
import java.util.Map;

/** The rows of one chunk that belong to one tenant, as named SQL parameters of {@code insert-events.sql}. */
public record TenantBatch(String tenant, List<Map<String, Object>> rows) {
}

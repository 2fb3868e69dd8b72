package io.securitylake.subscriber.publish;

import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The only code that writes a tenant's {@code publish_progress}: per published source, the end of the last window
 * written. It only ever moves forward, so of two replicas that wrote the same window the later advance is a no-op.
 */
@Component
class PublishProgress {

    private final Function<String, DataSource> stores;

    @Autowired
    PublishProgress(TenantStores stores) {
        this(stores::dataSource);
    }

    PublishProgress(Function<String, DataSource> stores) {
        this.stores = stores;
    }

    /** The end of the source's last written window, if one was. */
    Optional<Instant> windowEnd(String tenant, String source) {
        return jdbc(tenant).queryForList("SELECT window_end FROM publish_progress WHERE source = ?", OffsetDateTime.class,
                source).stream().findFirst().map(OffsetDateTime::toInstant);
    }

    /** Records that every window up to {@code end} is written; false when another writer had got that far already. */
    boolean advance(String tenant, String source, Instant end, int records, int skipped) {
        return jdbc(tenant).update("""
                INSERT INTO publish_progress (source, window_end, records, skipped) VALUES (?, ?, ?, ?)
                ON CONFLICT (source) DO UPDATE SET window_end = excluded.window_end, written_at = now(),
                    records = publish_progress.records + excluded.records,
                    skipped = publish_progress.skipped + excluded.skipped
                WHERE publish_progress.window_end < excluded.window_end""",
                source, Timestamp.from(end), records, skipped) == 1;
    }

    private JdbcTemplate jdbc(String tenant) {
        return new JdbcTemplate(stores.apply(tenant));
    }
}

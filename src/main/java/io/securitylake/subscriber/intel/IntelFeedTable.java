package io.securitylake.subscriber.intel;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The only code that reads or writes {@code lake_intel_feeds} (control database): the feeds added through the admin
 * API, each row a feed's settings as {@link IntelSettings.Feed} holds them (validated there on every read).
 */
@Component
public class IntelFeedTable {

    private final JdbcTemplate control;

    IntelFeedTable(JdbcTemplate control) {
        this.control = control;
    }

    /** Stores a feed; false when one of that name is stored already. */
    public boolean insert(IntelSettings.Feed feed) {
        return control.update("""
                INSERT INTO lake_intel_feeds (name, format, url, collection, type, column_name, tenant, interval_ms,
                                              confidence, severity)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""",
                feed.name(), feed.format(), feed.url().toString(), feed.collection(), feed.type(), feed.column(),
                feed.tenant(), feed.interval().toMillis(), feed.confidence(), feed.severity()) == 1;
    }

    /** Deletes a stored feed; false when there was none of that name. */
    public boolean delete(String name) {
        return control.update("DELETE FROM lake_intel_feeds WHERE name = ?", name) == 1;
    }

    /** Every stored feed, in the order they were added. */
    List<IntelSettings.Feed> all() {
        return control.query("""
                SELECT name, url, format, column_name, type, tenant, interval_ms, confidence, severity, collection
                  FROM lake_intel_feeds ORDER BY created_at, name""",
                (rs, i) -> new IntelSettings.Feed(rs.getString(1), URI.create(rs.getString(2)), null,
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        Duration.ofMillis(rs.getLong(7)), rs.getInt(8), (Integer) rs.getObject(9), false,
                        rs.getString(10), null, null, null));
    }
}

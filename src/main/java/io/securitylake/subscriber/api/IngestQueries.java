package io.securitylake.subscriber.api;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The caller's rows of the ingestion ledger (control database, always filtered by the caller's tenant),
 * newest first with keyset paging. Unassigned objects belong to no tenant and are not shown to any.
 */
@Component("ingestQueries")
public class IngestQueries {

    static final String LISTING = "objects";
    private static final Set<String> STATUSES = Set.of("processing", "retrying", "done", "skipped", "unassigned", "failed");

    private final JdbcTemplate control;
    private final Cursors cursors;

    IngestQueries(JdbcTemplate control, Cursors cursors) {
        this.control = control;
        this.cursors = cursors;
    }

    public LedgerPage objects(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange, Set.of("status", "limit", "cursor"));
        String tenant = request.tenant();
        Params p = request.params();
        String status = p.oneOf("status", STATUSES).orElse(null);
        int limit = p.integer("limit", 1, 1000).orElse(100);
        StringBuilder sql = new StringBuilder("""
                SELECT bucket, object_key, size, etag, account, source, status, rows_stored, rows_unassigned,
                       bytes_read, error, attempts, notified_at, first_seen_at, started_at, finished_at, duration_ms
                  FROM lake_objects WHERE tenant = ?""");
        List<Object> args = new ArrayList<>(List.of(tenant));
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        p.one("cursor").ifPresent(cursor -> {
            List<String> at = cursors.decode(tenant, LISTING, "status=" + status, cursor, 3);
            sql.append(" AND (first_seen_at, bucket, object_key) < (?, ?, ?)");
            args.add(Timestamp.from(EventQueries.fromMicros(at.get(0))));
            args.add(at.get(1));
            args.add(at.get(2));
        });
        sql.append(" ORDER BY first_seen_at DESC, bucket DESC, object_key DESC LIMIT ?");
        args.add(limit + 1);
        List<LedgerPage.Row> rows = control.query(sql.toString(), (rs, i) -> row(rs), args.toArray());
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            LedgerPage.Row last = rows.get(limit - 1);
            next = cursors.encode(tenant, LISTING, "status=" + status,
                    List.of(EventQueries.toMicros(last.firstSeenAt().toInstant()), last.bucket(), last.key()));
        }
        return new LedgerPage(rows, next);
    }

    private static LedgerPage.Row row(ResultSet rs) throws SQLException {
        return new LedgerPage.Row(rs.getString("bucket"), rs.getString("object_key"), (Long) rs.getObject("size"),
                rs.getString("etag"), rs.getString("account"), rs.getString("source"), rs.getString("status"),
                rs.getLong("rows_stored"), rs.getLong("rows_unassigned"), (Long) rs.getObject("bytes_read"),
                rs.getString("error"), rs.getInt("attempts"), time(rs, "notified_at"), time(rs, "first_seen_at"),
                time(rs, "started_at"), time(rs, "finished_at"), (Long) rs.getObject("duration_ms"));
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class);
    }
}

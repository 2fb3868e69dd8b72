package io.securitylake.subscriber.api.events;

import io.securitylake.subscriber.api.RawJson;
import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Cursors;
import io.securitylake.subscriber.api.ApiProblem;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The caller's events: a filtered page (newest first, keyset paging on event time and uid, which the index
 * {@code events_time} serves in order), a count, and one event by uid. Events are returned as stored.
 */
@Component("eventQueries")
public class EventQueries {

    static final String LISTING = "events";
    private static final int MAX_UID = 512;

    private final TenantJdbc jdbc;
    private final Cursors cursors;

    EventQueries(TenantJdbc jdbc, Cursors cursors) {
        this.jdbc = jdbc;
        this.cursors = cursors;
    }

    public EventPage page(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.tenant();
        EventFilter filter = EventFilter.read(request.params());
        int limit = request.params().integer("limit", 1, 1000).orElse(100);
        StringBuilder sql = new StringBuilder("SELECT event_time, event_uid, event::text FROM events WHERE true");
        List<Object> args = new ArrayList<>();
        filter.where(sql, args);
        Cursors.Listing listing = cursors.listing(tenant, LISTING, filter.canonical());
        listing.position(request.params(), 2).ifPresent(position -> {
            sql.append(" AND (event_time, event_uid) < (?, ?)");
            args.add(Timestamp.from(Cursors.fromMicros(position.get(0))));
            args.add(position.get(1));
        });
        sql.append(" ORDER BY event_time DESC, event_uid DESC LIMIT ?");
        args.add(limit + 1); // one more than asked says whether a next page exists
        List<Row> rows = jdbc.of(tenant).query(sql.toString(), (rs, i) -> new Row(
                rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2), rs.getString(3)), args.toArray());
        Cursors.Page<Row> page = listing.page(rows, limit, last -> List.of(Cursors.toMicros(last.time()), last.uid()));
        return new EventPage(page.rows().stream().map(r -> new RawJson(r.event())).toList(), page.next());
    }

    public Count count(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        EventFilter filter = EventFilter.read(request.params());
        List<Object> args = new ArrayList<>();
        StringBuilder sql;
        if (filter.onWholeHours()) { // the hourly rollups (or totals) hold the same count, without reading events
            sql = new StringBuilder("SELECT coalesce(sum(events), 0) FROM ")
                    .append(filter.timeOnly() ? "event_hour_totals" : "event_rollups").append(" WHERE true");
            filter.whereRollups(sql, args);
        } else {
            sql = new StringBuilder("SELECT count(*) FROM events WHERE true");
            filter.where(sql, args);
        }
        Long n = jdbc.of(request.tenant()).queryForObject(sql.toString(), Long.class, args.toArray());
        return new Count(n == null ? 0 : n);
    }

    public RawJson byUid(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String uid = request.pathVariable("uid");
        if (uid.isEmpty() || uid.length() > MAX_UID) {
            throw ApiProblem.badRequest("an event uid is 1 to " + MAX_UID + " characters");
        }
        List<String> found = jdbc.of(request.tenant())
                .queryForList("SELECT event::text FROM events WHERE event_uid = ?", String.class, uid);
        if (found.isEmpty()) {
            throw ApiProblem.notFound("no event with this uid");
        }
        return new RawJson(found.get(0));
    }

    private record Row(Instant time, String uid, String event) {
    }

}

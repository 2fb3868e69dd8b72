package io.securitylake.subscriber.api.events;

import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.store.StoreSettings;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Chart data over the caller's events: counts per time bucket (optionally split by one column), and the most
 * frequent values of one event field. Columns and JSON paths come only from the whitelists below.
 */
@Component("statsQueries")
public class StatsQueries {

    private static final Map<String, Duration> INTERVALS =
            Map.of("5m", Duration.ofMinutes(5), "1h", Duration.ofHours(1), "1d", Duration.ofDays(1));
    private static final Map<String, String> BY = Map.of("class_uid", "class_uid", "category_uid", "category_uid",
            "severity_id", "severity_id", "source", "source", "account", "account", "region", "region");
    /** The same columns in the rollups, whose unknown values are -1 and '' (shown as null, like the events'). */
    private static final Map<String, String> BY_ROLLUPS = Map.of("class_uid", "NULLIF(class_uid, -1)",
            "category_uid", "NULLIF(category_uid, -1)", "severity_id", "NULLIF(severity_id, -1)",
            "source", "NULLIF(source, '')", "account", "NULLIF(account, '')", "region", "NULLIF(region, '')");
    private static final Map<String, String> TOP_FIELDS = new TreeMap<>(Map.ofEntries(
            Map.entry("src_endpoint.ip", "{src_endpoint,ip}"), Map.entry("dst_endpoint.ip", "{dst_endpoint,ip}"),
            Map.entry("actor.user.name", "{actor,user,name}"), Map.entry("user.name", "{user,name}"),
            Map.entry("finding_info.title", "{finding_info,title}"), Map.entry("api.operation", "{api,operation}"),
            Map.entry("api.service.name", "{api,service,name}"), Map.entry("device.hostname", "{device,hostname}"),
            Map.entry("process.name", "{process,name}"), Map.entry("query.hostname", "{query,hostname}"),
            Map.entry("cloud.region", "{cloud,region}"), Map.entry("class_name", "{class_name}"),
            Map.entry("severity", "{severity}")));
    /** Bucket origin for date_bin: any midnight UTC, so 1h and 1d buckets start at full hours and days. */
    private static final Instant ORIGIN = Instant.parse("2000-01-01T00:00:00Z");
    private static final int MAX_BUCKETS = 2000;
    private static final Duration MAX_TOP_SPAN = Duration.ofDays(31);
    /** The fields whose hourly value counts the events' trigger keeps: tenant function event_top_values (V25). */
    private static final Set<String> TOP_ROLLED_UP = Set.of("src_endpoint.ip", "actor.user.name", "api.operation",
            "finding_info.title");

    private final TenantJdbc jdbc;
    private final StoreSettings storeSettings;

    StatsQueries(TenantJdbc jdbc, StoreSettings storeSettings) {
        this.jdbc = jdbc;
        this.storeSettings = storeSettings;
    }

    public Timeline timeline(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        Params p = request.params();
        EventFilter filter = EventFilter.read(p).withDefaultSpan(Instant.now(), Duration.ofDays(1));
        String interval = p.oneOf("interval", INTERVALS.keySet()).orElse("1h");
        String by = p.oneOf("by", BY.keySet()).orElse(null);
        Duration step = INTERVALS.get(interval);
        Instant first = bucketOf(filter.from(), step);
        if (Duration.between(first, filter.to()).dividedBy(step) >= MAX_BUCKETS) {
            throw Params.bad("interval", "gives more than " + MAX_BUCKETS + " buckets over this range; widen it");
        }
        // hourly and daily buckets over whole hours are sums of the hourly rollups (of the hourly totals when only
        // the time filters and nothing splits); anything finer reads events
        boolean rollups = step.compareTo(Duration.ofHours(1)) >= 0 && filter.onWholeHours();
        StringBuilder sql = new StringBuilder("SELECT date_bin(CAST(? AS interval), ")
                .append(rollups ? "hour" : "event_time").append(", CAST(? AS timestamptz)) AS bucket, ")
                .append(by == null ? "NULL" : (rollups ? BY_ROLLUPS : BY).get(by)).append("::text AS k, ")
                .append(!rollups ? "count(*) FROM events" : by == null && filter.timeOnly()
                        ? "sum(events) FROM event_hour_totals" : "sum(events) FROM event_rollups").append(" WHERE true");
        List<Object> args = new ArrayList<>(List.of(step.toSeconds() + " seconds", Timestamp.from(ORIGIN)));
        if (rollups) {
            filter.whereRollups(sql, args);
        } else {
            filter.where(sql, args);
        }
        sql.append(" GROUP BY 1, 2");
        Map<Instant, Map<String, Long>> counts = new TreeMap<>();
        jdbc.of(request.tenant()).query(sql.toString(), rs -> {
            Instant bucket = rs.getObject(1, OffsetDateTime.class).toInstant();
            String key = rs.getString(2);
            counts.computeIfAbsent(bucket, b -> new TreeMap<>()).put(key == null ? "null" : key, rs.getLong(3));
        }, args.toArray());
        List<Timeline.Bucket> buckets = new ArrayList<>();
        for (Instant b = first; b.isBefore(filter.to()); b = b.plus(step)) { // empty buckets too: charts need zeros
            Map<String, Long> c = counts.getOrDefault(b, Map.of());
            long total = c.values().stream().mapToLong(Long::longValue).sum();
            buckets.add(new Timeline.Bucket(b, total, by == null ? null : new LinkedHashMap<>(c)));
        }
        return new Timeline(interval, by, filter.from(), filter.to(), buckets);
    }

    public TopValues top(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        Params p = request.params();
        String field = p.oneOf("field", TOP_FIELDS.keySet())
                .orElseThrow(() -> Params.bad("field", "is required, one of " + TOP_FIELDS.keySet()));
        int limit = p.integer("limit", 1, 100).orElse(10);
        EventFilter filter = EventFilter.read(p).withDefaultSpan(Instant.now(), Duration.ofDays(1));
        if (Duration.between(filter.from(), filter.to()).compareTo(MAX_TOP_SPAN) > 0) {
            throw Params.bad("from", "must be at most 31 days before 'to' for top values");
        }
        // whole hours filtered by time only: from the compacted hours when their bounds prove the answer, else the
        // daily sums of the whole days and the hourly value counts of the other hours, exact either way; anything
        // else reads events
        boolean rollups = TOP_ROLLED_UP.contains(field) && filter.onWholeHours() && filter.timeOnly();
        if (rollups && limit <= storeSettings.valuesKept()) {
            Optional<List<TopValues.Value>> proven = CompactedTopValues.proven(jdbc.of(request.tenant()), field,
                    filter.from(), filter.to(), limit);
            if (proven.isPresent()) {
                return new TopValues(field, filter.from(), filter.to(), proven.get());
            }
        }
        if (rollups) {
            return new TopValues(field, filter.from(), filter.to(),
                    DailyTopValues.top(jdbc.of(request.tenant()), field, filter.from(), filter.to(), limit));
        }
        StringBuilder sql = new StringBuilder(
                "SELECT v, count(*) AS n FROM (SELECT event #>> CAST(? AS text[]) AS v FROM events WHERE true");
        List<Object> args = new ArrayList<>(List.of(TOP_FIELDS.get(field)));
        filter.where(sql, args);
        sql.append(") e WHERE v IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT ?");
        args.add(limit);
        List<TopValues.Value> values = jdbc.of(request.tenant()).query(sql.toString(),
                (rs, i) -> new TopValues.Value(rs.getString(1), rs.getLong(2)), args.toArray());
        return new TopValues(field, filter.from(), filter.to(), values);
    }

    static Instant bucketOf(Instant t, Duration step) {
        long n = Math.floorDiv(Duration.between(ORIGIN, t).toSeconds(), step.toSeconds());
        return ORIGIN.plusSeconds(n * step.toSeconds());
    }

    static Set<String> topFields() {
        return TOP_FIELDS.keySet();
    }

    /** The rolled-up fields with the JSON path each is read from (in events scans). */
    static Map<String, String> rolledUpPaths() {
        Map<String, String> out = new TreeMap<>();
        TOP_ROLLED_UP.forEach(f -> out.put(f, TOP_FIELDS.get(f)));
        return out;
    }
}

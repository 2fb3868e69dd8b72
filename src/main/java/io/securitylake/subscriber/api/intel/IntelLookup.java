package io.securitylake.subscriber.api.intel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.api.RawJson;
import io.securitylake.subscriber.intel.IntelIndicators;
import io.securitylake.subscriber.intel.LookupValue;
import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One value looked up in one place: the caller's indicators that match it (shared feeds and the tenant's own, in
 * force or not) and the caller's events of a time range that hold it in a field matching reads (endpoint addresses
 * and host names, DNS query and answers, URLs, hashes, e-mail addresses, observables), newest first. The events are
 * found in the caller's own store only: a text pre-filter in SQL ({@code event::text ILIKE}), each candidate then
 * read as matching reads it, so {@code 10.0.0.1} does not find {@code 10.0.0.10}.
 */
@Component("intelLookup")
class IntelLookup {

    static final Duration DEFAULT_SPAN = Duration.ofDays(7);
    static final Duration MAX_SPAN = Duration.ofDays(31);
    static final int MAX_INDICATORS = 100;
    static final int BATCH = 200;
    /** Candidate rows read at most per look-up (the pre-filter's false positives included). */
    static final int MAX_CANDIDATES = 2_000;
    private static final int QUERY_TIMEOUT_SECONDS = 15;
    private static final TypeReference<Map<String, Object>> EVENT = new TypeReference<>() {
    };

    private final IntelIndicators indicators;
    private final IntelQueries queries;
    private final TenantStores stores;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, JdbcTemplate> templates = new ConcurrentHashMap<>();

    @Autowired
    IntelLookup(IntelIndicators indicators, IntelQueries queries, TenantStores stores, ObjectMapper json) {
        this(indicators, queries, stores, json, Clock.systemUTC());
    }

    IntelLookup(IntelIndicators indicators, IntelQueries queries, TenantStores stores, ObjectMapper json, Clock clock) {
        this.indicators = indicators;
        this.queries = queries;
        this.stores = stores;
        this.json = json;
        this.clock = clock;
    }

    public Map<String, Object> lookUp(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.tenant();
        Params p = request.params();
        LookupValue value;
        try {
            value = LookupValue.of(p.one("value").orElseThrow(() -> Params.bad("value", "is required")));
        } catch (IllegalArgumentException e) {
            throw Params.bad("value", e.getMessage());
        }
        Params.Range range = p.range();
        Instant to = range.to() != null ? range.to() : clock.instant();
        Instant from = range.from() != null ? range.from() : to.minus(DEFAULT_SPAN);
        if (!from.isBefore(to)) {
            throw Params.bad("from", "must be before 'to'");
        }
        if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
            throw Params.bad("from", "the range is at most " + MAX_SPAN.toDays() + " days");
        }
        int limit = p.integer("limit", 1, 200).orElse(50);

        List<Map<String, Object>> found = new ArrayList<>();
        indicators.matching(tenant, value, MAX_INDICATORS).forEach(i -> found.add(queries.indicator(i)));
        List<Map<String, Object>> events = new ArrayList<>();
        boolean more = events(tenant, value, from, to, limit, events);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", value.value());
        out.put("type", value.type().id());
        out.put("from", from.toEpochMilli());
        out.put("to", to.toEpochMilli());
        out.put("indicators", found);
        out.put("events", events);
        out.put("more_events", more);
        return out;
    }

    /** Fills {@code out} with up to {@code limit} events holding the value; whether more may exist in the range. */
    private boolean events(String tenant, LookupValue value, Instant from, Instant to, int limit,
                           List<Map<String, Object>> out) {
        List<String> texts = value.texts();
        StringBuilder sql = new StringBuilder("SELECT event_time, event_uid, event::text FROM events"
                + " WHERE event_time >= ? AND event_time < ? AND (event_time, event_uid) < (?, ?) AND (");
        for (int i = 0; i < texts.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("event::text ILIKE ?");
        }
        sql.append(") ORDER BY event_time DESC, event_uid DESC LIMIT ?");
        Instant cursorTime = to;
        String cursorUid = "";
        int candidates = 0;
        while (true) {
            List<Object> args = new ArrayList<>(List.of(Timestamp.from(from), Timestamp.from(to),
                    Timestamp.from(cursorTime), cursorUid));
            texts.forEach(t -> args.add("%" + likeEscaped(t) + "%"));
            args.add(BATCH);
            List<Row> rows = jdbc(tenant).query(sql.toString(), (rs, n) -> new Row(
                    rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2), rs.getString(3)), args.toArray());
            for (Row row : rows) {
                candidates++;
                List<String> fields = value.fieldsIn(parse(row.event()));
                if (!fields.isEmpty()) {
                    if (out.size() == limit) {
                        return true;
                    }
                    Map<String, Object> hit = new LinkedHashMap<>();
                    hit.put("event_uid", row.uid());
                    hit.put("time", row.time().toEpochMilli());
                    hit.put("fields", fields);
                    hit.put("event", new RawJson(row.event()));
                    out.add(hit);
                }
                cursorTime = row.time();
                cursorUid = row.uid();
            }
            if (rows.size() < BATCH) {
                return false;
            }
            if (candidates >= MAX_CANDIDATES) {
                return true;
            }
        }
    }

    private Map<String, Object> parse(String event) {
        try {
            return json.readValue(event, EVENT);
        } catch (java.io.IOException e) {
            return Map.of(); // stored events are JSON objects; one that is not holds nothing to look up
        }
    }

    /** A text for {@code LIKE}: its wildcards and the escape character taken literally. */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private JdbcTemplate jdbc(String tenant) {
        return templates.computeIfAbsent(tenant, t -> {
            JdbcTemplate jdbc = new JdbcTemplate(stores.dataSource(t));
            jdbc.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            return jdbc;
        });
    }

    private record Row(Instant time, String uid, String event) {
    }
}

package io.securitylake.subscriber.api.events;

import io.securitylake.subscriber.api.Cursors;
import io.securitylake.subscriber.api.Params;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The filters shared by the event list, count and stats endpoints, validated, and their SQL: fixed column
 * names, every value a bound parameter.
 */
record EventFilter(Instant from, Instant to, List<Integer> classUids, Integer categoryUid, Integer severityMin,
                   String account, String region, String source) {

    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,127}");

    static EventFilter read(Params p) {
        EventFilter f = new EventFilter(
                p.time("from").orElse(null),
                p.time("to").orElse(null),
                p.integers("class_uid", 0, 999_999, 50),
                p.integer("category_uid", 0, 99).orElse(null),
                p.integer("severity_id_min", 0, 99).orElse(null),
                p.matching("account", ACCOUNT, "a 12-digit AWS account id").orElse(null),
                p.matching("region", REGION, "an AWS region such as us-east-1").orElse(null),
                p.matching("source", SOURCE, "a Security Lake source name such as CLOUD_TRAIL_MGMT").orElse(null));
        if (f.from != null && f.to != null && !f.from.isBefore(f.to)) {
            throw Params.bad("from", "must be before 'to'");
        }
        return f;
    }

    /** Absent bounds become {@code span} up to {@code now}; a default end is the end of now's hour (whole hours). */
    EventFilter withDefaultSpan(Instant now, java.time.Duration span) {
        Instant end = to != null ? to : now.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(java.time.Duration.ofHours(1));
        Instant start = from != null ? from : end.minus(span);
        if (!start.isBefore(end)) {
            throw Params.bad("from", "must be before 'to'");
        }
        return new EventFilter(start, end, classUids, categoryUid, severityMin, account, region, source);
    }

    /**
     * The filters in one canonical text, for a cursor to be bound to: times as epoch microseconds, classes
     * sorted without repeats, so that equal filters give equal text however the request wrote them.
     */
    String canonical() {
        return String.join("\n", "from=" + micros(from), "to=" + micros(to),
                "class_uid=" + new java.util.TreeSet<>(classUids), "category_uid=" + categoryUid,
                "severity_id_min=" + severityMin, "account=" + account, "region=" + region, "source=" + source);
    }

    private static String micros(Instant t) {
        return t == null ? "" : Cursors.toMicros(t);
    }

    /**
     * Whether the hourly rollups answer exactly: every bound (if any) is a whole hour, so the range holds whole
     * hours only, and every other filter is a column of the rollups.
     */
    boolean onWholeHours() {
        return wholeHour(from) && wholeHour(to);
    }

    /** Whether only the time range filters: the hourly totals answer, one row an hour. */
    boolean timeOnly() {
        return classUids.isEmpty() && categoryUid == null && severityMin == null && account == null && region == null
                && source == null;
    }

    private static boolean wholeHour(Instant t) {
        return t == null || t.getEpochSecond() % 3600 == 0 && t.getNano() == 0;
    }

    /** Appends {@code AND ...} conditions on table {@code events}: {@code from} inclusive, {@code to} exclusive. */
    void where(StringBuilder sql, List<Object> args) {
        where(sql, args, "event_time");
    }

    /** The same conditions on table {@code event_rollups}, whose rows are hours; only {@link #onWholeHours()}. */
    void whereRollups(StringBuilder sql, List<Object> args) {
        if (!onWholeHours()) {
            throw new IllegalStateException("the rollups hold whole hours only");
        }
        where(sql, args, "hour");
    }

    private void where(StringBuilder sql, List<Object> args, String time) {
        if (from != null) {
            sql.append(" AND ").append(time).append(" >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND ").append(time).append(" < ?");
            args.add(Timestamp.from(to));
        }
        if (!classUids.isEmpty()) {
            sql.append(" AND class_uid IN (").append("?,".repeat(classUids.size() - 1)).append("?)");
            args.addAll(classUids);
        }
        condition(sql, args, " AND category_uid = ?", categoryUid);
        condition(sql, args, " AND severity_id >= ?", severityMin);
        condition(sql, args, " AND account = ?", account);
        condition(sql, args, " AND region = ?", region);
        condition(sql, args, " AND source = ?", source);
    }

    private static void condition(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null) {
            sql.append(condition);
            args.add(value);
        }
    }
}

package io.securitylake.subscriber.hunt;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A saved hunt's Athena SQL made ready to run for one tenant: every {@code {table}} becomes a subquery of the
 * Security Lake table restricted to the tenant's accounts and to the event days of the range (partition columns
 * {@code accountid} and {@code eventday}), whatever the hunt itself says; every value, those included, is an
 * execution parameter ({@code ?}), never part of the SQL text. Athena takes each parameter as a literal: text is
 * quoted with its quotes doubled, numbers and booleans are written as such, {@code :from}/{@code :to} are epoch
 * milliseconds (the tables' {@code time}).
 */
record AthenaSql(String sql, List<String> parameters) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    static AthenaSql of(Hunt hunt, String database, String table, List<String> accounts, HuntEngine.Run run) {
        if (accounts.isEmpty()) {
            throw new HuntRefused("the tenant has no AWS account: there is nothing of it in the lake to hunt");
        }
        String[] pieces = hunt.lake().query().split("\\{table}", -1);
        StringBuilder sql = new StringBuilder();
        List<String> parameters = new ArrayList<>();
        for (int i = 0; i < pieces.length; i++) {
            NamedSql piece = NamedSql.parse(pieces[i]);
            sql.append(piece.sql());
            for (String name : piece.names()) {
                parameters.add(literal(value(name, run)));
            }
            if (i < pieces.length - 1) {
                sql.append("(SELECT * FROM \"").append(database).append("\".\"").append(table)
                        .append("\" WHERE accountid IN (").append("?, ".repeat(accounts.size() - 1)).append("?)")
                        .append(" AND eventday BETWEEN ? AND ?)");
                accounts.forEach(a -> parameters.add(literal(a)));
                parameters.add(literal(DAY.format(run.from())));
                parameters.add(literal(DAY.format(run.to().minusMillis(1))));
            }
        }
        return new AthenaSql(sql.toString(), List.copyOf(parameters));
    }

    private static Object value(String name, HuntEngine.Run run) {
        return switch (name) {
            case "from" -> run.from().toEpochMilli();
            case "to" -> run.to().toEpochMilli();
            default -> run.params().get(name);
        };
    }

    static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Instant t) {
            return Long.toString(t.toEpochMilli());
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }
}

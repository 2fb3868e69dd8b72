package io.securitylake.subscriber.hunt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.tenant.TenantStores;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;
import org.springframework.stereotype.Component;

/**
 * An analyst's own SQL, safe by construction rather than by inspection: it runs as the tenant's hunt role in a
 * read-only transaction with a statement timeout ({@link HuntSession}), inside the role's security-definer
 * function {@code hunt_rows}, which opens it as a cursor. So PostgreSQL itself refuses another tenant's schema,
 * the control tables, a write, a server file, a second statement or a utility statement (SET ROLE, COPY, ...),
 * a role change, and a statement past the timeout. The one check made here is a courtesy: text that the driver
 * would split into several statements is refused with a plain reason before it reaches the database.
 */
@Component
public class AdHocSql {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TenantStores stores;
    private final HuntSettings settings;

    AdHocSql(TenantStores stores, HuntSettings hunts) {
        this.stores = stores;
        this.settings = hunts;
    }

    public HuntResult run(String tenant, String sql, String position, int limit) {
        String statement = single(sql);
        long offset = Offsets.of(position, settings.maxRows(), limit);
        return HuntSession.read(stores.dataSource(tenant), tenant, settings.statementTimeout(), c -> {
            // the columns and their types: the statement is parsed and described, not run (no function is called)
            List<HuntResult.Column> columns;
            try (PreparedStatement describe = c.prepareStatement(statement.replace("?", "??"))) {
                columns = Cells.columns(describe.getMetaData());
            }
            List<List<Object>> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r FROM hunt_rows(?, ?, ?) r")) {
                ps.setString(1, statement);
                ps.setLong(2, offset);
                ps.setInt(3, limit + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs.getString(1), columns));
                    }
                }
            }
            return Offsets.page(columns, rows, offset, limit, settings.maxRows());
        });
    }

    /** The one statement of the text (without a trailing semicolon); none or several is a bad request. */
    String single(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new HuntRefused("sql is required: one SELECT statement");
        }
        if (sql.length() > settings.maxSqlLength()) {
            throw new HuntRefused("sql is longer than " + settings.maxSqlLength() + " characters");
        }
        if (sql.indexOf('\0') >= 0) {
            throw new HuntRefused("sql must not hold a NUL character");
        }
        List<NativeQuery> statements;
        try {
            // the driver's own splitter: what it would send as separate statements
            statements = Parser.parseJdbcSql(sql, true, false, true, false, false);
        } catch (SQLException e) {
            throw new HuntRefused("sql cannot be read: " + e.getMessage());
        }
        List<NativeQuery> nonEmpty = statements.stream().filter(q -> !q.nativeSql.isBlank()).toList();
        if (nonEmpty.size() != 1) {
            throw new HuntRefused("sql must be exactly one statement, not " + nonEmpty.size());
        }
        return nonEmpty.get(0).nativeSql;
    }

    /** A row rendered by PostgreSQL as a JSON object, read in column order (names may repeat). */
    private static List<Object> row(String json, List<HuntResult.Column> columns) throws SQLException {
        List<Object> row = new ArrayList<>(columns.size());
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            int i = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                p.nextToken();
                JsonNode value = JSON.readTree(p);
                String type = i < columns.size() ? columns.get(i).type() : "json";
                row.add(Cells.fromJson(value, type));
                i++;
            }
        } catch (IOException e) {
            throw new SQLException("a row the store rendered is not JSON", "XX000", e);
        }
        return row;
    }
}

package io.securitylake.subscriber.hunt;

import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Saved hunts on the tenant's store: the hunt's SQL over the hunt views, its named parameters bound by type,
 * run as the tenant's hunt role in a read-only transaction ({@link HuntSession}); paged by offset (a hunt orders
 * its rows, so a page follows the previous one), up to {@code lake.hunts.max-rows}.
 */
@Component
public class StoreEngine implements HuntEngine {

    public static final String NAME = "store";

    private final TenantStores stores;
    private final HuntSettings settings;

    StoreEngine(TenantStores stores, HuntSettings hunts) {
        this.stores = stores;
        this.settings = hunts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public HuntResult run(String tenant, Hunt hunt, Run run) {
        NamedSql sql = NamedSql.parse(hunt.query());
        long offset = Offsets.of(run.position(), settings.maxRows(), run.limit());
        String paged = "SELECT * FROM (" + sql.sql() + "\n) hunt OFFSET ? LIMIT ?";
        return HuntSession.read(stores.dataSource(tenant), tenant, settings.statementTimeout(), c -> {
            try (PreparedStatement ps = c.prepareStatement(paged)) {
                int i = 1;
                for (String name : sql.names()) {
                    bind(ps, i++, name, hunt, run);
                }
                ps.setLong(i++, offset);
                ps.setInt(i, run.limit() + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    List<HuntResult.Column> columns = Cells.columns(rs.getMetaData());
                    List<List<Object>> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(Cells.row(rs, columns));
                    }
                    return Offsets.page(columns, rows, offset, run.limit(), settings.maxRows());
                }
            }
        });
    }

    private static void bind(PreparedStatement ps, int i, String name, Hunt hunt, Run run) throws java.sql.SQLException {
        Object value = switch (name) {
            case "from" -> run.from();
            case "to" -> run.to();
            default -> run.params().get(name);
        };
        String type = HuntBook.RANGE.contains(name) ? "timestamp"
                : hunt.params().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().type();
        switch (type) {
            case "timestamp" -> ps.setObject(i, value == null ? null
                    : ((Instant) value).atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
            case "int" -> ps.setObject(i, value, Types.BIGINT);
            case "bool" -> ps.setObject(i, value, Types.BOOLEAN);
            default -> ps.setObject(i, value, Types.VARCHAR);
        }
    }
}

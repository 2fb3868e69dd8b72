package io.securitylake.subscriber.incident;

import io.securitylake.subscriber.tenant.TenantStores;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs work in one transaction of a tenant's store, on a {@link JdbcTemplate} bound to it. */
@Component
public class TenantTransactions {

    /** Longest one statement of incident work may take. */
    static final int STATEMENT_TIMEOUT_SECONDS = 15;

    private final Function<String, DataSource> stores;

    @Autowired
    TenantTransactions(TenantStores stores) {
        this(stores::dataSource);
    }

    /** On the tenant stores a function gives (tests). */
    public TenantTransactions(Function<String, DataSource> stores) {
        this.stores = stores;
    }

    public <T> T inTransaction(String tenant, Function<JdbcTemplate, T> work) {
        DataSource ds = stores.apply(tenant);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        jdbc.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
        return new TransactionTemplate(new DataSourceTransactionManager(ds)).execute(status -> work.apply(jdbc));
    }
}

package io.securitylake.subscriber.api;

import io.securitylake.subscriber.LakeProperties;
import io.securitylake.subscriber.tenant.TenantDirectory;
import io.securitylake.subscriber.tenant.TenantIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The admin API (admin key only): the tenants with their accounts, and claiming an account for a tenant at
 * run time. A claim is a row in {@code lake_account_claims}, which {@link TenantDirectory} reads for every
 * object, so it takes effect with the next object and survives restarts.
 */
@Component("adminService")
public class AdminService {

    private static final String NO_ACCOUNT = "000000000000";

    private final LakeProperties lake;
    private final TenantDirectory directory;
    private final JdbcTemplate control;

    AdminService(LakeProperties lake, TenantDirectory directory, JdbcTemplate control) {
        this.lake = lake;
        this.directory = directory;
        this.control = control;
    }

    public TenantList tenants(Exchange exchange) {
        ApiRequest.of(exchange, Set.of());
        List<TenantList.Tenant> tenants = new ArrayList<>();
        for (String id : directory.tenants()) {
            LakeProperties.Tenant settings = lake.tenants().get(id);
            List<String> claimed = control.queryForList(
                    "SELECT account FROM lake_account_claims WHERE tenant = ? ORDER BY account", String.class, id);
            boolean ownDatabase = settings.datasource() != null && settings.datasource().url() != null;
            tenants.add(new TenantList.Tenant(id, settings.accounts(), claimed,
                    ownDatabase ? "database" : "schema " + TenantIds.schemaOf(id)));
        }
        return new TenantList(tenants);
    }

    public Claim claim(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange, Set.of());
        String tenant = request.pathVariable("tenant");
        String account = request.pathVariable("account");
        if (!TenantIds.isValidAccount(account)) {
            throw ApiProblem.badRequest("an account is a 12-digit AWS account id, not " + Params.quote(account));
        }
        if (account.equals(NO_ACCOUNT)) {
            throw ApiProblem.badRequest("account 000000000000 cannot exist in AWS");
        }
        if (!TenantIds.isValidTenant(tenant) || !directory.exists(tenant)) {
            throw ApiProblem.notFound("no tenant " + Params.quote(tenant));
        }
        String owner = directory.tenantOf(account).orElse(null);
        if (owner != null && !owner.equals(tenant)) {
            throw ApiProblem.conflict("account " + account + " belongs to tenant " + owner
                    + "; an account has one tenant");
        }
        // an account in the tenant's configuration is the tenant's already: a claim would only repeat it
        boolean configured = lake.tenants().get(tenant).accounts().contains(account);
        int inserted = configured ? 0 : control.update("INSERT INTO lake_account_claims (account, tenant) "
                + "VALUES (?, ?) ON CONFLICT (account) DO NOTHING", account, tenant);
        if (inserted == 0 && !configured) {
            String holder = control.queryForObject("SELECT tenant FROM lake_account_claims WHERE account = ?",
                    String.class, account);
            if (!tenant.equals(holder)) { // claimed for another tenant a moment ago
                throw ApiProblem.conflict("account " + account + " belongs to tenant " + holder
                        + "; an account has one tenant");
            }
        }
        Long unassigned = control.queryForObject(
                "SELECT count(*) FROM lake_objects WHERE account = ? AND status = 'unassigned'", Long.class, account);
        return new Claim(account, tenant, inserted == 1, unassigned == null ? 0 : unassigned);
    }
}

package io.securitylake.subscriber.api.admin;

import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.ingest.LedgerTable;
import io.securitylake.subscriber.tenant.TenantDirectory;
import io.securitylake.subscriber.tenant.TenantIds;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The admin API (admin key only): the tenants with their accounts, and claiming an account for a tenant at
 * run time. A claim is kept by {@link TenantDirectory}, which reads it for every
 * object, so it takes effect with the next object and survives restarts.
 */
@Component("adminService")
public class AdminService {

    private static final String NO_ACCOUNT = "000000000000";

    private final TenantSettings tenantSettings;
    private final TenantDirectory directory;
    private final LedgerTable ledger;

    AdminService(TenantSettings tenantSettings, TenantDirectory directory, LedgerTable ledger) {
        this.tenantSettings = tenantSettings;
        this.directory = directory;
        this.ledger = ledger;
    }

    public TenantList tenants(Exchange exchange) {
        ApiRequest.of(exchange);
        List<TenantList.Tenant> tenants = new ArrayList<>();
        for (String id : directory.tenants()) {
            TenantSettings.Tenant settings = tenantSettings.tenants().get(id);
            List<String> claimed = directory.claimedBy(id);
            boolean ownDatabase = settings.datasource() != null && settings.datasource().url() != null;
            tenants.add(new TenantList.Tenant(id, settings.accounts(), claimed,
                    ownDatabase ? "database" : "schema " + TenantIds.schemaOf(id)));
        }
        return new TenantList(tenants);
    }

    public Claim claim(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
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
        boolean configured = tenantSettings.tenants().get(tenant).accounts().contains(account);
        boolean created = !configured && directory.claim(account, tenant);
        if (!configured && !created) {
            String holder = directory.claimant(account).orElse(tenant);
            if (!tenant.equals(holder)) { // claimed for another tenant a moment ago
                throw ApiProblem.conflict("account " + account + " belongs to tenant " + holder
                        + "; an account has one tenant");
            }
        }
        return new Claim(account, tenant, created, ledger.countUnassigned(account));
    }
}

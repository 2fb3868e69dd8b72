package io.securitylake.subscriber.tenant;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which tenant owns an AWS account: the accounts in configuration, then the claims an administrator
 * stored in the control database at run time (effective for the next object, no restart). The only code that
 * touches {@code lake_account_claims}.
 */
@Component
public class TenantDirectory {

    private final Set<String> tenants;
    private final Map<String, String> configured;
    private final JdbcTemplate control;

    public TenantDirectory(TenantSettings tenantSettings, JdbcTemplate control) {
        this.control = control;
        this.tenants = new TreeSet<>(tenantSettings.tenants().keySet());
        this.configured = new HashMap<>();
        tenantSettings.tenants().forEach((tenant, settings) -> {
            if (!TenantIds.isValidTenant(tenant)) {
                throw new IllegalStateException("lake.tenants." + tenant
                        + ": a tenant id is 1-40 characters of a-z, 0-9 and _, starting with a letter");
            }
            for (String account : settings.accounts()) {
                String previous = configured.put(account.trim(), tenant);
                if (previous != null && !previous.equals(tenant)) {
                    throw new IllegalStateException("account " + account + " is claimed by both tenant "
                            + previous + " and tenant " + tenant);
                }
            }
        });
    }

    /** Every configured tenant id, sorted. */
    public Set<String> tenants() {
        return tenants;
    }

    public boolean exists(String tenant) {
        return tenants.contains(tenant);
    }

    /** The tenant that owns the account, if any. */
    public Optional<String> tenantOf(String account) {
        if (account == null || account.isBlank()) {
            return Optional.empty();
        }
        String tenant = configured.get(account);
        if (tenant != null) {
            return Optional.of(tenant);
        }
        return claimant(account).filter(tenants::contains);
    }

    /** Claims an account for a tenant at run time; false when the account was claimed already. */
    public boolean claim(String account, String tenant) {
        return control.update("INSERT INTO lake_account_claims (account, tenant) VALUES (?, ?) "
                + "ON CONFLICT (account) DO NOTHING", account, tenant) == 1;
    }

    /** The tenant an account was claimed for at run time, if any. */
    public Optional<String> claimant(String account) {
        return control.queryForList("SELECT tenant FROM lake_account_claims WHERE account = ?", String.class, account)
                .stream().findFirst();
    }

    /** The accounts claimed for a tenant at run time (beside those in its configuration), sorted. */
    public List<String> claimedBy(String tenant) {
        return control.queryForList(
                "SELECT account FROM lake_account_claims WHERE tenant = ? ORDER BY account", String.class, tenant);
    }
}

package io.securitylake.subscriber.tenant;

import java.util.regex.Pattern;

/** The whitelist for tenant ids and account ids: only these ever become SQL identifiers or keys. */
public final class TenantIds {

    private static final Pattern TENANT = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    private TenantIds() {
    }

    public static boolean isValidTenant(String id) {
        return id != null && TENANT.matcher(id).matches();
    }

    public static boolean isValidAccount(String account) {
        return account != null && ACCOUNT.matcher(account).matches();
    }

    /** The schema that holds a tenant's tables, in the control database or in its own. */
    public static String schemaOf(String tenant) {
        if (!isValidTenant(tenant)) {
            throw new IllegalArgumentException("invalid tenant id: " + tenant);
        }
        return "tenant_" + tenant;
    }
}

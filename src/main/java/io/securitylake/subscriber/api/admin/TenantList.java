package io.securitylake.subscriber.api.admin;

import java.util.List;

/** Every configured tenant with its configured and claimed accounts and where it stores. */
record TenantList(List<Tenant> tenants) {

    record Tenant(String id, List<String> accounts, List<String> claimed, String storage) {
    }
}

package io.securitylake.subscriber.api;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Who is calling, as decided by a credential: a tenant (API key or mapped client certificate) or the
 * administrator. The tenant comes from here only, never from the request.
 */
public final class Caller extends AbstractAuthenticationToken {

    /** Request attribute that carries the caller to the query beans behind the Camel routes. */
    public static final String ATTRIBUTE = Caller.class.getName();
    static final String TENANT = "ROLE_TENANT";
    static final String ADMIN = "ROLE_ADMIN";

    private final String tenant;
    private final String via;

    private Caller(String tenant, String role, String via) {
        super(List.of(new SimpleGrantedAuthority(role)));
        this.tenant = tenant;
        this.via = via;
        setAuthenticated(true);
    }

    public static Caller tenant(String tenant, String via) {
        return new Caller(tenant, TENANT, via);
    }

    public static Caller admin() {
        return new Caller(null, ADMIN, "api-key");
    }

    /** The caller's tenant; an admin caller has none. */
    public String tenant() {
        if (tenant == null) {
            throw new ApiProblem(403, "Forbidden", "the admin key does not act as a tenant");
        }
        return tenant;
    }

    public boolean isAdmin() {
        return tenant == null;
    }

    /** True when both act as the same tenant (or both as the admin), whatever credential each came from. */
    public boolean isSameCallerAs(Caller other) {
        return java.util.Objects.equals(tenant, other.tenant);
    }

    @Override
    public Object getCredentials() {
        return null; // the key is never kept
    }

    @Override
    public Object getPrincipal() {
        return tenant == null ? "admin" : "tenant:" + tenant + " (" + via + ")";
    }
}

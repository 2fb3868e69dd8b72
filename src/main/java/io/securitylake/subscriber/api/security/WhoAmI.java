package io.securitylake.subscriber.api.security;

import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Caller;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Who the credential of a request names: the console signs in by asking, and shows the answer on every page.
 * The tenant comes from the credential only, as everywhere; the admin key names no tenant.
 */
@Component("whoAmI")
class WhoAmI {

    /** The caller: its tenant, or none and {@code admin} for the admin key. */
    record Identity(String tenant, boolean admin) {
    }

    public Identity caller(Exchange exchange) {
        Caller caller = ApiRequest.of(exchange).caller();
        return caller.isAdmin() ? new Identity(null, true) : new Identity(caller.tenant(), false);
    }
}

package io.securitylake.subscriber.api.security;

import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.springframework.stereotype.Component;

/**
 * Header policy of the platform-http endpoints. Camel turns request headers and query parameters into message
 * headers and, by default, writes message headers back as response headers: that would echo {@code X-API-Key}
 * and every parameter to the caller. Out: only the content type. In: never the credentials.
 */
@Component("apiHeaderFilter")
public class ApiHeaderFilter implements HeaderFilterStrategy {

    private static final Set<String> CREDENTIALS = Set.of("x-api-key", "authorization", "cookie");

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !Exchange.CONTENT_TYPE.equalsIgnoreCase(headerName);
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return CREDENTIALS.contains(headerName.toLowerCase());
    }
}

package io.securitylake.subscriber.api;

import io.securitylake.subscriber.LakeExchange;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The HTTP request behind a REST route, as the query beans see it: the caller (a request attribute set by
 * the security filter, which no client can set) and the query parameters, checked against the names an
 * endpoint accepts. platform-http runs the route on an executor thread (Servlet async), so the request is
 * taken from the exchange's message, not from the thread. Camel headers are never read here: a query
 * parameter may become a header of the same name. The accepted parameters are the contract's ({@link ApiContract}).
 */
public record ApiRequest(Caller caller, Params params, HttpServletRequest servlet) {

    /**
     * The request of the exchange; a query parameter the operation does not declare in the contract is a bad
     * request. The operation is the route the exchange is in: each operation's route has its operation id.
     */
    public static ApiRequest of(Exchange exchange) {
        Set<String> accepted = ApiContract.get().queryParameters(exchange.getUnitOfWork().getRoute().getRouteId());
        HttpServletRequest request = servlet(exchange);
        if (request == null) {
            throw new IllegalStateException("not an HTTP exchange");
        }
        Object caller = request.getAttribute(Caller.ATTRIBUTE);
        if (!(caller instanceof Caller c)) {
            throw new ApiProblem(401, "Unauthorized", "an API key or a client certificate is required");
        }
        Map<String, String[]> raw = request.getParameterMap();
        Set<String> unknown = new TreeSet<>(raw.keySet());
        unknown.removeAll(accepted);
        if (!unknown.isEmpty()) {
            throw ApiProblem.badRequest("unknown parameter " + Params.quote(unknown.iterator().next())
                    + (accepted.isEmpty() ? "; this endpoint takes none" : "; accepted: " + new TreeSet<>(accepted)));
        }
        return new ApiRequest(c, new Params(raw), request);
    }

    /** The servlet request behind an exchange (kept as a property, as later steps may replace the message). */
    static HttpServletRequest servlet(Exchange exchange) {
        HttpServletRequest request = exchange.getProperty(LakeExchange.API_REQUEST, HttpServletRequest.class);
        if (request == null && exchange.getIn() instanceof PlatformHttpMessage message) {
            request = message.getRequest();
            exchange.setProperty(LakeExchange.API_REQUEST, request);
        }
        return request;
    }

    /** The caller's tenant; the admin key is refused here (403), it reads no tenant's data. */
    public String tenant() {
        return caller.tenant();
    }

    /** A path variable of the matched route, as Spring MVC decoded it. */
    public String pathVariable(String name) {
        Object vars = servlet.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (vars instanceof Map<?, ?> map && map.get(name) instanceof String value) {
            return value;
        }
        throw ApiProblem.badRequest("missing path element " + name);
    }
}

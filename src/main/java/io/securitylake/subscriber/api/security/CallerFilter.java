package io.securitylake.subscriber.api.security;

import io.securitylake.subscriber.api.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates an API call from exactly one credential: {@code X-API-Key}, {@code Authorization: Bearer}, or
 * a client certificate the TLS layer verified. A request that carries two (two key headers, a key and an
 * Authorization header) is refused with 400 rather than served as one of them; a key beside a mapped client
 * certificate is accepted only when both name the same caller. A presented but unknown key is not rescued by
 * a certificate: the call stays anonymous and the entry point answers 401. The caller goes into the security
 * context and into a request attribute (which the query beans read; a client cannot set request attributes).
 */
class CallerFilter extends OncePerRequestFilter {

    static final String API_KEY = "X-API-Key";
    private static final String BEARER = "Bearer ";
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final ApiKeys keys;
    private final ClientCertificates certificates;
    private final ProblemResponses problems;

    CallerFilter(ApiKeys keys, ClientCertificates certificates, ProblemResponses problems) {
        this.keys = keys;
        this.certificates = certificates;
        this.problems = problems;
    }

    /** Who the credentials of a request name; ambiguous when they are more than one or disagree. */
    private record Credentials(Optional<Caller> caller, String ambiguity) {
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Credentials credentials = authenticate(request);
        if (credentials.ambiguity() != null) {
            problems.badRequest(request, response, credentials.ambiguity());
            return;
        }
        credentials.caller().ifPresent(c -> {
            request.setAttribute(Caller.ATTRIBUTE, c);
            SecurityContextHolder.setContext(new SecurityContextImpl(c));
        });
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private Credentials authenticate(HttpServletRequest request) {
        List<String> apiKeys = Collections.list(request.getHeaders(API_KEY));
        List<String> authorizations = Collections.list(request.getHeaders("Authorization"));
        if (apiKeys.size() + authorizations.size() > 1) {
            return new Credentials(Optional.empty(), "send one credential: one X-API-Key header or one "
                    + "Authorization: Bearer header, not " + (apiKeys.size() + authorizations.size()));
        }
        String key = apiKeys.isEmpty() ? null : apiKeys.get(0);
        if (key == null && !authorizations.isEmpty()) {
            String authorization = authorizations.get(0);
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return new Credentials(Optional.empty(), null); // another scheme: no API credential, so 401
            }
            key = authorization.substring(BEARER.length());
        }
        Optional<Caller> byCertificate = Optional.empty();
        if (request.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain && chain.length > 0) {
            byCertificate = certificates.callerOf(chain[0]);
        }
        if (key == null) {
            return new Credentials(byCertificate, null);
        }
        key = key.trim();
        Optional<Caller> byKey = key.isEmpty() || key.length() > 512 ? Optional.empty() : keys.callerOf(key);
        if (byKey.isPresent() && byCertificate.isPresent() && !byKey.get().isSameCallerAs(byCertificate.get())) {
            return new Credentials(Optional.empty(),
                    "the API key and the client certificate name different callers; send one credential");
        }
        return new Credentials(byKey, null);
    }
}

package io.securitylake.subscriber.api.security;

import io.securitylake.subscriber.api.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates an API call from {@code X-API-Key}, {@code Authorization: Bearer}, or, without either, a
 * client certificate the TLS layer verified. A presented but unknown key is not rescued by a certificate: the
 * call stays anonymous and the entry point answers 401. The caller goes into the security context and into a
 * request attribute (which the query beans read; a client cannot set request attributes).
 */
class CallerFilter extends OncePerRequestFilter {

    static final String API_KEY = "X-API-Key";
    private static final String BEARER = "Bearer ";
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final ApiKeys keys;
    private final ClientCertificates certificates;

    CallerFilter(ApiKeys keys, ClientCertificates certificates) {
        this.keys = keys;
        this.certificates = certificates;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = authenticate(request);
        caller.ifPresent(c -> {
            request.setAttribute(Caller.ATTRIBUTE, c);
            SecurityContextHolder.setContext(new SecurityContextImpl(c));
        });
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private Optional<Caller> authenticate(HttpServletRequest request) {
        String key = request.getHeader(API_KEY);
        String authorization = request.getHeader("Authorization");
        if (key == null && authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            key = authorization.substring(BEARER.length());
        }
        if (key != null) {
            key = key.trim();
            return key.isEmpty() || key.length() > 512 ? Optional.empty() : keys.callerOf(key);
        }
        if (request.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain && chain.length > 0) {
            return certificates.callerOf(chain[0]);
        }
        return Optional.empty();
    }
}

package io.securitylake.subscriber.api.security;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The response headers Spring Security's header writer puts on every answer of the service, for the answers
 * written before or outside its filter chain: a request the firewall rejects, a request Tomcat refuses itself.
 */
final class SecurityHeaders {

    /**
     * Scripts, styles, images and API calls from the service itself only: no inline script or style, no framing,
     * no plugin, no form posted elsewhere. The console (static files) is written for it; API answers are JSON.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    static void apply(HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-XSS-Protection", "0");
        response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("Expires", "0");
    }
}

package io.securitylake.subscriber.api.security;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The response headers Spring Security's header writer puts on every answer of the service, for the answers
 * written before or outside its filter chain: a request the firewall rejects, a request Tomcat refuses itself.
 */
final class SecurityHeaders {

    private SecurityHeaders() {
    }

    static void apply(HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-XSS-Protection", "0");
        response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("Expires", "0");
    }
}

package io.securitylake.subscriber.api.security;

import io.securitylake.subscriber.api.Problem;
import io.securitylake.subscriber.api.Caller;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Writes Spring Security's refusals as problem bodies: 401 with a challenge for the scheme of the filter
 * chain (Bearer for the API, Basic for the actuator), 403 for a caller without the role a path needs.
 */
class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ObjectMapper json;
    private final String challenge;
    private final String unauthorized;

    ProblemResponses(ObjectMapper json, String challenge, String unauthorized) {
        this.json = json;
        this.challenge = challenge;
        this.unauthorized = unauthorized;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", challenge);
        write(request, response, Problem.of(401, "Unauthorized", unauthorized, request.getRequestURI()));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        boolean admin = request.getAttribute(Caller.ATTRIBUTE) instanceof Caller c && c.isAdmin();
        String detail = admin ? "the admin key does not read tenant data" : "this credential may not use this path";
        write(request, response, Problem.of(403, "Forbidden", detail, request.getRequestURI()));
    }

    /** A refusal of the caller's request: one credential too many, or two that disagree. */
    void badRequest(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        write(request, response, Problem.of(400, "Bad Request", detail, request.getRequestURI()));
    }

    private void write(HttpServletRequest request, HttpServletResponse response, Problem problem) throws IOException {
        write(json, response, problem);
    }

    static void write(ObjectMapper json, HttpServletResponse response, Problem problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        json.writeValue(response.getOutputStream(), problem);
    }
}

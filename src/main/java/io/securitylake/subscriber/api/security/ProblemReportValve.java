package io.securitylake.subscriber.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.api.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report, as a problem body: what Tomcat refuses before Spring sees the request (a malformed
 * request line, URL or header, headers too large, no Host, an encoded slash or NUL in the path) gets
 * {@code application/problem+json} with the security headers instead of Tomcat's HTML page. The detail never
 * repeats the request: Tomcat's own message may quote it.
 */
class ProblemReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as Tomcat's valve: only errors, only when nothing was written and nobody reported this one yet
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = status == 400 ? "the request is not valid HTTP, or its URL, a header or the method is refused"
                : status >= 500 ? "the request could not be served" : title;
        try {
            response.resetBuffer();
            SecurityHeaders.apply(response);
            response.setContentType(Problem.MEDIA_TYPE);
            response.setCharacterEncoding("utf-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(Problem.of(status, title, detail, null)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response is committed: nothing more to say
        }
    }
}

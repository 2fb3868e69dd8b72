package io.securitylake.subscriber.api;

import io.securitylake.subscriber.ChangeRefused;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;

/**
 * Turns what a query bean returned into the HTTP reply (JSON, status), and what it threw into a problem body.
 * Only an {@link ApiProblem}'s words reach the caller; anything else is logged with a reference the caller
 * gets, so no stack trace, SQL or database message is ever sent.
 */
@Component("apiReplies")
public class ApiReplies {

    private static final Logger LOG = LoggerFactory.getLogger(ApiReplies.class);

    private final ObjectMapper json;

    public ApiReplies(ObjectMapper json) {
        this.json = json;
    }

    public void json(Exchange exchange) throws JsonProcessingException {
        Object body = exchange.getMessage().getBody();
        int status = body instanceof Accepted a ? a.httpStatus() : 200;
        write(exchange.getMessage(), status, "application/json", json.writeValueAsBytes(body));
    }

    public void problem(Exchange exchange) throws JsonProcessingException {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Problem problem;
        if (error instanceof ChangeRefused refused) {
            error = ApiProblem.of(refused);
        }
        if (error instanceof ApiProblem p) {
            problem = Problem.of(p.status(), p.title(), p.detail(), path(exchange));
        } else if (error instanceof QueryTimeoutException || error instanceof TransientDataAccessException
                || error instanceof CannotGetJdbcConnectionException) {
            String reference = UUID.randomUUID().toString();
            LOG.warn("API request {} failed (reference {}): {}", path(exchange), reference, String.valueOf(error));
            problem = Problem.of(503, "Service Unavailable",
                    "the store did not answer in time; try again (reference " + reference + ")", path(exchange));
        } else {
            String reference = UUID.randomUUID().toString();
            LOG.error("API request {} failed (reference {})", path(exchange), reference, error);
            problem = Problem.of(500, "Internal Server Error",
                    "the request could not be served (reference " + reference + ")", path(exchange));
        }
        write(exchange.getMessage(), problem.status(), Problem.MEDIA_TYPE, json.writeValueAsBytes(problem));
    }

    private static void write(Message message, int status, String contentType, byte[] body) {
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body);
    }

    private static String path(Exchange exchange) {
        var request = ApiRequest.servlet(exchange);
        return request == null ? null : request.getRequestURI();
    }

    /** A reply whose status is not 200 (an accepted or created admin action). */
    public interface Accepted {
        @com.fasterxml.jackson.annotation.JsonIgnore
        int httpStatus();
    }
}

package io.securitylake.subscriber.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/**
 * What every change through the API reads and answers alike: a JSON object body of bounded size (a repeated field is
 * refused), the version the caller has seen ({@code If-Match}), and the version after the change as the ETag.
 */
public final class Changes {

    private static final Pattern IF_MATCH = Pattern.compile("(?:W/)?\"?([0-9]{1,18})\"?");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Changes() {
    }

    /** A reply with status 201: the body is the map itself. */
    public record Created(@JsonValue Map<String, Object> body) implements ApiReplies.Accepted {
        @Override
        @JsonIgnore
        public int httpStatus() {
            return 201;
        }
    }

    /** The request's body as a JSON object of at most {@code maxBytes}; 400 otherwise. */
    public static JsonNode object(Exchange exchange, int maxBytes) {
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        if (raw == null || raw.length == 0) {
            throw ApiProblem.badRequest("a JSON object is required as body");
        }
        if (raw.length > maxBytes) {
            throw ApiProblem.badRequest("the body is larger than " + maxBytes + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(raw);
            if (node == null || !node.isObject()) {
                throw ApiProblem.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body is not valid JSON (or repeats a field)");
        }
    }

    /** Refuses (400) a body field that is not among {@code accepted}, naming the accepted ones. */
    public static void onlyFields(JsonNode body, java.util.Set<String> accepted) {
        for (java.util.Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!accepted.contains(name)) {
                throw ApiProblem.badRequest("unknown field " + Params.quote(name) + "; accepted: "
                        + accepted.stream().sorted().toList());
            }
        }
    }

    /** The version in an {@code If-Match} header ({@code 3} or {@code "3"}); 428 without one, 400 when malformed. */
    public static long ifMatch(String header, String what) {
        if (header == null) {
            throw new ApiProblem(428, "Precondition Required", "a change needs If-Match: the version of the " + what
                    + " it applies to (its 'version', or the ETag of the last read)");
        }
        Matcher m = IF_MATCH.matcher(header.strip());
        if (!m.matches()) {
            throw ApiProblem.badRequest("If-Match must be one version of the " + what + ", such as 3 or \"3\", not "
                    + Params.quote(header));
        }
        return Long.parseLong(m.group(1));
    }

    /** Sends a version as the reply's ETag (the value an If-Match takes). */
    public static void etag(Exchange exchange, Object version) {
        if (exchange.getIn() instanceof PlatformHttpMessage message && message.getResponse() != null) {
            message.getResponse().setHeader("ETag", "\"" + version + "\"");
        }
    }
}

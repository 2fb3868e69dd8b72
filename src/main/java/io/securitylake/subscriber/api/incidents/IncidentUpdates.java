package io.securitylake.subscriber.api.incidents;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.api.ApiReplies;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.incident.IncidentRefused;
import io.securitylake.subscriber.incident.IncidentStatus;
import io.securitylake.subscriber.incident.IncidentWorkflow;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * An analyst's changes through the API: PATCH an incident's status, assignee or priority at the version the
 * caller has seen ({@code If-Match}), and add notes. The author of a change is the caller's credential.
 */
@Component("incidentUpdates")
class IncidentUpdates {

    static final int MAX_BODY = 64 * 1024;
    static final int MAX_NOTE = 10_000;
    private static final Pattern IF_MATCH = Pattern.compile("(?:W/)?\"?([0-9]{1,18})\"?");
    private static final Set<Integer> PRIORITIES = Set.of(0, 1, 2, 3, 4, 99);
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final IncidentWorkflow workflow;

    IncidentUpdates(IncidentWorkflow workflow) {
        this.workflow = workflow;
    }

    /** A reply with status 201: the body is the map itself. */
    record Created(@JsonValue Map<String, Object> body) implements ApiReplies.Accepted {
        @Override
        @JsonIgnore
        public int httpStatus() {
            return 201;
        }
    }

    public Map<String, Object> update(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.tenant();
        String uid = IncidentQueries.uid(request);
        long version = ifMatch(request.servlet().getHeader("If-Match"));
        JsonNode body = object(exchange);
        if (body.isEmpty()) {
            throw ApiProblem.badRequest("nothing to change: give any of status_id, assignee, priority_id");
        }
        Integer status = null;
        Integer priority = null;
        boolean assigneeGiven = false;
        String assignee = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "status_id" -> {
                    if (!v.isIntegralNumber() || IncidentStatus.of(v.asInt()).isEmpty() || !v.canConvertToInt()) {
                        throw ApiProblem.badRequest("status_id must be 1 (New), 2 (In Progress), 3 (On Hold), "
                                + "4 (Resolved) or 5 (Closed)");
                    }
                    status = v.asInt();
                }
                case "priority_id" -> {
                    if (!v.isIntegralNumber() || !v.canConvertToInt() || !PRIORITIES.contains(v.asInt())) {
                        throw ApiProblem.badRequest("priority_id must be 0 (Unknown), 1 (Low), 2 (Medium), 3 (High), "
                                + "4 (Critical) or 99 (Other)");
                    }
                    priority = v.asInt();
                }
                case "assignee" -> {
                    assigneeGiven = true;
                    if (!v.isNull() && !(v.isTextual() && IncidentQueries.ASSIGNEE.matcher(v.asText().strip()).matches())) {
                        throw ApiProblem.badRequest("assignee must be a name of 1 to 128 characters, or null to unassign");
                    }
                    assignee = v.isNull() ? null : v.asText().strip();
                }
                default -> throw ApiProblem.badRequest("unknown field " + Params.quote(field.getKey())
                        + "; a change takes status_id, assignee, priority_id");
            }
        }
        try {
            Map<String, Object> after = workflow.update(tenant, uid, version,
                    new IncidentWorkflow.Update(status, assigneeGiven, assignee, priority), author(request));
            etag(exchange, after);
            return after;
        } catch (IncidentRefused e) {
            throw refused(e);
        }
    }

    public Created note(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.tenant();
        String uid = IncidentQueries.uid(request);
        JsonNode body = object(exchange);
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("text")) {
                throw ApiProblem.badRequest("unknown field " + Params.quote(name) + "; a note is {\"text\": \"...\"}");
            }
        }
        JsonNode text = body.get("text");
        if (text == null || !text.isTextual() || text.asText().isBlank() || text.asText().length() > MAX_NOTE) {
            throw ApiProblem.badRequest("a note is {\"text\": \"...\"}, 1 to " + MAX_NOTE + " characters");
        }
        try {
            return new Created(workflow.addNote(tenant, uid, author(request), text.asText()));
        } catch (IncidentRefused e) {
            throw refused(e);
        }
    }

    /** The caller as an author: the tenant and the kind of credential (a key is never shown). */
    private static String author(ApiRequest request) {
        return request.caller().getPrincipal().toString();
    }

    /** Sends the incident's version as its ETag (the value an If-Match takes). */
    static void etag(Exchange exchange, Map<String, Object> incident) {
        if (exchange.getIn() instanceof PlatformHttpMessage message && message.getResponse() != null) {
            message.getResponse().setHeader("ETag", "\"" + incident.get("version") + "\"");
        }
    }

    static long ifMatch(String header) {
        if (header == null) {
            throw new ApiProblem(428, "Precondition Required", "a change needs If-Match: the version of the incident "
                    + "it applies to (its 'version', or the ETag of the last read)");
        }
        Matcher m = IF_MATCH.matcher(header.strip());
        if (!m.matches()) {
            throw ApiProblem.badRequest("If-Match must be one version of the incident, such as 3 or \"3\", not "
                    + Params.quote(header));
        }
        return Long.parseLong(m.group(1));
    }

    private static JsonNode object(Exchange exchange) {
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        if (raw == null || raw.length == 0) {
            throw ApiProblem.badRequest("a JSON object is required as body");
        }
        if (raw.length > MAX_BODY) {
            throw ApiProblem.badRequest("the body is larger than " + MAX_BODY + " bytes");
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

    private static ApiProblem refused(IncidentRefused e) {
        return switch (e.reason()) {
            case NOT_FOUND -> ApiProblem.notFound(e.getMessage());
            case STALE -> new ApiProblem(412, "Precondition Failed", e.getMessage());
            case CONFLICT -> ApiProblem.conflict(e.getMessage());
        };
    }
}

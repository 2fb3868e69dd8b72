package io.securitylake.subscriber.api.incident;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Changes;
import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.incident.IncidentBodies;
import io.securitylake.subscriber.incident.IncidentStatus;
import io.securitylake.subscriber.incident.IncidentWorkflow;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * An analyst's changes through the API: PATCH an incident's status, assignee or priority at the version the
 * caller has seen ({@code If-Match}), and add notes. The author of a change is the caller's credential.
 */
@Component("incidentUpdates")
class IncidentUpdates {

    static final int MAX_BODY = 64 * 1024;
    static final int MAX_NOTE = 10_000;
    private static final Set<Integer> PRIORITIES = Set.of(0, 1, 2, 3, 4, 99);

    private final IncidentWorkflow workflow;

    IncidentUpdates(IncidentWorkflow workflow) {
        this.workflow = workflow;
    }


    public Map<String, Object> update(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.tenant();
        String uid = IncidentQueries.uid(request);
        long version = Changes.ifMatch(request.servlet().getHeader("If-Match"), "incident");
        JsonNode body = Changes.object(exchange, MAX_BODY);
        if (body.isEmpty()) {
            throw ApiProblem.badRequest("nothing to change: give any of status_id, assignee, priority_id, verdict_id");
        }
        Integer status = null;
        Integer priority = null;
        Integer verdict = null;
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
                case "verdict_id" -> {
                    if (!v.isIntegralNumber() || !v.canConvertToInt() || !IncidentBodies.VERDICTS.containsKey(v.asInt())) {
                        throw ApiProblem.badRequest("verdict_id must be an OCSF verdict: " + IncidentBodies.VERDICTS);
                    }
                    verdict = v.asInt();
                }
                case "assignee" -> {
                    assigneeGiven = true;
                    if (!v.isNull() && !(v.isTextual() && IncidentQueries.ASSIGNEE.matcher(v.asText().strip()).matches())) {
                        throw ApiProblem.badRequest("assignee must be a name of 1 to 128 characters, or null to unassign");
                    }
                    assignee = v.isNull() ? null : v.asText().strip();
                }
                default -> throw ApiProblem.badRequest("unknown field " + Params.quote(field.getKey())
                        + "; a change takes status_id, assignee, priority_id, verdict_id");
            }
        }
        Map<String, Object> after = workflow.update(tenant, uid, version,
                new IncidentWorkflow.Update(status, assigneeGiven, assignee, priority, verdict), author(request));
        etag(exchange, after);
        return after;
    }

    public Changes.Created note(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.tenant();
        String uid = IncidentQueries.uid(request);
        JsonNode body = Changes.object(exchange, MAX_BODY);
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
        return new Changes.Created(workflow.addNote(tenant, uid, author(request), text.asText()));
    }

    /** The caller as an author: the tenant and the kind of credential (a key is never shown). */
    private static String author(ApiRequest request) {
        return request.caller().getPrincipal().toString();
    }

    /** Sends the incident's version as its ETag (the value an If-Match takes). */
    static void etag(Exchange exchange, Map<String, Object> incident) {
        Changes.etag(exchange, incident.get("version"));
    }
}

package io.securitylake.subscriber.api.exceptions;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Changes;
import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.detect.Exceptions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The caller's exceptions through the API: list, read, create (from rules and a Sigma selection, or a whole Sigma
 * filter), change and delete at the version the caller has seen ({@code If-Match}), and the audit of the tenant's
 * tuning. The author is the caller's credential; the tenant is the caller's, so another tenant's exception is a 404.
 */
@Component("exceptionApi")
class ExceptionApi {

    static final int MAX_BODY = 64 * 1024;
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Exceptions exceptions;

    ExceptionApi(Exceptions exceptions) {
        this.exceptions = exceptions;
    }


    public Map<String, Object> list(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Exceptions.View v : exceptions.list(request.tenant())) {
            items.add(body(v));
        }
        return Map.of("items", items);
    }

    public Map<String, Object> get(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        Exceptions.View v = exceptions.get(request.tenant(), uid(request));
        Changes.etag(exchange, v.version());
        return body(v);
    }

    public Changes.Created create(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        Exceptions.Draft draft = draft(Changes.object(exchange, MAX_BODY), true);
        Exceptions.View v = exceptions.create(request.tenant(), author(request), draft);
        Changes.etag(exchange, v.version());
        return new Changes.Created(body(v));
    }

    public Map<String, Object> update(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String uid = uid(request);
        long version = Changes.ifMatch(request.servlet().getHeader("If-Match"), "exception");
        JsonNode body = Changes.object(exchange, MAX_BODY);
        if (body.isEmpty()) {
            throw ApiProblem.badRequest("nothing to change: give any of rules, selection, sigma, reason, expires");
        }
        Exceptions.View v = exceptions.update(request.tenant(), uid, version, author(request), draft(body, false));
        Changes.etag(exchange, v.version());
        return body(v);
    }

    public Map<String, Object> delete(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String uid = uid(request);
        long version = Changes.ifMatch(request.servlet().getHeader("If-Match"), "exception");
        exceptions.delete(request.tenant(), uid, version, author(request));
        return Map.of("uid", uid, "deleted", true);
    }

    public Map<String, Object> audit(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        int limit = request.params().integer("limit", 1, 1000).orElse(100);
        return Map.of("items", exceptions.audit(request.tenant(), limit));
    }

    private static Exceptions.Draft draft(JsonNode body, boolean creating) {
        String sigma = null;
        List<String> rules = null;
        boolean any = false;
        Map<String, Object> selection = null;
        String reason = null;
        Instant expires = null;
        boolean expiresGiven = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "sigma" -> {
                    if (!v.isTextual() || v.asText().isBlank()) {
                        throw ApiProblem.badRequest("sigma must be the filter's YAML as a text");
                    }
                    sigma = v.asText();
                }
                case "rules" -> {
                    if (v.isTextual() && v.asText().equals("any")) {
                        any = true;
                    } else if (v.isArray() && !v.isEmpty()) {
                        rules = new ArrayList<>();
                        for (JsonNode r : v) {
                            if (!r.isTextual() || !UID.matcher(r.asText()).matches()) {
                                throw ApiProblem.badRequest("rules must be a list of rule uids, or \"any\"");
                            }
                            rules.add(r.asText());
                        }
                    } else {
                        throw ApiProblem.badRequest("rules must be a list of rule uids, or \"any\"");
                    }
                }
                case "selection" -> {
                    if (!v.isObject() || v.isEmpty()) {
                        throw ApiProblem.badRequest("selection must be a Sigma selection: an object of at least one "
                                + "field condition, such as {\"userIdentity.userName\": \"backup-job\"}");
                    }
                    selection = selection(v);
                }
                case "reason" -> {
                    if (!v.isTextual()) {
                        throw ApiProblem.badRequest("reason must be a text");
                    }
                    reason = v.asText();
                }
                case "expires" -> {
                    expiresGiven = true;
                    if (!v.isNull()) {
                        try {
                            expires = Instant.parse(v.asText());
                        } catch (DateTimeParseException e) {
                            throw ApiProblem.badRequest("expires must be a time such as 2026-12-31T23:59:59Z, or null");
                        }
                    }
                }
                default -> throw ApiProblem.badRequest("unknown field " + Params.quote(field.getKey())
                        + "; an exception takes rules, selection, sigma, reason, expires");
            }
        }
        if (creating && sigma == null && selection == null) {
            throw ApiProblem.badRequest("an exception needs a selection (with rules) or a whole Sigma filter (sigma)");
        }
        return new Exceptions.Draft(sigma, rules, any, selection, reason, expires, expiresGiven);
    }

    /** A selection as plain values: texts, numbers, booleans, null, and lists of them. */
    private static Map<String, Object> selection(JsonNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isArray()) {
                List<Object> values = new ArrayList<>();
                for (JsonNode item : v) {
                    values.add(scalar(e.getKey(), item));
                }
                if (values.isEmpty()) {
                    throw ApiProblem.badRequest("selection field " + Params.quote(e.getKey()) + " has no value");
                }
                out.put(e.getKey(), values);
            } else {
                out.put(e.getKey(), scalar(e.getKey(), v));
            }
        }
        return out;
    }

    private static Object scalar(String field, JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isNumber()) {
            return v.numberValue();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        throw ApiProblem.badRequest("selection field " + Params.quote(field) + " must be a text, number, boolean or "
                + "null, or a list of them");
    }

    private static Map<String, Object> body(Exceptions.View v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("uid", v.uid());
        out.put("title", v.title());
        out.put("rules", v.rules());
        out.put("fields", v.fields());
        out.put("reason", v.reason());
        out.put("author", v.author());
        out.put("created", v.created() == null ? null : v.created().toString());
        out.put("expires", v.expires() == null ? null : v.expires().toString());
        out.put("expired", v.expired());
        out.put("version", v.version());
        out.put("excepted", v.excepted());
        out.put("source", v.source());
        out.put("refused", v.refused());
        out.put("sigma", v.sigma());
        return out;
    }

    private static String uid(ApiRequest request) {
        String uid = request.pathVariable("uid");
        if (!UID.matcher(uid).matches()) {
            throw ApiProblem.badRequest("an exception uid is letters, digits, '.', '_' and '-' (at most 128)");
        }
        return uid;
    }

    /** The caller as an author: the tenant and the kind of credential (a key is never shown). */
    private static String author(ApiRequest request) {
        return request.caller().getPrincipal().toString();
    }
}

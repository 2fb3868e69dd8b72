package io.securitylake.subscriber.api.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Changes;
import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.detect.RuleSets;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * A tenant's change of one rule in force for it: switched off or on, at another level or back at its own, at the
 * version the caller has seen ({@code If-Match}). The tenant is the caller's, so a rule of another tenant's own folder
 * is a 404, like a rule that does not exist.
 */
@Component("ruleChanges")
class RuleChanges {

    static final int MAX_BODY = 4 * 1024;
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final RuleSets ruleSets;
    private final RuleQueries queries;

    RuleChanges(RuleSets ruleSets, RuleQueries queries) {
        this.ruleSets = ruleSets;
        this.queries = queries;
    }

    public RuleQueries.Rule update(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String uid = request.pathVariable("uid");
        if (!UID.matcher(uid).matches()) {
            throw ApiProblem.badRequest("a rule uid is letters, digits, '.', '_' and '-' (at most 128)");
        }
        long version = Changes.ifMatch(request.servlet().getHeader("If-Match"), "rule's setting");
        JsonNode body = Changes.object(exchange, MAX_BODY);
        Boolean enabled = null;
        String level = null;
        boolean levelGiven = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "enabled" -> {
                    if (!v.isBoolean()) {
                        throw ApiProblem.badRequest("enabled must be true or false");
                    }
                    enabled = v.asBoolean();
                }
                case "level" -> {
                    if (!v.isNull() && !v.isTextual()) {
                        throw ApiProblem.badRequest("level must be a text (informational, low, medium, high, critical) "
                                + "or null");
                    }
                    levelGiven = true;
                    level = v.isNull() ? null : v.asText();
                }
                default -> throw ApiProblem.badRequest("unknown field " + Params.quote(field.getKey())
                        + "; a rule's setting takes enabled, level");
            }
        }
        if (enabled == null && !levelGiven) {
            throw ApiProblem.badRequest("nothing to change: give enabled and/or level");
        }
        RuleSets.Setting s = ruleSets.change(request.tenant(), uid, version,
                request.caller().getPrincipal().toString(), enabled, level, levelGiven);
        Changes.etag(exchange, s.version());
        return queries.one(request.tenant(), s);
    }
}

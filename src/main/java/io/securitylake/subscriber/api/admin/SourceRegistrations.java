package io.securitylake.subscriber.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.api.ApiReplies;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Changes;
import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.publish.SourceRegistration;
import io.securitylake.subscriber.tenant.TenantDirectory;
import io.securitylake.subscriber.tenant.TenantIds;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The admin's registration of a tenant's two published sources with Security Lake ({@link SourceRegistration}):
 * 200 with each source's outcome when both are registered (created now or before), 502 with the outcomes when AWS
 * refused one; 400 for a bad body or a tenant that does not publish, 404 for an unknown tenant. Audit-logged.
 */
@Component("sourceRegistrations")
class SourceRegistrations {

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    private static final Set<String> FIELDS = Set.of("crawler_role_arn", "external_id", "principal");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern PRINCIPAL = Pattern.compile("\\d{12}|arn:aws[a-z-]*:iam::\\d{12}:[\\w+=,.@/:-]{1,512}");

    private final SourceRegistration registration;
    private final TenantDirectory directory;

    SourceRegistrations(SourceRegistration registration, TenantDirectory directory) {
        this.registration = registration;
        this.directory = directory;
    }

    /** What one registration answered: 200 when both sources are registered, 502 when AWS refused one. */
    record Registered(String tenant, List<SourceRegistration.Outcome> sources) implements ApiReplies.Accepted {

        @Override
        public int httpStatus() {
            return sources.stream().allMatch(SourceRegistration.Outcome::registered) ? 200 : 502;
        }
    }

    public Registered register(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.pathVariable("tenant");
        if (!TenantIds.isValidTenant(tenant) || !directory.exists(tenant)) {
            throw ApiProblem.notFound("no tenant " + Params.quote(tenant));
        }
        JsonNode body = Changes.object(exchange, 8_192);
        Changes.onlyFields(body, FIELDS);
        SourceRegistration.Request r = new SourceRegistration.Request(
                field(body, "crawler_role_arn", ROLE_ARN, "the ARN of the IAM role Security Lake's Glue crawler assumes"),
                field(body, "external_id", EXTERNAL_ID, "the external id of the provider role's trust (2 to 1,224 characters)"),
                body.has("principal") ? field(body, "principal", PRINCIPAL, "a 12-digit account id or an IAM ARN") : null);
        List<SourceRegistration.Outcome> outcomes;
        try {
            outcomes = registration.register(tenant, r);
        } catch (IllegalStateException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        AUDIT.info("admin registered tenant {}'s sources with Security Lake: {}", tenant, outcomes);
        return new Registered(tenant, outcomes);
    }

    private static String field(JsonNode body, String name, Pattern pattern, String expected) {
        JsonNode v = body.get(name);
        if (v == null || !v.isTextual() || !pattern.matcher(v.asText()).matches()) {
            throw ApiProblem.badRequest(name + " must be " + expected);
        }
        return v.asText();
    }
}

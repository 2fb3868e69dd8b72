package io.securitylake.subscriber.api.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.backfill.BackfillSettings;
import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Changes;
import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.backfill.Backfill;
import io.securitylake.subscriber.backfill.BackfillRequest;
import io.securitylake.subscriber.backfill.Backfills;
import io.securitylake.subscriber.tenant.TenantDirectory;
import io.securitylake.subscriber.tenant.TenantIds;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The admin backfill API: validates a request (which accounts, which days, which bucket) and records it; the
 * backfill then runs in the background ({@code backfill} package). Follow it by uid, list the recent ones, cancel.
 */
@Component("backfillService")
public class BackfillService {

    private static final Set<String> FIELDS = Set.of("bucket", "tenant", "account", "source", "region", "from", "to");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
    private static final Pattern UID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Backfills backfills;
    private final TenantDirectory directory;
    private final BackfillSettings backfillSettings;
    private final TenantSettings tenantSettings;
    private final ObjectMapper json;

    BackfillService(Backfills backfills, TenantDirectory directory, BackfillSettings backfillSettings,
                    TenantSettings tenantSettings, ObjectMapper json) {
        this.backfills = backfills;
        this.directory = directory;
        this.backfillSettings = backfillSettings;
        this.tenantSettings = tenantSettings;
        this.json = json;
    }

    public BackfillAccepted start(Exchange exchange) {
        ApiRequest.of(exchange);
        JsonNode body = body(exchange);
        String bucket = text(body, "bucket");
        if (bucket == null) {
            bucket = backfillSettings.bucket();
            if (bucket == null) {
                throw bad("bucket", "is required (no default bucket: lake.backfill.bucket is not set)");
            }
        } else if (!BUCKET.matcher(bucket).matches()) {
            throw bad("bucket", "is not an S3 bucket name: " + Params.quote(bucket));
        }
        String tenant = text(body, "tenant");
        String account = text(body, "account");
        List<String> accounts = accounts(tenant, account);
        if (tenant == null) {
            tenant = directory.tenantOf(account).orElseThrow();
        }
        String source = text(body, "source");
        if (source != null && !SOURCE.matcher(source).matches()) {
            throw bad("source", "is a source's name in the object keys (CLOUD_TRAIL_MGMT, a custom source's name), not "
                    + Params.quote(source));
        }
        String region = text(body, "region");
        if (region != null && !REGION.matcher(region).matches()) {
            throw bad("region", "is an AWS region such as us-east-1, not " + Params.quote(region));
        }
        LocalDate from = day(body, "from");
        LocalDate to = day(body, "to");
        if (from.isAfter(to)) {
            throw ApiProblem.badRequest("from (" + from + ") is after to (" + to + ")");
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > backfillSettings.maxDays()) {
            throw ApiProblem.badRequest("the range covers " + days + " days; at most " + backfillSettings.maxDays()
                    + " per request (lake.backfill.max-days): split it");
        }
        String uid = backfills.start(new BackfillRequest(bucket, tenant, accounts, source, region, from, to));
        return new BackfillAccepted(uid);
    }

    public BackfillStatus status(Exchange exchange) {
        return BackfillStatus.of(backfills.find(uid(ApiRequest.of(exchange))).orElseThrow(BackfillService::none));
    }

    public BackfillStatus cancel(Exchange exchange) {
        return BackfillStatus.of(backfills.cancel(uid(ApiRequest.of(exchange))).orElseThrow(BackfillService::none));
    }

    public BackfillStatus.Page list(Exchange exchange) {
        int limit = ApiRequest.of(exchange).params().integer("limit", 1, 1000).orElse(100);
        return new BackfillStatus.Page(backfills.recent(limit).stream().map(BackfillStatus::of).toList());
    }

    /** The accounts to list: the one asked for (its tenant must claim it), or every account of the tenant. */
    private List<String> accounts(String tenant, String account) {
        if (tenant != null && (!TenantIds.isValidTenant(tenant) || !directory.exists(tenant))) {
            throw bad("tenant", "names no tenant: " + Params.quote(tenant));
        }
        if (account != null) {
            if (!TenantIds.isValidAccount(account)) {
                throw bad("account", "must be a 12-digit AWS account id, not " + Params.quote(account));
            }
            String owner = directory.tenantOf(account).orElseThrow(() -> ApiProblem.badRequest("no tenant claims account "
                    + account + ": claim it first (PUT /api/v1/admin/tenants/{tenant}/accounts/" + account + ")"));
            if (tenant != null && !tenant.equals(owner)) {
                throw ApiProblem.badRequest("account " + account + " belongs to tenant " + owner + ", not " + tenant);
            }
            return List.of(account);
        }
        if (tenant == null) {
            throw ApiProblem.badRequest("name a tenant (all its accounts) or an account");
        }
        Set<String> all = new LinkedHashSet<>(tenantSettings.tenants().get(tenant).accounts());
        all.addAll(directory.claimedBy(tenant));
        if (all.isEmpty()) {
            throw ApiProblem.badRequest("tenant " + tenant + " claims no account: nothing to backfill");
        }
        return new ArrayList<>(all);
    }

    private JsonNode body(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        if (text == null || text.isBlank()) {
            throw ApiProblem.badRequest("a JSON object is required: {\"tenant\" or \"account\", \"from\", \"to\", ...}");
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("the body is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiProblem.badRequest("the body must be a JSON object");
        }
        Changes.onlyFields(node, FIELDS);
        return node;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw bad(field, "must be a string");
        }
        return value.asText();
    }

    private static LocalDate day(JsonNode body, String field) {
        String value = text(body, field);
        if (value == null) {
            throw bad(field, "is required: an event day, as an ISO date (2026-01-31)");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw bad(field, "must be an ISO date (2026-01-31), not " + Params.quote(value));
        }
    }

    private static String uid(ApiRequest request) {
        String uid = request.pathVariable("uid");
        if (!UID.matcher(uid).matches()) {
            throw ApiProblem.badRequest("a backfill uid is a UUID, not " + Params.quote(uid));
        }
        return uid;
    }

    private static ApiProblem none() {
        return ApiProblem.notFound("no such backfill");
    }

    private static ApiProblem bad(String field, String why) {
        return ApiProblem.badRequest("field " + field + " " + why);
    }
}

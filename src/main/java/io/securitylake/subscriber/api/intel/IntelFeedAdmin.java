package io.securitylake.subscriber.api.intel;

import com.fasterxml.jackson.databind.JsonNode;
import io.securitylake.subscriber.intel.IntelSettings;
import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Changes;
import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.intel.IntelFeedTable;
import io.securitylake.subscriber.intel.IntelFeeds;
import io.securitylake.subscriber.tenant.TenantDirectory;
import io.securitylake.subscriber.tenant.TenantIds;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/**
 * The admin's feeds: adds a feed (validated as the settings' feeds are, plus: an https URL, no file, no credentials,
 * an interval of at least a minute, an existing tenant) to the control database, and deletes one added so. Every
 * replica's route {@code intel-poll} takes the change in at its next tick. Each change is logged as an audit line.
 */
@Component("intelFeedAdmin")
class IntelFeedAdmin {

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    private static final Set<String> FIELDS = Set.of("name", "kind", "url", "collection", "tenant", "interval", "type",
            "column", "confidence", "severity");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final IntelFeedTable table;
    private final IntelFeeds feeds;
    private final TenantDirectory directory;

    IntelFeedAdmin(IntelFeedTable table, IntelFeeds feeds, TenantDirectory directory) {
        this.table = table;
        this.feeds = feeds;
        this.directory = directory;
    }

    /** Adds a feed: 201 with it, 400 with the reason, 409 when a feed of that name exists. */
    public Changes.Created add(Exchange exchange) {
        ApiRequest.of(exchange);
        JsonNode body = Changes.object(exchange, 16_384);
        Changes.onlyFields(body, FIELDS);
        String name = text(body, "name", true);
        String kind = text(body, "kind", true);
        URI url = url(text(body, "url", true));
        String tenant = text(body, "tenant", false);
        if (tenant != null && (!TenantIds.isValidTenant(tenant) || !directory.exists(tenant))) {
            throw bad("tenant", "names no tenant: " + Params.quote(tenant));
        }
        Duration interval = interval(text(body, "interval", false));
        IntelSettings.Feed feed;
        try {
            feed = new IntelSettings.Feed(name, url, null, kind, text(body, "column", false),
                    text(body, "type", false), tenant, interval, integer(body, "confidence", 50),
                    body.hasNonNull("severity") ? integer(body, "severity", 0) : null, false,
                    text(body, "collection", false), null, null, null);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage().replace("format must be", "kind must be"));
        }
        if (feeds.isConfigured(name) || !table.insert(feed)) {
            throw ApiProblem.conflict("a feed named " + name + " exists already");
        }
        AUDIT.info("admin added intel feed {}: kind {}, {}, tenant {}, every {}", name, kind, feed.source(),
                tenant == null ? "(every tenant)" : tenant, interval);
        return new Changes.Created(view(feed));
    }

    /** Deletes a feed the API added: its indicators stop matching at the next poll; 404 when there is none. */
    public Map<String, Object> delete(Exchange exchange) {
        String name = ApiRequest.of(exchange).pathVariable("name");
        if (!NAME.matcher(name).matches()) {
            throw ApiProblem.badRequest("a feed name matches " + NAME.pattern() + ", not " + Params.quote(name));
        }
        if (feeds.isConfigured(name)) {
            throw ApiProblem.conflict("feed " + name + " is configured in the settings (lake.intel.feeds); remove it there");
        }
        if (!table.delete(name)) {
            throw ApiProblem.notFound("no feed " + name + " was added through the API");
        }
        AUDIT.info("admin deleted intel feed {}", name);
        return Map.of("name", name, "deleted", true);
    }

    private static Map<String, Object> view(IntelSettings.Feed feed) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", feed.name());
        out.put("kind", feed.format());
        out.put("url", feed.url().toString());
        out.put("collection", feed.collection());
        out.put("tenant", feed.tenant());
        out.put("interval", feed.interval().toString());
        out.put("type", feed.type());
        out.put("column", feed.column());
        out.put("confidence", feed.confidence());
        out.put("severity", feed.severity());
        out.put("status", "pending");
        return out;
    }

    private static URI url(String text) {
        try {
            URI url = new URI(text);
            if (!"https".equals(url.getScheme()) || url.getHost() == null) {
                throw bad("url", "must be an absolute https URL, not " + Params.quote(text));
            }
            return url;
        } catch (URISyntaxException e) {
            throw bad("url", "is not a URL: " + Params.quote(text));
        }
    }

    private static Duration interval(String text) {
        if (text == null) {
            return Duration.ofHours(1);
        }
        Duration d;
        try {
            d = DurationStyle.detectAndParse(text);
        } catch (IllegalArgumentException e) {
            throw bad("interval", "is a duration such as 15m or 1h, not " + Params.quote(text));
        }
        if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(7)) > 0) {
            throw bad("interval", "must be from 1m to 7d, not " + text);
        }
        return d;
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw bad(field, "is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().length() > 2048) {
            throw bad(field, "must be a string of at most 2048 characters");
        }
        return value.asText();
    }

    private static ApiProblem bad(String field, String why) {
        return ApiProblem.badRequest("field " + field + " " + why);
    }

    private static int integer(JsonNode body, String field, int absent) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw bad(field, "must be an integer");
        }
        return value.asInt();
    }
}

package io.securitylake.subscriber.api.hunt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.hunt.HuntSettings;
import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.api.ApiRequest;
import io.securitylake.subscriber.api.Cursors;
import io.securitylake.subscriber.api.Params;
import io.securitylake.subscriber.hunt.AdHocSql;
import io.securitylake.subscriber.hunt.Hunt;
import io.securitylake.subscriber.hunt.HuntBook;
import io.securitylake.subscriber.hunt.HuntEngine;
import io.securitylake.subscriber.hunt.HuntRefused;
import io.securitylake.subscriber.hunt.HuntResult;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The saved hunts of {@link HuntBook} and the caller's own SQL: lists them, runs one on the engine asked for
 * (the tenant's store by default, or the lake), pages the result with signed cursors. The tenant is the
 * caller's; the request body carries only the hunt's inputs.
 */
@Component("huntQueries")
class HuntQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 256 * 1024;

    private final HuntBook book;
    private final Map<String, HuntEngine> engines;
    private final AdHocSql adHoc;
    private final Cursors cursors;
    private final HuntSettings settings;

    HuntQueries(HuntBook book, List<HuntEngine> engines, AdHocSql adHoc, Cursors cursors, HuntSettings hunts) {
        this.book = book;
        this.engines = engines.stream().collect(Collectors.toMap(HuntEngine::name, e -> e));
        this.adHoc = adHoc;
        this.cursors = cursors;
        this.settings = hunts;
    }

    public HuntList list(Exchange exchange) {
        ApiRequest.of(exchange).tenant();
        return new HuntList(book.all().stream().map(h -> new HuntList.Item(h.id(), h.title(), h.description(),
                h.attack(), h.params(), h.engines())).toList());
    }

    public HuntPage run(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.tenant();
        String id = request.pathVariable("id");
        Hunt hunt = book.byId(id).orElseThrow(() -> ApiProblem.notFound("no saved hunt " + Params.quote(id)));
        JsonNode body = body(exchange);
        String engineName = text(body, "engine", "store");
        HuntEngine engine = engines.get(engineName);
        if (engine == null || !hunt.engines().contains(engineName)) {
            throw ApiProblem.badRequest("hunt " + id + " runs on " + hunt.engines() + ", not on "
                    + Params.quote(engineName) + (engines.containsKey(engineName) || !hunt.engines().contains(engineName)
                    ? "" : " (that engine is not configured here)"));
        }
        Instant to = time(body, "to", Instant.now());
        Instant from = time(body, "from", to.minus(Duration.ofDays(1)));
        if (!from.isBefore(to)) {
            throw ApiProblem.badRequest("from must be before to");
        }
        if (Duration.between(from, to).compareTo(settings.maxRange()) > 0) {
            throw ApiProblem.badRequest("the range from..to is wider than " + settings.maxRange().toDays()
                    + " days (lake.hunts.max-range)");
        }
        Map<String, Object> values = refusals(() -> HuntEngine.values(hunt, body.get("params")));
        String filters = engineName + '\n' + from.toEpochMilli() + '\n' + to.toEpochMilli() + '\n' + new TreeMap<>(values);
        int limit = request.params().integer("limit", 1, 1000).orElse(100);
        String position = request.params().one("cursor")
                .map(c -> cursors.decode(tenant, "hunt:" + id, filters, c, 1).get(0)).orElse(null);
        HuntResult result = refusals(() -> engine.run(tenant, hunt, new HuntEngine.Run(values, from, to, position, limit)));
        return page(tenant, "hunt:" + id, filters, result);
    }

    public HuntPage sql(Exchange exchange) {
        ApiRequest request = ApiRequest.of(exchange);
        String tenant = request.tenant();
        JsonNode body = body(exchange);
        JsonNode sql = body.get("sql");
        if (sql == null || !sql.isTextual()) {
            throw ApiProblem.badRequest("sql is required: one SELECT statement as a JSON string");
        }
        int limit = request.params().integer("limit", 1, 1000).orElse(100);
        String position = request.params().one("cursor")
                .map(c -> cursors.decode(tenant, "hunt-sql", sql.asText(), c, 1).get(0)).orElse(null);
        HuntResult result = refusals(() -> adHoc.run(tenant, sql.asText(), position, limit));
        return page(tenant, "hunt-sql", sql.asText(), result);
    }

    private HuntPage page(String tenant, String listing, String filters, HuntResult result) {
        String next = result.next() == null ? null
                : cursors.encode(tenant, listing, filters, List.of(result.next().toString()));
        return new HuntPage(result.columns(), result.rows(), next);
    }

    private static <T> T refusals(Supplier<T> work) {
        try {
            return work.get();
        } catch (HuntRefused e) {
            throw e.notFound() ? ApiProblem.notFound(e.getMessage()) : ApiProblem.badRequest(e.getMessage());
        }
    }

    private static JsonNode body(Exchange exchange) {
        byte[] bytes = exchange.getIn().getBody(byte[].class);
        if (bytes == null || bytes.length == 0) {
            return JSON.createObjectNode();
        }
        if (bytes.length > MAX_BODY) {
            throw ApiProblem.badRequest("the request body is larger than " + MAX_BODY + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiProblem.badRequest("the request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ApiProblem.badRequest("the request body is not JSON");
        }
    }

    private static String text(JsonNode body, String name, String otherwise) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isTextual()) {
            throw ApiProblem.badRequest(name + " must be a string");
        }
        return v.asText();
    }

    private static Instant time(JsonNode body, String name, Instant otherwise) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isTextual() && !v.isIntegralNumber()) {
            throw ApiProblem.badRequest(name + " must be ISO-8601 or epoch milliseconds");
        }
        return refusals(() -> io.securitylake.subscriber.hunt.HuntParam.time(name, v.asText()));
    }
}

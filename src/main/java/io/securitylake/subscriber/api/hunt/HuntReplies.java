package io.securitylake.subscriber.api.hunt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securitylake.subscriber.api.ApiReplies;
import io.securitylake.subscriber.api.ApiRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * A hunt's page as JSON, or as CSV (RFC 4180, a header row of the column names) when the caller asks
 * {@code format=csv} or prefers {@code text/csv} in Accept (listed before JSON, e.g. {@code text/csv,
 * application/json;q=0.1}: Spring MVC answers 406 to an Accept without JSON); the CSV's next cursor is in the
 * {@code X-Next-Cursor} header. A cell a spreadsheet would read as a formula gets a leading apostrophe.
 */
@Component("huntReplies")
class HuntReplies {

    private final ApiReplies replies;
    private final ObjectMapper json;

    HuntReplies(ApiReplies replies, ObjectMapper json) {
        this.replies = replies;
        this.json = json;
    }

    public void reply(Exchange exchange) throws Exception {
        ApiRequest request = ApiRequest.of(exchange);
        boolean csvAsked = request.params().oneOf("format", java.util.Set.of("json", "csv"))
                .map("csv"::equals).orElseGet(() -> wantsCsv(request.servlet().getHeader("Accept")));
        if (!(exchange.getMessage().getBody() instanceof HuntPage page) || !csvAsked) {
            replies.json(exchange);
            return;
        }
        StringBuilder csv = new StringBuilder();
        line(csv, page.columns().stream().map(c -> (Object) c.name()).toList());
        for (List<Object> row : page.rows()) {
            line(csv, row);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/csv; charset=utf-8");
        exchange.getMessage().setHeader("X-Next-Cursor", page.nextCursor() == null ? "" : page.nextCursor());
        exchange.getMessage().setBody(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    static boolean wantsCsv(String accept) {
        if (accept == null) {
            return false;
        }
        int csv = accept.indexOf("text/csv");
        int js = accept.indexOf("application/json");
        return csv >= 0 && (js < 0 || csv < js);
    }

    private void line(StringBuilder out, List<Object> cells) throws Exception {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object v = cells.get(i);
            String text = v == null ? "" : v instanceof JsonNode n && !n.isContainerNode() ? n.asText()
                    : v instanceof String || v instanceof Number || v instanceof Boolean ? v.toString()
                    : json.writeValueAsString(v);
            // a cell a spreadsheet would run as a formula is quoted with a leading apostrophe
            if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !(v instanceof Number)
                    && !(v instanceof JsonNode n2 && n2.isNumber())) {
                text = "'" + text;
            }
            if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
                text = '"' + text.replace("\"", "\"\"") + '"';
            }
            out.append(text);
        }
        out.append("\r\n");
    }
}

package io.securitylake.subscriber.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The OpenAPI 3.0 description of the whole API, the contract {@code api/openapi.yaml} (written by hand: it
 * documents security, problems and validation rules), served as JSON.
 */
@Component("openApiDocument")
public class OpenApiDocument {

    private final RawJson json;

    OpenApiDocument(ObjectMapper mapper) throws IOException {
        try {
            this.json = new RawJson(mapper.writeValueAsString(ApiContract.get().document()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("api/openapi.yaml cannot be rendered as JSON", e);
        }
    }

    /** Public (no credential needed): it describes the API, it holds no data. */
    public RawJson document(Exchange exchange) {
        if (!ApiRequest.servlet(exchange).getParameterMap().isEmpty()) {
            throw ApiProblem.badRequest("this endpoint takes no parameters");
        }
        return json;
    }
}

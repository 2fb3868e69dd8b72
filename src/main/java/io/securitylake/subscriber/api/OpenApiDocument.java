package io.securitylake.subscriber.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.apache.camel.Exchange;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI 3.0 description of the whole API, written by hand in {@code api/openapi.yaml} (it documents
 * security, problems and validation rules the REST DSL cannot express) and served as JSON.
 */
@Component("openApiDocument")
public class OpenApiDocument {

    private final RawJson json;

    OpenApiDocument(ObjectMapper mapper) throws IOException {
        try (InputStream in = new ClassPathResource("api/openapi.yaml").getInputStream()) {
            Object tree = new Yaml(new LoaderOptions()).load(in);
            this.json = new RawJson(mapper.writeValueAsString(tree));
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

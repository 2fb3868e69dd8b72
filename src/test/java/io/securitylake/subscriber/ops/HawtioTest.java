package io.securitylake.subscriber.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.yaml.snakeyaml.Yaml;

/** Hawtio is served at /actuator/hawtio, and its Jolokia agent sees the Camel context and every route of routes/. */
class HawtioTest extends RunningService {

    private final ObjectMapper json = new ObjectMapper();
    @Autowired
    CamelContext camel;

    @Test
    void jolokiaListsTheCamelContextAndEveryRouteOfTheRoutesFolder() throws IOException {
        // other test contexts of the same JVM register as security-lake-subscriber-1, -2, ...
        String context = camel.getManagementName();
        assertThat(context).startsWith("security-lake-subscriber");
        JsonNode contexts = jolokia("/actuator/jolokia/search/org.apache.camel:type=context,context=" + context + ",*");
        assertThat(contexts).hasSize(1);

        List<String> routes = new ArrayList<>();
        jolokia("/actuator/jolokia/search/org.apache.camel:type=routes,context=" + context + ",*")
                .forEach(n -> routes.add(n.asText()));
        List<String> expected = routeIdsInRoutesFolder();
        assertThat(expected).contains("lake-notifications", "ingest-object", "store-chunk", "rest-api", "api-events");
        for (String id : expected) {
            assertThat(routes).as("route %s in JMX", id).anyMatch(name -> name.contains("name=\"" + id + "\""));
        }
    }

    @Test
    void jolokiaReadsLiveExchangeCountsOfARoute() throws IOException {
        JsonNode value = jolokia("/actuator/jolokia/read/org.apache.camel:context=" + camel.getManagementName()
                + ",type=routes,name=%22lake-notifications%22/ExchangesTotal,ExchangesInflight,State");
        assertThat(value.get("State").asText()).isEqualTo("Started");
        assertThat(value.get("ExchangesTotal").isNumber()).isTrue();
        assertThat(value.get("ExchangesInflight").isNumber()).isTrue();
    }

    @Test
    void hawtioConsoleIsServedUnderActuator() {
        var response = actuator().get("/actuator/hawtio/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).containsIgnoringCase("hawtio");
    }

    @Test
    void actuatorExceptHealthProbesNeedsTheOperatorCredentials() {
        assertThat(anonymous().get("/actuator/jolokia/search/org.apache.camel:type=routes,*").statusCode()).isEqualTo(401);
        assertThat(anonymous().get("/actuator/hawtio/").statusCode()).isEqualTo(401);
        assertThat(anonymous().get("/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(anonymous().get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(anonymous().get("/actuator/health/readiness").statusCode()).isIn(200, 503);
        assertThat(new Actuator(port, OPERATOR, "wrong").get("/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(actuator().get("/actuator/jolokia/search/org.apache.camel:type=routes,*").statusCode()).isEqualTo(200);
    }

    private JsonNode jolokia(String path) throws IOException {
        var response = actuator().get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("status").asInt()).as(response.body()).isEqualTo(200);
        return body.get("value");
    }

    /** The ids of the routes the YAML files of routes/ declare, REST endpoints' included. */
    @SuppressWarnings("unchecked")
    static List<String> routeIdsInRoutesFolder() throws IOException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("routes"), "*.camel.yaml")) {
            for (Path file : files) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    List<Map<String, Object>> entries = new Yaml().load(reader);
                    for (Map<String, Object> entry : entries) {
                        if (entry.get("route") instanceof Map<?, ?> route && route.get("id") != null) {
                            ids.add(route.get("id").toString());
                        }
                        if (entry.get("rest") instanceof Map<?, ?> rest && rest.get("openApi") instanceof Map<?, ?> api
                                && api.get("routeId") != null) {
                            ids.add(api.get("routeId").toString());
                        }
                    }
                }
            }
        }
        return ids;
    }
}

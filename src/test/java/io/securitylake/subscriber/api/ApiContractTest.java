package io.securitylake.subscriber.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The contract is the one declaration of the API: each operation has its route, and its parameters are read from it. */
class ApiContractTest {

    @Test
    void everyOperationHasTheRouteOfItsIdAndEveryApiRouteAnOperation() throws IOException {
        Set<String> routes = new TreeSet<>();
        List<Path> files = new java.util.ArrayList<>(List.of(Path.of("routes/rest-api.camel.yaml")));
        try (var apiFiles = Files.newDirectoryStream(Path.of("routes"), "api-*.camel.yaml")) {
            apiFiles.forEach(files::add);
        }
        for (Path file : files) {
            try (Reader reader = Files.newBufferedReader(file)) {
                List<Map<String, Object>> entries = new Yaml().load(reader);
                for (Map<String, Object> entry : entries) {
                    if (entry.get("route") instanceof Map<?, ?> route) {
                        routes.add(route.get("id").toString());
                    }
                }
            }
        }
        assertThat(routes).isEqualTo(ApiContract.get().operations());
    }

    @Test
    void queryParametersComeFromTheOperationAndItsSharedDefinitions() {
        assertThat(ApiContract.get().queryParameters("api-events")).containsExactlyInAnyOrder(
                "from", "to", "class_uid", "category_uid", "severity_id_min", "account", "region", "source", "limit",
                "cursor");
        assertThat(ApiContract.get().queryParameters("api-ingest-objects")).containsExactlyInAnyOrder(
                "status", "limit", "cursor");
        assertThat(ApiContract.get().queryParameters("api-event")).as("a path parameter is not a query parameter")
                .isEmpty();
    }
}

package io.securitylake.subscriber.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The API's contract, {@code api/openapi.yaml}: the one declaration of every operation, from which Camel routes
 * each request to {@code direct:<operationId>} and the query beans learn which query parameters an operation
 * takes (any other name is a bad request).
 */
public final class ApiContract {

    static final String LOCATION = "api/openapi.yaml";
    private static final ApiContract INSTANCE = new ApiContract(LOCATION);

    private final Map<String, Object> document;
    private final Map<String, Set<String>> queryParameters = new TreeMap<>();

    ApiContract(String location) {
        try (InputStream in = new ClassPathResource(location).getInputStream()) {
            this.document = new Yaml(new LoaderOptions()).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(location + " cannot be read", e);
        }
        map(document, "paths").values().forEach(path -> {
            Map<String, Object> item = cast(path);
            item.forEach((method, operation) -> {
                if (operation instanceof Map<?, ?> op && op.get("operationId") instanceof String id) {
                    Set<String> names = new TreeSet<>();
                    addQueryNames(item.get("parameters"), names);
                    addQueryNames(op.get("parameters"), names);
                    queryParameters.put(id, Set.copyOf(names));
                }
            });
        });
    }

    static ApiContract get() {
        return INSTANCE;
    }

    /** The document as parsed (maps and lists), to be served as JSON. */
    Map<String, Object> document() {
        return document;
    }

    /** Every operation id of the contract. */
    public Set<String> operations() {
        return queryParameters.keySet();
    }

    /** The query parameter names the operation takes. */
    public Set<String> queryParameters(String operationId) {
        Set<String> names = queryParameters.get(operationId);
        if (names == null) {
            throw new IllegalStateException("no operation " + operationId + " in " + LOCATION);
        }
        return names;
    }

    private void addQueryNames(Object parameters, Set<String> names) {
        if (parameters instanceof List<?> list) {
            for (Object parameter : list) {
                Map<String, Object> p = resolve(cast(parameter));
                if ("query".equals(p.get("in"))) {
                    names.add((String) p.get("name"));
                }
            }
        }
    }

    /** A {@code $ref} to {@code #/components/...}, followed; the contract uses no other kind. */
    private Map<String, Object> resolve(Map<String, Object> node) {
        Object ref = node.get("$ref");
        if (!(ref instanceof String pointer)) {
            return node;
        }
        Map<String, Object> target = document;
        for (String segment : pointer.substring(2).split("/")) {
            target = map(target, segment);
        }
        return target;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return cast(parent.get(key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object node) {
        if (!(node instanceof Map<?, ?>)) {
            throw new IllegalStateException(LOCATION + ": expected an object, not " + node);
        }
        return (Map<String, Object>) node;
    }
}

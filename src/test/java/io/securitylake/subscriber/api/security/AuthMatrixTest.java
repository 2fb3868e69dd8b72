package io.securitylake.subscriber.api.security;

import io.securitylake.subscriber.api.ApiTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may call what: 401 without a valid credential, 400 for more than one, 403 for the wrong kind, problem
 * bodies throughout.
 */
class AuthMatrixTest extends ApiTestSupport {

    @Test
    void noKeyIsUnauthorizedWithAProblemBodyAndABearerChallenge() {
        Reply r = get("/api/v1/events", null);
        assertProblem(r, 401);
        assertThat(r.body()).doesNotContain("Exception");
    }

    @Test
    void unauthorizedNamesTheSchemeToUseInWwwAuthenticate() throws Exception {
        assertThat(challenge("/api/v1/events", Map.of())).isEqualTo("Bearer realm=\"security-lake\"");
        assertThat(challenge("/api/v1/events/count", Map.of("X-API-Key", "wrong-key")))
                .isEqualTo("Bearer realm=\"security-lake\"");
        assertThat(challenge("/actuator/info", Map.of())).isEqualTo("Basic realm=\"lake-operator\"");
    }

    /** The WWW-Authenticate header of a 401 (the shared Reply carries no headers). */
    private String challenge(String path, Map<String, String> headers) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path));
        headers.forEach(request::header);
        var response = java.net.http.HttpClient.newHttpClient()
                .send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(401);
        return response.headers().firstValue("WWW-Authenticate").orElse(null);
    }

    @Test
    void unknownKeyIsUnauthorizedOnEveryPath() {
        for (String path : new String[] {"/api/v1/events", "/api/v1/events/count", "/api/v1/events/x",
                "/api/v1/admin/tenants", "/api/v1/nothing-here", "/elsewhere"}) {
            assertProblem(get(path, "wrong-key"), 401);
        }
    }

    @Test
    void plaintextAndSha256ConfiguredKeysBothWork() {
        assertThat(get("/api/v1/events/count", ACME_KEY).status()).isEqualTo(200);
        assertThat(get("/api/v1/events/count", ACME_KEY_2).status()).isEqualTo(200);
    }

    @Test
    void theHashOfAKeyIsNotAKey() {
        String hash = "sha256:" + java.util.HexFormat.of().formatHex(ApiKeys.sha256(ACME_KEY_2));
        assertProblem(get("/api/v1/events/count", hash), 401);
    }

    @Test
    void bearerTokenWorksLikeTheApiKeyHeader() {
        Reply r = send("GET", "/api/v1/events/count", Map.of("Authorization", "Bearer " + GLOBEX_KEY));
        assertThat(r.status()).isEqualTo(200);
        assertProblem(send("GET", "/api/v1/events/count", Map.of("Authorization", "Bearer nope")), 401);
    }

    @Test
    void tenantKeyOnAdminPathsIsForbidden() {
        assertProblem(get("/api/v1/admin/tenants", ACME_KEY), 403);
        assertProblem(send("PUT", "/api/v1/admin/tenants/acme/accounts/123456789012",
                Map.of("X-API-Key", GLOBEX_KEY)), 403);
        assertProblem(send("POST", "/api/v1/admin/replay?account=123456789012", Map.of("X-API-Key", ACME_KEY)), 403);
    }

    @Test
    void adminKeyIsNotATenantSoItReadsNoTenantData() {
        assertProblem(get("/api/v1/events", ADMIN_KEY), 403);
        assertProblem(get("/api/v1/events/count", ADMIN_KEY), 403);
    }

    @Test
    void unsupportedMethodAndUnknownPathAreProblems() {
        assertProblem(send("DELETE", "/api/v1/events", Map.of("X-API-Key", ACME_KEY)), 405);
        assertProblem(get("/api/v1/no-such-endpoint", ACME_KEY), 404);
    }

    @Test
    void actuatorNeedsTheOperatorButHealthIsOpen() {
        Reply health = get("/actuator/health", null);
        assertThat(health.status()).as("open, UP or not yet ready").isIn(200, 503);
        assertThat(health.json().has("status")).isTrue();
        assertProblem(get("/actuator/info", null), 401);
        assertProblem(get("/actuator/info", ADMIN_KEY), 401);
        String basic = java.util.Base64.getEncoder().encodeToString("operator:operator-secret".getBytes());
        assertThat(send("GET", "/actuator/info", Map.of("Authorization", "Basic " + basic)).status()).isEqualTo(200);
        String wrong = java.util.Base64.getEncoder().encodeToString("operator:nope".getBytes());
        assertProblem(send("GET", "/actuator/info", Map.of("Authorization", "Basic " + wrong)), 401);
    }

    @Test
    void responsesDoNotEchoTheKeyOrParametersAsHeaders() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/api/v1/events/count?source=abc"))
                .header("X-API-Key", ACME_KEY).build();
        var response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-API-Key")
                || h.equalsIgnoreCase("source"));
    }

    @Test
    void moreThanOneCredentialIsRefusedNeverOneOfThemPicked() {
        String[][][] ambiguous = {
                {{"X-API-Key", ACME_KEY}, {"Authorization", "Bearer " + GLOBEX_KEY}},
                {{"X-API-Key", ACME_KEY}, {"X-API-Key", GLOBEX_KEY}},
                {{"X-API-Key", ACME_KEY}, {"X-API-Key", ACME_KEY}},
                {{"X-API-Key", ACME_KEY}, {"Authorization", "Bearer wrong-key"}},
                {{"X-API-Key", ACME_KEY}, {"Authorization", "Basic b3BlcmF0b3I6b3BlcmF0b3Itc2VjcmV0"}},
                {{"Authorization", "Bearer " + ACME_KEY}, {"Authorization", "Bearer " + GLOBEX_KEY}},
        };
        for (String[][] headers : ambiguous) {
            for (String path : new String[] {"/api/v1/events/count", "/api/v1/admin/tenants"}) {
                Reply r = sendHeaders("GET", path, headers);
                assertProblem(r, 400);
                assertThat(r.body()).contains("one credential").doesNotContain(ACME_KEY, GLOBEX_KEY);
            }
        }
        assertThat(sendHeaders("GET", "/api/v1/events/count", new String[][] {{"X-API-Key", ACME_KEY}}).status())
                .as("one credential is served").isEqualTo(200);
    }

    @Test
    void theOperatorsUserNameIsMatchedExactly() {
        for (String path : new String[] {"/actuator/info", "/actuator/jolokia"}) {
            assertThat(basic(path, "operator", "operator-secret").status()).as(path).isEqualTo(200);
            for (String name : new String[] {"OPERATOR", "Operator", "operator ", " operator", "operato", "operatorr"}) {
                assertProblem(basic(path, name, "operator-secret"), 401);
            }
        }
    }

    @Test
    void healthShowsComponentsToTheOperatorOnlyAndTheProbesStayOpen() {
        Reply anonymous = get("/actuator/health", null);
        assertThat(anonymous.json().path("status").asText()).isIn("UP", "DOWN", "OUT_OF_SERVICE");
        assertThat(anonymous.json().has("components")).as(anonymous.body()).isFalse();
        assertThat(anonymous.body()).doesNotContain("postgres", "sqs", "details");
        Reply operator = basic("/actuator/health", "operator", "operator-secret");
        assertThat(operator.json().path("components").has("postgres")).as(operator.body()).isTrue();
        assertThat(basic("/actuator/health", "OPERATOR", "operator-secret").status()).isEqualTo(401);
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            Reply r = get(probe, null);
            assertThat(r.status()).as(probe).isIn(200, 503);
            assertThat(r.json().has("status")).isTrue();
            assertThat(r.json().has("components")).as(r.body()).isFalse();
        }
        assertThat(get("/actuator/health/postgres", null).status()).as("a component by name").isIn(401, 404);
    }

    @Test
    void theErrorPathIsNoResource() {
        for (String method : new String[] {"GET", "POST"}) {
            assertProblem(send(method, "/error", Map.of("X-API-Key", ACME_KEY)), 404);
            assertProblem(send(method, "/error", Map.of("X-API-Key", ADMIN_KEY)), 404);
            assertProblem(send(method, "/error", Map.of()), 401);
        }
    }

    private Reply basic(String path, String user, String password) {
        String credentials = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
        return send("GET", path, Map.of("Authorization", "Basic " + credentials));
    }

    /** Headers as pairs: the same name may come more than once. */
    private Reply sendHeaders(String method, String path, String[][] headers) {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                .method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
        for (String[] h : headers) {
            b.header(h[0], h[1]);
        }
        try {
            var r = java.net.http.HttpClient.newHttpClient().send(b.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}

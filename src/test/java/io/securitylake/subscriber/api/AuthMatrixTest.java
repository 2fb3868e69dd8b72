package io.securitylake.subscriber.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may call what: 401 without a valid credential, 403 for the wrong kind, problem bodies throughout. */
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

    /** The WWW-Authenticate header of a 401 (the shared Reply carries no headers). */
    private String challenge(String path, Map<String, String> headers) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path));
        headers.forEach(request::header);
        var response = java.net.http.HttpClient.newHttpClient()
                .send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(401);
        return response.headers().firstValue("WWW-Authenticate").orElse(null);
    }

    static void assertProblem(Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("status").asInt()).isEqualTo(status);
        assertThat(r.json().path("title").asText()).isNotBlank();
        assertThat(r.json().has("detail")).isTrue();
        assertThat(r.body()).doesNotContain("at io.", "at org.", "SQL", "postgres");
    }
}

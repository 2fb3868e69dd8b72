package io.securitylake.subscriber.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.api.ApiTestSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpHeaders;
import org.junit.jupiter.api.Test;

/**
 * The console's files are served from the jar without a credential, under a Content-Security-Policy without
 * inline script or style and never framed, while every API call still needs one; whoami names the caller.
 */
class ConsoleServingTest extends ApiTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HttpResponse<String> fetch(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void theConsoleIsServedAtTheRootWithoutAKey() {
        HttpResponse<String> page = fetch("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/console/app.js\"></script>")
                .doesNotContain("<script>", "style=", "http://", "https://");
        for (String asset : new String[] {"/console/app.js", "/console/pages/events.js", "/console/console.css",
                "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", "/webjars/uplot/1.6.30/dist/uPlot.min.css"}) {
            assertThat(fetch(asset).statusCode()).as(asset).isEqualTo(200);
        }
    }

    @Test
    void theConsoleCarriesAStrictContentSecurityPolicyAndIsNeverFramed() {
        for (String path : new String[] {"/", "/console/app.js", "/api/v1/events"}) {
            HttpHeaders headers = fetch(path).headers();
            String csp = headers.firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(path).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                    "object-src 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "*");
            assertThat(headers.firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(headers.firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
        }
    }

    @Test
    void everyApiCallStillNeedsACredential() {
        assertProblem(get("/api/v1/events", null), 401);
        assertProblem(get("/api/v1/whoami", null), 401);
        assertProblem(get("/api/v1/whoami", "not-a-key"), 401);
        // the open paths are the console's files, not anything under them that the API serves
        assertThat(fetch("/console/../api/v1/events").statusCode()).isIn(400, 401);
        assertThat(fetch("/webjars/%2e%2e/api/v1/stats/top?field=user.name").statusCode()).isIn(400, 401);
        assertThat(fetch("/console/app.js/../../api/v1/events").statusCode()).isIn(400, 401);
    }

    @Test
    void whoamiNamesTheCallersTenantOrTheAdmin() {
        Reply acme = get("/api/v1/whoami", ACME_KEY);
        assertThat(acme.status()).isEqualTo(200);
        assertThat(acme.json().path("tenant").asText()).isEqualTo("acme");
        assertThat(acme.json().path("admin").asBoolean()).isFalse();
        assertThat(get("/api/v1/whoami", GLOBEX_KEY).json().path("tenant").asText()).isEqualTo("globex");
        Reply admin = get("/api/v1/whoami", ADMIN_KEY);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().path("tenant").isNull()).isTrue();
        assertThat(admin.json().path("admin").asBoolean()).isTrue();
        assertProblem(get("/api/v1/whoami?tenant=globex", ACME_KEY), 400);
    }
}

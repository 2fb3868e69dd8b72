package io.securitylake.subscriber.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securitylake.subscriber.api.ApiSettings;
import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.api.ApiProblem;
import io.securitylake.subscriber.api.Caller;
import io.securitylake.subscriber.api.TestCertificates;
import io.securitylake.subscriber.tenant.TenantDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who a request is, from its credential alone, without a web server: a key in either header, else a client
 * certificate mapped by DN or CN; an unknown key is not rescued by a certificate. The caller is visible to the
 * rest of the chain and gone afterwards.
 */
class CallerFilterTest {

    private static X509Certificate acmeMachine;
    private static X509Certificate globexMachine;
    private static X509Certificate stranger;

    private final CallerFilter filter = new CallerFilter(
            ApiKeysTest.keys(Map.of("acme", List.of("acme-key"), "globex", List.of("globex-key")),
                    List.of("admin-key")),
            new ClientCertificates(certificates(Map.of("CN=acme-machine, OU=SOC, O=Acme", "acme",
                    "globex-machine", "globex")), directory()), problems());

    private static ProblemResponses problems() {
        return new ProblemResponses(new com.fasterxml.jackson.databind.ObjectMapper(), "Bearer realm=\"security-lake\"",
                "a valid API key or client certificate is required");
    }

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates certs = new TestCertificates(Files.createTempDirectory("caller-filter"));
        acmeMachine = certificate(certs.keyPair("acme", "CN=acme-machine,OU=SOC,O=Acme"));
        globexMachine = certificate(certs.keyPair("globex", "CN=globex-machine,O=Globex"));
        stranger = certificate(certs.keyPair("stranger", "CN=stranger,O=Acme"));
    }

    @Test
    void aKeyInEitherHeaderDecidesTheCaller() throws Exception {
        assertThat(callerOf(request("X-API-Key", " acme-key "))).isEqualTo("tenant:acme (api-key)");
        assertThat(callerOf(request("Authorization", "Bearer globex-key"))).isEqualTo("tenant:globex (api-key)");
        assertThat(callerOf(request("Authorization", "bearer acme-key"))).as("scheme in any case")
                .isEqualTo("tenant:acme (api-key)");
        assertThat(callerOf(request("X-API-Key", "admin-key"))).isEqualTo("admin");
    }

    @Test
    void aKeyBesideABearerTokenIsRefusedNeverOneOfThemPicked() throws Exception {
        MockHttpServletRequest request = request("X-API-Key", "acme-key");
        request.addHeader("Authorization", "Bearer globex-key");
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<Boolean> reachedChain = new AtomicReference<>(false);
        filter.doFilter(request, response, (req, res) -> reachedChain.set(true));
        assertThat(reachedChain.get()).as("the request goes no further").isFalse();
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/problem+json");
    }

    @Test
    void noUnknownBlankOrOverlongKeyAuthenticatesNobody() throws Exception {
        assertThat(callerOf(new MockHttpServletRequest())).isNull();
        assertThat(callerOf(request("X-API-Key", "nope"))).isNull();
        assertThat(callerOf(request("X-API-Key", "  "))).isNull();
        assertThat(callerOf(request("Authorization", "Basic YWNtZS1rZXk="))).isNull();
        assertThat(callerOf(request("Authorization", "Bearer"))).isNull();
        assertThat(callerOf(request("X-API-Key", "acme-key" + " ".repeat(600) + "x"))).isNull();
    }

    @Test
    void aKeyOfExactly512CharactersIsStillLookedUp() throws Exception {
        String key = "k".repeat(512);
        CallerFilter longKeys = new CallerFilter(ApiKeysTest.keys(Map.of("acme", List.of(key, "k".repeat(513))),
                List.of()), new ClientCertificates(certificates(Map.of()), directory()), problems());
        assertThat(callerOf(longKeys, request("X-API-Key", key))).isEqualTo("tenant:acme (api-key)");
        assertThat(callerOf(longKeys, request("X-API-Key", "k".repeat(513)))).isNull();
    }

    @Test
    void aClientCertificateIsMappedByItsDnOrItsCn() throws Exception {
        assertThat(callerOf(withCertificates(acmeMachine))).isEqualTo("tenant:acme (client-certificate)");
        assertThat(callerOf(withCertificates(globexMachine, acmeMachine))).as("the client's own, first in the chain")
                .isEqualTo("tenant:globex (client-certificate)");
        assertThat(callerOf(withCertificates(stranger))).as("trusted but not mapped").isNull();
        assertThat(callerOf(withCertificates())).isNull();
    }

    @Test
    void anUnknownKeyIsNotRescuedByAValidCertificate() throws Exception {
        MockHttpServletRequest request = withCertificates(acmeMachine);
        request.addHeader("X-API-Key", "nope");
        assertThat(callerOf(request)).isNull();
    }

    @Test
    void aCertificateMappedToATenantThatDoesNotExistFailsAtStart() {
        assertThatThrownBy(() -> new ClientCertificates(certificates(Map.of("CN=x", "initech")), directory()))
                .hasMessageContaining("initech");
    }

    @Test
    void theAdminIsNoTenant() {
        assertThatThrownBy(() -> Caller.admin().tenant()).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status()).isEqualTo(403));
        assertThat(Caller.admin().getCredentials()).isNull();
        assertThat(Caller.tenant("acme", "api-key").getAuthorities()).extracting(Object::toString)
                .containsExactly("ROLE_TENANT");
        assertThat(Caller.admin().getAuthorities()).extracting(Object::toString).containsExactly("ROLE_ADMIN");
        assertThat(Caller.admin().isAuthenticated()).isTrue();
    }

    private String callerOf(MockHttpServletRequest request) throws Exception {
        return callerOf(filter, request);
    }

    /** The caller the rest of the chain sees (request attribute and security context), as its principal. */
    private static String callerOf(CallerFilter filter, MockHttpServletRequest request) throws Exception {
        AtomicReference<Object> inChain = new AtomicReference<>();
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            Object attribute = req.getAttribute(Caller.ATTRIBUTE);
            var authentication = SecurityContextHolder.getContext().getAuthentication();
            assertThat(authentication).isSameAs(attribute);
            inChain.set(attribute);
        });
        assertThat(SecurityContextHolder.getContext().getAuthentication()).as("cleared after the request").isNull();
        return inChain.get() == null ? null : ((Caller) inChain.get()).getPrincipal().toString();
    }

    private static MockHttpServletRequest request(String header, String value) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader(header, value);
        return request;
    }

    private static MockHttpServletRequest withCertificates(X509Certificate... chain) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute("jakarta.servlet.request.X509Certificate", chain);
        return request;
    }

    private static ApiSettings certificates(Map<String, String> bySubject) {
        List<String> settings = new java.util.ArrayList<>(List.of("api.cursor-secret", "secret"));
        bySubject.forEach((subject, tenant) -> settings.addAll(List.of("api.client-certificates[" + subject + "]", tenant)));
        return ApiSettings.of(settings.toArray(String[]::new));
    }

    private static TenantDirectory directory() {
        return new TenantDirectory(tenants(), new JdbcTemplate());
    }

    private static TenantSettings tenants() {
        return TenantSettings.of("tenants.acme.retention-days", "36500", "tenants.globex.retention-days", "36500");
    }

    private static X509Certificate certificate(Path store) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, TestCertificates.PASSWORD.toCharArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return (X509Certificate) keyStore.getCertificate(keyStore.aliases().nextElement());
    }
}

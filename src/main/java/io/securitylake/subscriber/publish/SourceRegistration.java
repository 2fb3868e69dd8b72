package io.securitylake.subscriber.publish;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.securitylake.subscriber.AwsSettings;
import io.securitylake.subscriber.tenant.TenantSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Registers a tenant's two sources with Security Lake: {@code CreateCustomLogSource} (REST {@code POST
 * /v1/datalake/logsources/custom}) once per source, the detections as {@code DETECTION_FINDING} and the incidents as
 * {@code INCIDENT_FINDING}, for the tenant's publishing account. The AWS SDK's {@code securitylake} module is not
 * served by the registry this project builds from, so the request is made as the API reference gives it, signed by
 * the SDK's SigV4 signer and sent by its HTTP client. A source that exists already (409 Conflict) counts as
 * registered; any other refusal is reported with AWS's status, error type and message. Never run against AWS here:
 * tested against a local server that answers with the API reference's responses.
 */
@Component
public class SourceRegistration {

    static final String PATH = "/v1/datalake/logsources/custom";

    private final TenantSettings tenantSettings;
    private final AwsSettings aws;
    private final AwsCredentialsProvider credentials;
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    SourceRegistration(TenantSettings tenantSettings, AwsSettings aws) {
        this(tenantSettings, aws, DefaultCredentialsProvider.builder().build());
    }

    SourceRegistration(TenantSettings tenantSettings, AwsSettings aws, AwsCredentialsProvider credentials) {
        this.tenantSettings = tenantSettings;
        this.aws = aws;
        this.credentials = credentials;
    }

    /**
     * What the registration needs beside the tenant's settings: the IAM role Security Lake's Glue crawler assumes,
     * the external id of the provider role's trust, and the principal that writes (absent: the publishing account).
     */
    public record Request(String crawlerRoleArn, String externalId, String principal) {
    }

    /** One source's outcome: {@code created}, {@code exists} or {@code failed} (with AWS's status and message). */
    public record Outcome(String source, @JsonProperty("event_class") String eventClass, String outcome, Integer status,
                          String error, String location, @JsonProperty("provider_role_arn") String providerRoleArn) {

        public boolean registered() {
            return !"failed".equals(outcome);
        }
    }

    /** Registers both sources of the tenant; a tenant that does not publish is refused before any call. */
    public List<Outcome> register(String tenant, Request request) {
        TenantSettings.Tenant t = tenantSettings.tenants().get(tenant);
        if (t == null) {
            throw new IllegalArgumentException("no tenant " + tenant);
        }
        TenantSettings.Publish p = t.publish();
        if (p.account() == null) {
            throw new IllegalStateException("lake.tenants." + tenant + ".publish.account is not set: there is no account "
                    + "to register the sources for");
        }
        String region = p.region() != null ? p.region() : aws.region();
        String principal = request.principal() != null ? request.principal() : p.account();
        List<Outcome> out = new ArrayList<>();
        try (SdkHttpClient http = ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build()) {
            out.add(create(http, region, p.detectionsSource(), "DETECTION_FINDING", request, principal));
            out.add(create(http, region, p.incidentsSource(), "INCIDENT_FINDING", request, principal));
        }
        return out;
    }

    private Outcome create(SdkHttpClient http, String region, String source, String eventClass, Request request,
                           String principal) {
        ObjectNode body = json.createObjectNode();
        body.put("sourceName", source);
        body.putArray("eventClasses").add(eventClass);
        ObjectNode configuration = body.putObject("configuration");
        configuration.putObject("crawlerConfiguration").put("roleArn", request.crawlerRoleArn());
        configuration.putObject("providerIdentity").put("externalId", request.externalId()).put("principal", principal);
        byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint(region).resolve(PATH))
                .putHeader("Content-Type", "application/json").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials.resolveCredentials())
                .request(unsigned).payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "securitylake")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            int status = response.httpResponse().statusCode();
            JsonNode answer = read(response.responseBody());
            if (status == 200) {
                JsonNode provider = answer.path("source").path("provider");
                return new Outcome(source, eventClass, "created", status, null, text(provider, "location"),
                        text(provider, "roleArn"));
            }
            String type = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").map(v -> v.split(":")[0])
                    .orElse(null);
            String message = text(answer, "message");
            String error = (type == null ? "" : type + ": ") + (message == null ? "HTTP " + status : message);
            return new Outcome(source, eventClass, status == 409 ? "exists" : "failed", status, error, null, null);
        } catch (IOException e) {
            return new Outcome(source, eventClass, "failed", null, e.toString(), null, null);
        }
    }

    private URI endpoint(String region) {
        URI configured = aws.securitylakeEndpoint();
        return configured != null ? configured : URI.create("https://securitylake." + region + ".amazonaws.com");
    }

    private JsonNode read(Optional<? extends InputStream> body) {
        if (body.isEmpty()) {
            return json.createObjectNode();
        }
        byte[] bytes;
        try (InputStream in = body.get()) {
            bytes = in.readNBytes(1 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
        } catch (IOException notJson) {
            return json.createObjectNode(); // the status says what happened
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}

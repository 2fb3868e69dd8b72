package io.securitylake.subscriber.api;

import io.securitylake.subscriber.SettingsFactory;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the service: the admin API's keys ({@code lake.admin}), the operator's credentials for the actuator
 * ({@code lake.operator}) and the REST API's client certificates and cursor secret ({@code lake.api}). A tenant's own
 * keys are the tenant's ({@code lake.tenants.<id>.api-keys}).
 */
@ConfigurationProperties("lake")
public record ApiSettings(@DefaultValue Admin admin, @DefaultValue Operator operator, @DefaultValue Api api) {

    /** The defaults but for the settings given, each name (after {@code lake.}) then its value: for tests. */
    public static ApiSettings of(Object... nameValues) {
        return SettingsFactory.bind(ApiSettings.class, nameValues);
    }

    /** Keys of the admin API (tenants, account claims, replay); plaintext or {@code sha256:<hex>}. */
    public record Admin(List<String> apiKeys) {

        public Admin {
            apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        }
    }

    /** HTTP Basic credentials for {@code /actuator/**}; unset: only the health probes answer. */
    public record Operator(String username, String password) {
    }

    /**
     * REST API settings.
     *
     * @param clientCertificates client certificate subject (full RFC 2253 DN, or CN) → tenant, for mTLS clients
     * @param cursorSecret       HMAC secret of paging cursors; unset: random per start (set it when running replicas)
     */
    public record Api(Map<String, String> clientCertificates, String cursorSecret) {

        public Api {
            clientCertificates = clientCertificates == null ? Map.of() : Map.copyOf(clientCertificates);
        }
    }
}

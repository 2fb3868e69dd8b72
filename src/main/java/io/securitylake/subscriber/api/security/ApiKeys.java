package io.securitylake.subscriber.api.security;

import io.securitylake.subscriber.api.Caller;
import io.securitylake.subscriber.api.ApiSettings;
import io.securitylake.subscriber.tenant.TenantSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The configured API keys, held only as SHA-256 hashes. A key in configuration is either plaintext or
 * {@code sha256:<64 hex>}; a presented key is hashed and compared with every entry in constant time, so
 * neither the comparison nor the number of entries tried says anything about a near miss.
 */
@Component
public class ApiKeys {

    private static final Pattern HASHED = Pattern.compile("sha256:[0-9a-fA-F]{64}");

    private record Entry(byte[] hash, Caller caller) {
    }

    private final List<Entry> entries = new ArrayList<>();

    ApiKeys(TenantSettings tenantSettings, ApiSettings apiSettings) {
        tenantSettings.tenants().forEach((tenant, settings) -> settings.apiKeys()
                .forEach(key -> add(key, Caller.tenant(tenant, "api-key"), "lake.tenants." + tenant + ".api-keys")));
        apiSettings.admin().apiKeys().forEach(key -> add(key, Caller.admin(), "lake.admin.api-keys"));
    }

    private void add(String configured, Caller caller, String property) {
        String key = configured == null ? "" : configured.trim();
        if (key.isEmpty()) {
            return;
        }
        byte[] hash;
        if (HASHED.matcher(key).matches()) {
            hash = HexFormat.of().parseHex(key.substring("sha256:".length()).toLowerCase());
        } else if (key.startsWith("sha256:")) {
            throw new IllegalStateException(property + ": a hashed key is sha256: followed by 64 hex digits");
        } else {
            hash = sha256(key);
        }
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.hash(), hash) && !e.caller().getPrincipal().equals(caller.getPrincipal())) {
                throw new IllegalStateException(property + ": the same key is configured for two callers");
            }
        }
        entries.add(new Entry(hash, caller));
    }

    /** The caller a presented key stands for. */
    Optional<Caller> callerOf(String presented) {
        byte[] hash = sha256(presented);
        Caller found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.hash(), hash) && found == null) {
                found = e.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

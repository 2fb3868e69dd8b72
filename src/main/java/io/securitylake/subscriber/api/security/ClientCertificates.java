package io.securitylake.subscriber.api.security;

import io.securitylake.subscriber.api.Caller;
import io.securitylake.subscriber.api.ApiSettings;
import io.securitylake.subscriber.tenant.TenantDirectory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.springframework.stereotype.Component;

/**
 * Maps a client certificate (verified by the TLS layer against {@code server.ssl.trust-store}) to a tenant:
 * {@code lake.api.client-certificates.<subject>=<tenant>}, where subject is the full RFC 2253 DN or the CN.
 * A certificate whose subject is not mapped authenticates nobody.
 */
@Component
class ClientCertificates {

    private final Map<String, String> bySubject = new HashMap<>();

    ClientCertificates(ApiSettings apiSettings, TenantDirectory directory) {
        apiSettings.api().clientCertificates().forEach((subject, tenant) -> {
            if (!directory.exists(tenant)) {
                throw new IllegalStateException("lake.api.client-certificates[" + subject + "]: no tenant " + tenant);
            }
            bySubject.put(normalise(subject), tenant);
        });
    }

    Optional<Caller> callerOf(X509Certificate certificate) {
        X500Principal subject = certificate.getSubjectX500Principal();
        String dn = subject.getName(X500Principal.RFC2253);
        String tenant = bySubject.get(normalise(dn));
        if (tenant == null) {
            tenant = commonName(dn).map(cn -> bySubject.get(normalise(cn))).orElse(null);
        }
        return Optional.ofNullable(tenant).map(t -> Caller.tenant(t, "client-certificate"));
    }

    private static Optional<String> commonName(String dn) {
        try {
            for (Rdn rdn : new LdapName(dn).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String normalise(String subject) {
        String s = subject.trim();
        if (s.contains("=")) {
            // compare DNs in their canonical form, so spacing and case of attribute names do not matter
            return new X500Principal(s).getName(X500Principal.CANONICAL);
        }
        return s;
    }
}

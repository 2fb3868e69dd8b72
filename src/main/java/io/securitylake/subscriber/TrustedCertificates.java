package io.securitylake.subscriber;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS trust of the service's own HTTPS calls (webhooks, intelligence feeds): the JDK's CAs (or the JVM's
 * {@code javax.net.ssl.trustStore}), plus the CA certificates of a PEM file when a setting names one (a private CA:
 * {@code lake.alerting.trust-certificates}, {@code lake.intel.trust-certificates}). Certificates and host names are
 * always verified; there is no setting that turns that off.
 */
public final class TrustedCertificates {

    private TrustedCertificates() {
    }

    /** The trust of {@code setting}'s PEM file (null: the JDK's alone). */
    public static SSLContext sslContext(Path pemFile, String setting) throws GeneralSecurityException, IOException {
        if (pemFile == null) {
            return SSLContext.getDefault();
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int n = 0;
        for (X509Certificate ca : defaultTrustManager().getAcceptedIssuers()) {
            trust.setCertificateEntry("jdk-" + n++, ca);
        }
        Collection<? extends Certificate> extra;
        try (InputStream in = Files.newInputStream(pemFile)) {
            extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (extra.isEmpty()) {
            throw new IllegalArgumentException(setting + ": no certificate in " + pemFile);
        }
        for (Certificate ca : extra) {
            trust.setCertificateEntry("extra-" + n++, ca);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }
}

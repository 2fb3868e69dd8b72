package io.securitylake.subscriber.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Key and trust stores made with the JDK's {@code keytool} for the mTLS test: a server certificate for
 * localhost, and self-signed client certificates that the server trusts one by one.
 */
public final class TestCertificates {

    public static final String PASSWORD = "changeit";

    private final Path dir;

    public TestCertificates(Path dir) {
        this.dir = dir;
    }

    public Path keyPair(String alias, String dname, String... extensions) {
        Path store = dir.resolve(alias + ".p12");
        List<String> cmd = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", dname, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        for (String ext : extensions) {
            cmd.add("-ext");
            cmd.add(ext);
        }
        keytool(cmd);
        return store;
    }

    /** A trust store holding the certificates of the given key stores. */
    public Path trustStore(String name, Path... keyStores) {
        Path trust = dir.resolve(name + ".p12");
        for (Path ks : keyStores) {
            String alias = ks.getFileName().toString().replace(".p12", "");
            Path cert = dir.resolve(alias + ".crt");
            keytool(List.of("-exportcert", "-rfc", "-alias", alias, "-keystore", ks.toString(), "-storepass", PASSWORD,
                    "-file", cert.toString()));
            keytool(List.of("-importcert", "-noprompt", "-alias", alias, "-file", cert.toString(), "-storetype",
                    "PKCS12", "-keystore", trust.toString(), "-storepass", PASSWORD));
        }
        return trust;
    }

    /** The certificate of a key store's key pair, PEM-encoded. */
    public Path certificatePem(Path keyStore) {
        String alias = keyStore.getFileName().toString().replace(".p12", "");
        Path cert = dir.resolve(alias + ".pem");
        keytool(List.of("-exportcert", "-rfc", "-alias", alias, "-keystore", keyStore.toString(), "-storepass",
                PASSWORD, "-file", cert.toString()));
        return cert;
    }

    /**
     * A server key pair for {@code localhost} (and 127.0.0.1) signed by the CA of {@code caStore}: the certificate
     * and the private key as PEM files (PKCS#8, readable by the owner only), as PostgreSQL takes them.
     */
    public Path[] serverPemSignedBy(Path caStore, String alias) throws Exception {
        Path store = keyPair(alias, "CN=localhost");
        Path csr = dir.resolve(alias + ".csr");
        Path cert = dir.resolve(alias + ".crt.pem");
        String ca = caStore.getFileName().toString().replace(".p12", "");
        keytool(List.of("-certreq", "-alias", alias, "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", csr.toString()));
        keytool(List.of("-gencert", "-rfc", "-alias", ca, "-keystore", caStore.toString(), "-storepass", PASSWORD,
                "-infile", csr.toString(), "-outfile", cert.toString(), "-validity", "2",
                "-ext", "san=dns:localhost,ip:127.0.0.1"));
        java.security.Key key = load(store).getKey(alias, PASSWORD.toCharArray());
        Path keyPem = dir.resolve(alias + ".key.pem");
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(keyPem, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return new Path[] {cert, keyPem};
    }

    /** A server's side of TLS: its key and certificate (chained to the CA) from PEM files. */
    public static SSLContext serverContext(Path certPem, Path keyPem, Path caPem) throws Exception {
        java.security.cert.CertificateFactory x509 = java.security.cert.CertificateFactory.getInstance("X.509");
        java.security.cert.Certificate leaf;
        java.security.cert.Certificate ca;
        try (InputStream in = Files.newInputStream(certPem)) {
            leaf = x509.generateCertificate(in);
        }
        try (InputStream in = Files.newInputStream(caPem)) {
            ca = x509.generateCertificate(in);
        }
        String pem = Files.readString(keyPem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        java.security.PrivateKey key = java.security.KeyFactory.getInstance("EC").generatePrivate(
                new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(pem)));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, "x".toCharArray(), new java.security.cert.Certificate[] {leaf, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "x".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        return ssl;
    }

    public static SSLContext clientContext(Path keyStore, Path trustStore) throws Exception {
        KeyManagerFactory kmf = null;
        if (keyStore != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(keyStore), PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(trustStore));
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ssl;
    }

    private static KeyStore load(Path path) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    private static void keytool(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.securitylake.subscriber.intel;

import java.util.Locale;

/**
 * The kinds of indicator the service matches, named as STIX 2.1 names their object (hashes by their algorithm),
 * each with the one normal form its values are compared in: addresses as the JDK prints them (IPv4 and IPv6 with an
 * optional CIDR prefix), domains and e-mail addresses in lower case without a trailing dot, hashes in lower-case hex.
 */
public enum IndicatorType {
    IPV4("ipv4-addr"), IPV6("ipv6-addr"), DOMAIN("domain-name"), URL("url"), MD5("md5"), SHA1("sha-1"),
    SHA256("sha-256"), EMAIL("email-addr");

    private final String id;

    IndicatorType(String id) {
        this.id = id;
    }

    /** The name the API and the configuration use ({@code ipv4-addr}, {@code sha-256}, ...). */
    public String id() {
        return id;
    }

    /** The type of a name, or an {@link IllegalArgumentException} naming the ones there are. */
    public static IndicatorType of(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (IndicatorType t : values()) {
            if (t.id.equals(wanted)) {
                return t;
            }
        }
        throw new IllegalArgumentException("indicator type must be one of ipv4-addr, ipv6-addr, domain-name, url, md5, "
                + "sha-1, sha-256, email-addr, not " + name);
    }

    /** Whether a value may name a network (CIDR) rather than one address. */
    public boolean isAddress() {
        return this == IPV4 || this == IPV6;
    }

    /** The value in its normal form, or an {@link IllegalArgumentException} saying why it is not one of this type. */
    public String normalise(String raw) {
        String v = raw == null ? "" : raw.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("an empty " + id + " value");
        }
        switch (this) {
            case IPV4, IPV6:
                return Addresses.normaliseNetwork(this, v);
            case DOMAIN:
                String domain = domain(v);
                if (domain == null) {
                    throw new IllegalArgumentException("not a domain name: " + cut(v));
                }
                return domain;
            case URL:
                if (!v.contains("://") || v.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("not a URL: " + cut(v));
                }
                return v;
            case EMAIL:
                int at = v.indexOf('@');
                if (at < 1 || at != v.lastIndexOf('@') || domain(v.substring(at + 1)) == null
                        || v.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("not an e-mail address: " + cut(v));
                }
                return v.toLowerCase(Locale.ROOT);
            default:
                int length = this == MD5 ? 32 : this == SHA1 ? 40 : 64;
                if (v.length() != length || !v.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    throw new IllegalArgumentException("not a " + id + " hash (" + length + " hex digits): " + cut(v));
                }
                return v.toLowerCase(Locale.ROOT);
        }
    }

    /** A host name in lower case without a trailing dot, or null when it is not one. */
    static String domain(String v) {
        if (isNormalDomain(v)) {
            return v; // the common case: no copy
        }
        String d = v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
        if (d.isEmpty() || d.length() > 253 || d.startsWith(".") || d.contains("..")) {
            return null;
        }
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '*')) {
                return null;
            }
        }
        return d.toLowerCase(Locale.ROOT);
    }

    private static boolean isNormalDomain(String v) {
        int n = v.length();
        if (n == 0 || n > 253 || v.charAt(0) == '.' || v.charAt(n - 1) == '.') {
            return false;
        }
        char before = 0;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*'
                    || (c == '.' && before != '.'))) {
                return false;
            }
            before = c;
        }
        return true;
    }

    static String cut(String v) {
        return v.length() <= 80 ? v : v.substring(0, 80) + "…";
    }
}

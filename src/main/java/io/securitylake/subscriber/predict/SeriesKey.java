package io.securitylake.subscriber.predict;

import java.util.Set;

/**
 * Which hourly volume a series counts: {@code all} events of the tenant, or those of one {@code category} uid,
 * {@code class} uid, {@code source} (the lake's source name, e.g. CLOUD_TRAIL_MGMT, or a custom source) or AWS
 * {@code account}. {@code value} is empty for {@code all}.
 */
public record SeriesKey(String by, String value) {

    public static final String ALL = "all";
    public static final String CATEGORY = "category";
    public static final String CLASS = "class";
    public static final String SOURCE = "source";
    public static final String ACCOUNT = "account";
    public static final Set<String> KINDS = Set.of(ALL, CATEGORY, CLASS, SOURCE, ACCOUNT);

    public static final SeriesKey TOTAL = new SeriesKey(ALL, "");

    /** Sources and accounts are what can fall silent or appear new. */
    boolean isOrigin() {
        return by.equals(SOURCE) || by.equals(ACCOUNT);
    }

    @Override
    public String toString() {
        return by.equals(ALL) ? ALL : by + "=" + value;
    }
}

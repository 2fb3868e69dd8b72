package io.securitylake.subscriber.demo;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.regex.Pattern;

/** What one demo file holds: a source's events for one account, region and day. */
record DemoBatch(DemoSource source, String account, String region, LocalDate day, int events, long seed) {

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    DemoBatch {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(day, "day");
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException("An AWS account id has 12 digits: " + account);
        }
        if (events < 0) {
            throw new IllegalArgumentException("events must not be negative: " + events);
        }
    }

    long dayStartMillis() {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}

package io.securitylake.subscriber.demo;

import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one demo file holds: a source's events for one account and region, timed within {@code window}
 * (which ends when the object is written), and where Security Lake would put it.
 */
record DemoBatch(DemoSource source, String account, String region, DemoLake.Window window, int events, long seed) {

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    DemoBatch {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(window, "window");
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException("An AWS account id has 12 digits: " + account);
        }
        if (events < 0) {
            throw new IllegalArgumentException("events must not be negative: " + events);
        }
    }

    /** The UTC day of every event of the file: its {@code eventDay} partition. */
    LocalDate day() {
        return window.day();
    }

    /** The object key, whose {@code eventDay} is the day of the file's events. */
    String key() {
        return source.key(account, region, day(), seed);
    }
}

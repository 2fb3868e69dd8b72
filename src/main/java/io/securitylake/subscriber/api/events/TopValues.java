package io.securitylake.subscriber.api.events;

import java.time.Instant;
import java.util.List;

/** The most frequent values of one event field over {@code [from, to)}, most frequent first. */
record TopValues(String field, Instant from, Instant to, List<Value> values) {

    record Value(String value, long count) {
    }
}

package io.securitylake.subscriber.api.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Event counts per time bucket over {@code [from, to)}, every bucket present (zeros included). */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Timeline(String interval, String by, Instant from, Instant to, List<Bucket> buckets) {

    /** One bucket: its start, its total and, with {@code by}, the count per value. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Bucket(Instant start, long count, Map<String, Long> counts) {
    }
}

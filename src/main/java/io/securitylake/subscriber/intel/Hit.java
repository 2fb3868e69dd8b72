package io.securitylake.subscriber.intel;

/**
 * An event's value that an indicator in force matched.
 *
 * @param field    the OCSF field the value was read from ({@code dst_endpoint.ip}, {@code observables}, ...)
 * @param observed the value as the event had it
 * @param feedSeverity the severity_id the feed gives its detections, or null (from the indicator's confidence)
 */
public record Hit(Indicator indicator, String field, String observed, Integer feedSeverity) {
}

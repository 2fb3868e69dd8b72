package io.securitylake.subscriber.intel;

/**
 * An event's value that an indicator in force matched.
 *
 * @param field    the OCSF field the value was read from ({@code dst_endpoint.ip}, {@code observables}, ...)
 * @param observed the value as the event had it
 */
public record Hit(Indicator indicator, String field, String observed) {
}

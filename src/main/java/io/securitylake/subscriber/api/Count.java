package io.securitylake.subscriber.api;

/** The number of events that match a filter. */
record Count(long count) {
}

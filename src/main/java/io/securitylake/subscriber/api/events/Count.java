package io.securitylake.subscriber.api.events;

/** The number of events that match a filter. */
record Count(long count) {
}

package io.securitylake.subscriber.incident;

/**
 * An incident a correlation step created or raised in severity, as route {@code correlate} sends it to
 * {@code direct:alert}: the change ({@code created} or {@code severity_raised}), the version after it, and the
 * incident's body (JSON, without notes and history).
 */
public record IncidentChange(String tenant, String uid, String change, long version, String json) {

    public static final String CREATED = "created";
    public static final String SEVERITY_RAISED = "severity_raised";
}

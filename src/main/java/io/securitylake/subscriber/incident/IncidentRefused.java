package io.securitylake.subscriber.incident;

/** An analyst's change the incident refuses: no such incident, a stale version, or a change not allowed now. */
public class IncidentRefused extends RuntimeException {

    public enum Reason { NOT_FOUND, STALE, CONFLICT }

    private final Reason reason;

    IncidentRefused(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

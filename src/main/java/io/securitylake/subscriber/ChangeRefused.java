package io.securitylake.subscriber;

/**
 * A change a user asked for that the service refuses, and why. The one refusal the incident workflow, a tenant's
 * rule settings and its exceptions throw; the REST API answers it 400, 404, 409 or 412 by its kind
 * (api.ApiReplies), so no operation catches it itself.
 */
public final class ChangeRefused extends RuntimeException {

    /** What kind of refusal. */
    public enum Kind {
        /** The change itself is malformed (400). */
        BAD,
        /** What it changes does not exist (404). */
        NOT_FOUND,
        /** It cannot be made in the present state (409). */
        CONFLICT,
        /** It was made against a version that is no longer the latest (412). */
        STALE
    }

    private final Kind kind;

    public ChangeRefused(Kind kind, String message) {
        super(message, null, false, false); // an answer, not a fault: no stack trace
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

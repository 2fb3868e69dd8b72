package io.securitylake.subscriber.ingest;

import io.securitylake.subscriber.notification.LakeObject;

/**
 * What the ledger decided for one announced object.
 *
 * @param action INGEST to read it; SKIP, UNASSIGNED or DONE when there is nothing to read
 * @param tenant the owning tenant, or null when the key names no account (resolved per event then)
 */
public record IngestPlan(Action action, LakeObject object, String tenant) {

    public enum Action { INGEST, SKIP, UNASSIGNED, DONE }

    public boolean ingest() {
        return action == Action.INGEST;
    }
}

package io.securitylake.subscriber.ingest;

/**
 * How route {@code ingest-object} ended for one announced object, its body when it returns (a failure to be tried
 * again returns nothing: it is thrown).
 *
 * @param plan       what the ledger decided for the object
 * @param status     for an object read, the status the ledger recorded ({@code done}, {@code unassigned} or
 *                   {@code failed}); for one not read, null
 * @param rowsStored the rows the reading stored
 * @param error      why it failed for good; null otherwise
 */
public record IngestOutcome(IngestPlan plan, String status, long rowsStored, String error) {

    /** An object the ledger decided not to read (skipped, unassigned, done before). */
    static IngestOutcome notRead(IngestPlan plan) {
        return new IngestOutcome(plan, null, 0, null);
    }

    /** The object was read and failed for good (see PermanentFailures). */
    public boolean failed() {
        return "failed".equals(status);
    }
}

package io.securitylake.subscriber.store;

/**
 * A tenant batch in its tenant's store, route {@code store-chunk}'s hand-off from the write to the count: how many of
 * its rows the write inserted (all, by COPY; fewer where the store held some of its events already).
 *
 * @param batch    the batch written
 * @param inserted the rows inserted; the others were stored before
 */
public record StoredBatch(TenantBatch batch, long inserted) {

    /** Rows of the batch the store held already (a redelivered object's). */
    public long duplicates() {
        return batch.rows().size() - inserted;
    }
}

package io.securitylake.subscriber.store;

import java.sql.SQLException;

/**
 * A COPY met an event the tenant's store already holds (a redelivered object, or another replica storing the
 * same object): nothing of the chunk was written, and the route stores it again skipping the duplicates.
 */
public class EventsAlreadyStoredException extends RuntimeException {

    public EventsAlreadyStoredException(TenantBatch batch, SQLException cause) {
        super(batch + " of " + batch.objectKey() + " holds events already stored", cause);
    }
}

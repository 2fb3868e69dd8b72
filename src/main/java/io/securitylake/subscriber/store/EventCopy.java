package io.securitylake.subscriber.store;

import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Writes a tenant's share of a chunk with one {@code COPY} into that tenant's events table: the cheapest way
 * into PostgreSQL, about half the server CPU per event of a batched {@code INSERT … ON CONFLICT}. COPY
 * has no {@code ON CONFLICT}: a chunk holding an event already stored fails as a whole, writes nothing and
 * raises {@link EventsAlreadyStoredException}, and the route stores that chunk with {@link #copySkippingStored},
 * which COPYs it into a temporary table and inserts from there what the store does not hold yet, counting exactly
 * the rows it inserted (a batched insert could not: pgjdbc's rewritten batches report no counts). The tenant comes from the batch and picks the tenant's own DataSource, pinned to its schema.
 */
@Component("eventCopy")
public class EventCopy {

    private static final String UNIQUE_VIOLATION = "23505";

    private final TenantStores stores;
    private final LakeMetrics metrics;
    private final FieldsSeenMemory fieldsSeen;

    public EventCopy(TenantStores stores, LakeMetrics metrics, FieldsSeenMemory fieldsSeen) {
        this.stores = stores;
        this.metrics = metrics;
        this.fieldsSeen = fieldsSeen;
    }

    /** COPYs the batch to its tenant's store, every row; fails when the store holds one of its events already. */
    public StoredBatch copy(TenantBatch batch) throws SQLException {
        long start = System.nanoTime();
        DataSource store = stores.dataSource(batch.tenant());
        try (Connection connection = store.getConnection()) {
            copy(connection, batch, fieldsSeen.of(store));
        }
        metrics.chunkWritten(System.nanoTime() - start);
        return new StoredBatch(batch, batch.rows().size());
    }

    /**
     * COPYs the batch over an auto-commit connection to the tenant's store, after making the daily partitions its
     * rows need, then adds the paths its events hold values at to the fields seen; returns the rows written.
     */
    public static long copy(Connection connection, TenantBatch batch) throws SQLException {
        return copy(connection, batch, new FieldsSeenMemory.Written());
    }

    /** {@link #copy(Connection, TenantBatch)}, adding only the paths {@code seen} does not know the store holds. */
    public static long copy(Connection connection, TenantBatch batch, FieldsSeenMemory.Written seen) throws SQLException {
        EventPartitions.ensure(connection, batch.days());
        long written = copy(connection, batch, CopyText.COPY_EVENTS);
        seen.committed(FieldsSeenTable.recordUnknown(connection, batch.fieldPaths(), seen)); // auto-commit: committed
        return written;
    }

    /** Writes the batch's events that the store does not hold yet; says how many that were. */
    public StoredBatch copySkippingStored(TenantBatch batch) throws SQLException {
        long start = System.nanoTime();
        long inserted;
        DataSource store = stores.dataSource(batch.tenant());
        try (Connection connection = store.getConnection()) {
            inserted = copySkippingStoredOn(connection, batch, fieldsSeen.of(store));
        }
        metrics.chunkWritten(System.nanoTime() - start);
        return new StoredBatch(batch, inserted);
    }

    /**
     * Over one connection in auto-commit mode: COPYs the batch into a temporary table of the session (emptied at
     * commit), then inserts from it every event whose (time, uid) the store does not hold, in one transaction;
     * returns the rows inserted. Duplicates within the batch are inserted once. The batch's paths go to the fields
     * seen in the same transaction.
     */
    public static long copySkippingStoredOn(Connection connection, TenantBatch batch) throws SQLException {
        return copySkippingStoredOn(connection, batch, new FieldsSeenMemory.Written());
    }

    /** {@link #copySkippingStoredOn(Connection, TenantBatch)}, adding only the paths {@code seen} does not know. */
    static long copySkippingStoredOn(Connection connection, TenantBatch batch, FieldsSeenMemory.Written seen)
            throws SQLException {
        EventPartitions.ensure(connection, batch.days());
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE IF NOT EXISTS incoming_events (LIKE events INCLUDING DEFAULTS) "
                    + "ON COMMIT DELETE ROWS");
            copy(connection, batch, CopyText.COPY_EVENTS.replace("COPY events ", "COPY incoming_events "));
            long inserted = statement.executeLargeUpdate("INSERT INTO events (" + CopyText.EVENT_COLUMNS + ") SELECT "
                    + CopyText.EVENT_COLUMNS + " FROM incoming_events ON CONFLICT (event_time, event_uid) DO NOTHING");
            // all of the batch's events are stored now (some before): its paths are seen, once
            List<FieldPaths.Seen> paths = FieldsSeenTable.recordUnknown(connection, batch.fieldPaths(), seen);
            connection.commit();
            seen.committed(paths);
            return inserted;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static long copy(Connection connection, TenantBatch batch, String copySql) throws SQLException {
        try {
            return CopyText.copy(connection, copySql, batch.rows(),
                    (text, row) -> text.add(row, batch.bucket(), batch.objectKey()));
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new EventsAlreadyStoredException(batch, e);
            }
            throw e;
        }
    }
}

package io.securitylake.subscriber.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One repeatable-read transaction on a plain connection: what the work reads is one snapshot, its writes are
 * committed when it returns and rolled back when it throws, and the connection's auto-commit and isolation are
 * restored after it. The value counts' upkeep and stats/top read and write through it.
 */
public final class Snapshot {

    /** Work done on the connection inside the transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    private Snapshot() {
    }

    public static <T> T repeatableRead(Connection c, Work<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            T out = work.on(c);
            c.commit();
            return out;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
            c.setTransactionIsolation(isolation);
        }
    }
}

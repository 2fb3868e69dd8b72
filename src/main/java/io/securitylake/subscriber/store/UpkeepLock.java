package io.securitylake.subscriber.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A lock of one upkeep task in the current tenant schema, held until the transaction ends: two replicas running the
 * same upkeep at once do it once, the second skipping rather than waiting (a transaction-level advisory lock keyed
 * by the task's name and the schema).
 */
final class UpkeepLock {

    private UpkeepLock() {
    }

    /** Whether this transaction now holds the task's lock; false when another transaction holds it. */
    static boolean tryTake(Connection c, String task) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT pg_try_advisory_xact_lock(hashtext(?), hashtext(current_schema()))")) {
            lock.setString(1, task);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}

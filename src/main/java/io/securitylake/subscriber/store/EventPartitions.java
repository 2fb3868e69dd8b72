package io.securitylake.subscriber.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The daily partitions of a tenant's events table (one per UTC day, {@code events_YYYYMMDD}), made by the tenant
 * schema's own function {@code ensure_event_partitions}: before a chunk is written, for the days its rows need
 * (a late or back-filled event gets its day's partition then, never an error), and ahead of time by the
 * partition maintenance route.
 */
public final class EventPartitions {

    private EventPartitions() {
    }

    /** Makes the partitions of the given days where they do not exist yet; a no-op for those that do. */
    public static void ensure(Connection connection, Collection<LocalDate> days) throws SQLException {
        if (days.isEmpty()) {
            return;
        }
        String array = days.stream().map(LocalDate::toString).collect(Collectors.joining(",", "{", "}"));
        try (PreparedStatement ps = connection.prepareStatement("SELECT ensure_event_partitions(CAST(? AS date[]))")) {
            ps.setString(1, array);
            ps.execute();
        }
    }
}

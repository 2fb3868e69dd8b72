package io.securitylake.subscriber.store;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Per tenant store, the rows of {@code event_fields_seen} (day, class, path) this process has written, remembered
 * after their transaction committed, so that a chunk whose paths are all known sends no statement and a chunk with a
 * few new ones sends only those: most chunks of a day hold the paths its first chunks did. Keyed by the store's
 * {@link DataSource} (a tenant whose store is replaced starts with nothing known). Bounded: a store's memory is
 * emptied when it would pass {@value #LIMIT} rows (then the next chunks insert their rows again, which
 * {@code ON CONFLICT DO NOTHING} makes harmless). A day dropped by partition upkeep is forgotten
 * ({@link Written#forgetDay}). Only this process's own writes and drops are known: another replica's upkeep
 * drops days older than the tenant's retention, which the rules API's last seven days do not reach.
 */
@Component
public class FieldsSeenMemory {

    /** A store's memory holds at most this many rows (a few days of a tenant's classes and paths). */
    static final int LIMIT = 20_000;

    private final Map<DataSource, Written> byStore = Collections.synchronizedMap(new WeakHashMap<>());

    /** The memory of one tenant's store. */
    public Written of(DataSource store) {
        return byStore.computeIfAbsent(store, s -> new Written());
    }

    /** The rows written to one store. Thread-safe. */
    public static final class Written {

        private final Set<FieldPaths.Seen> rows = ConcurrentHashMap.newKeySet();

        /** Of {@code seen}, the rows not known to be in the store. */
        List<FieldPaths.Seen> unknown(List<FieldPaths.Seen> seen) {
            return seen.stream().filter(s -> !rows.contains(s)).toList();
        }

        /** Remembers rows whose insert has committed. */
        void committed(List<FieldPaths.Seen> written) {
            if (rows.size() + written.size() > LIMIT) {
                rows.clear();
            }
            if (written.size() <= LIMIT) {
                rows.addAll(written);
            }
        }

        /** Forgets a day whose rows were deleted. */
        void forgetDay(LocalDate day) {
            rows.removeIf(s -> s.day().equals(day));
        }

        int size() {
            return rows.size();
        }
    }
}

package io.securitylake.subscriber.store;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The paths a tenant's events held a value at over some days, per OCSF class, each with the last such day
 * ({@link FieldsSeenTable#since}).
 */
public final class FieldsSeen {

    private final Map<Integer, NavigableMap<String, LocalDate>> byClass;

    FieldsSeen(Map<Integer, NavigableMap<String, LocalDate>> byClass) {
        this.byClass = byClass;
    }

    /**
     * The last day an event of one of the classes held a value at one of the paths or under it ({@code unmapped}
     * counts any {@code unmapped.*}, {@code process.file.hashes} any {@code process.file.hashes.value}); null when none.
     */
    public LocalDate lastSeen(Collection<Integer> classUids, Collection<String> paths) {
        LocalDate last = null;
        for (int classUid : classUids) {
            NavigableMap<String, LocalDate> seen = byClass.get(classUid);
            if (seen == null) {
                continue;
            }
            for (String path : paths) {
                last = later(last, seen.get(path));
                // every path under it: from "path." up to, not including, "path/" ('/' follows '.')
                for (LocalDate day : seen.subMap(path + ".", true, path + "/", false).values()) {
                    last = later(last, day);
                }
            }
        }
        return last;
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a == null || b != null && b.isAfter(a) ? b : a;
    }
}

package io.securitylake.subscriber.incident;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The status of an incident: OCSF Incident Finding's {@code status_id} (class 2005, OCSF 1.1+), and the
 * transitions an analyst may make. New, In Progress and On Hold are open; Resolved may be reopened (by the analyst,
 * or by a new detection within the correlation window); Closed is final.
 */
public enum IncidentStatus {
    NEW(1, "New"),
    IN_PROGRESS(2, "In Progress"),
    ON_HOLD(3, "On Hold"),
    RESOLVED(4, "Resolved"),
    CLOSED(5, "Closed");

    private final int id;
    private final String caption;

    IncidentStatus(int id, String caption) {
        this.id = id;
        this.caption = caption;
    }

    public int id() {
        return id;
    }

    public String caption() {
        return caption;
    }

    public static Optional<IncidentStatus> of(int id) {
        return Arrays.stream(values()).filter(s -> s.id == id).findFirst();
    }

    /** By caption, case and separators ignored: {@code in progress}, {@code In_Progress}, {@code on-hold}. */
    public static Optional<IncidentStatus> named(String name) {
        String wanted = name.replaceAll("[\\s_-]", "").toLowerCase(java.util.Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.caption.replace(" ", "").toLowerCase(java.util.Locale.ROOT)
                .equals(wanted)).findFirst();
    }

    public boolean isOpen() {
        return this == NEW || this == IN_PROGRESS || this == ON_HOLD;
    }

    /** The statuses an analyst may move an incident in this status to (staying in the same status is no change). */
    public Set<IncidentStatus> next() {
        return switch (this) {
            case NEW -> Set.of(IN_PROGRESS, ON_HOLD, RESOLVED, CLOSED);
            case IN_PROGRESS -> Set.of(ON_HOLD, RESOLVED, CLOSED);
            case ON_HOLD -> Set.of(IN_PROGRESS, RESOLVED, CLOSED);
            case RESOLVED -> Set.of(IN_PROGRESS, CLOSED);
            case CLOSED -> Set.of();
        };
    }
}

package io.securitylake.subscriber.incident;

import io.securitylake.subscriber.detect.Detection;
import io.securitylake.subscriber.detect.DetectionTable;
import io.securitylake.subscriber.detect.Entities.Entity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One correlation step, inside one transaction of the tenant's store that holds the tenant's correlation lock:
 * each detection of the batch not yet in an incident (in event-time order) joins the incident that shares a key
 * with it within the window, reopens a Resolved one, merges every such incident into the oldest, or opens a new
 * incident; then the batch's detections are stored, the new ones already in their incidents (one insert, no
 * second write of each row). The step's changes are written to each incident's history once per step (created,
 * merged, then "detections" from the count before to the count after and each field changed), not once per
 * detection. The incidents the step touches are locked and kept in memory; each is written once at the end: those it
 * opened in one insert, the others in one update, the new keys and the history rows in one statement each (a step is
 * hundreds of detections; it holds the tenant's lock meanwhile).
 */
final class Correlation {

    /** Most entities an incident's body lists (docs/incidents.md); the keys that join detections are not capped. */
    static final int LISTED_ENTITIES = 100;

    static final String ACTOR = "correlation";

    private final IncidentTable incidents;
    private final DetectionTable detections;
    private final JdbcTemplate jdbc;
    private final long windowMs;
    private final int minSeverityId;
    /** Incidents this step touched: uid → severity before it (null: created by this step). */
    private final Map<String, Integer> before = new LinkedHashMap<>();
    /** The incidents this step has read (locked), as it has changed them. */
    private final Map<String, Incident> seen = new HashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();
    /** Incidents this step opened, in the order opened: stored at its end, as they ended it. */
    private final Set<String> openedHere = new LinkedHashSet<>();
    private final Map<String, String> attached = new LinkedHashMap<>();
    private final List<IncidentTable.HistoryRow> history = new ArrayList<>();
    /** Each incident this step changed as it was before the step (as read, or as opened by it). */
    private final Map<String, Incident> atStart = new LinkedHashMap<>();
    /**
     * Which incidents that a detection of this step may still join hold each of its keys: read once (with those
     * incidents, locked), then kept as the step changes them.
     */
    private Map<Entity, Set<String>> owners = Map.of();
    /** Keys the step gives incidents, {@code [incident uid, Entity]}, stored in one batch at the end. */
    private final List<Object[]> newKeys = new ArrayList<>();
    /** Incidents this step opens are younger than any stored one, in the order opened. */
    private long opened = Long.MAX_VALUE / 2;

    Correlation(IncidentTable incidents, DetectionTable detections, JdbcTemplate jdbc, long windowMs, int minSeverityId) {
        this.incidents = incidents;
        this.detections = detections;
        this.jdbc = jdbc;
        this.windowMs = windowMs;
        this.minSeverityId = minSeverityId;
    }

    /**
     * What a step did: the incidents it touched with their severity before it (null: opened by it), and the
     * detections it stored for the first time.
     */
    record Step(Map<String, Integer> touched, List<Detection> added) {
    }

    /**
     * Stores a batch's detections and correlates those of at least the minimum severity that are in no incident yet
     * (new, or stored by an attempt that failed before correlating).
     */
    Step run(String tenant, List<Detection> found) {
        incidents.lockTenant(jdbc, tenant);
        // each statement of a step is planned for its own batch: a generic plan cached while the tenant's tables were
        // small reads them whole once they have grown (docs/development.md, pitfalls)
        jdbc.execute("SET LOCAL plan_cache_mode = force_custom_plan");
        Map<String, String> stored = detections.incidentsOf(jdbc, found.stream().map(Detection::uid).distinct().toList());
        Set<String> once = new HashSet<>();
        List<Detection> ordered = found.stream()
                .filter(d -> d.severityId() >= minSeverityId && stored.get(d.uid()) == null && once.add(d.uid()))
                .sorted(Comparator.comparingLong(Detection::timeMs).thenComparing(Detection::uid)).toList();
        Set<Entity> keys = new LinkedHashSet<>();
        ordered.forEach(d -> keys.addAll(CorrelationKeys.of(d.entities())));
        if (!ordered.isEmpty()) {
            owners = incidents.joinableOwners(jdbc, keys, ordered.get(0).timeMs(),
                    ordered.get(ordered.size() - 1).timeMs(), windowMs);
            Set<String> holders = new HashSet<>();
            owners.values().forEach(holders::addAll);
            incidents.lockAll(jdbc, holders).forEach(i -> seen.put(i.uid(), i));
        }
        for (Detection d : ordered) {
            attach(d);
        }
        incidents.insertAll(jdbc, openedHere.stream().map(seen::get).toList());
        incidents.updateAll(jdbc, changed.stream().filter(uid -> !openedHere.contains(uid)).map(seen::get).toList());
        changed.forEach(uid -> summarise(atStart.get(uid), seen.get(uid)));
        Map<String, String> into = new LinkedHashMap<>();
        attached.forEach((detection, incident) -> into.put(detection, survivor(incident)));
        List<Detection> added = detections.store(jdbc, found, into);
        incidents.raiseKeyBounds(jdbc, grown());
        incidents.addKeysAll(jdbc, newKeys.stream().map(k -> {
            String uid = survivor((String) k[0]);
            return new Object[] {uid, k[1], seen.get(uid).endMs()};
        }).toList());
        incidents.recordAll(jdbc, history);
        return new Step(before, added);
    }

    private void attach(Detection d) {
        List<Entity> keys = CorrelationKeys.of(d.entities());
        List<Incident> candidates = new ArrayList<>();
        Set<String> holders = new LinkedHashSet<>();
        keys.forEach(k -> holders.addAll(owners.getOrDefault(k, Set.of())));
        for (String uid : holders) {
            Incident i = seen.computeIfAbsent(uid, u -> incidents.find(jdbc, u, true).orElseThrow());
            if (i.mergedInto() == null && i.status() != IncidentStatus.CLOSED && i.startMs() - windowMs <= d.timeMs()
                    && d.timeMs() <= i.endMs() + windowMs) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            open(d, keys);
            return;
        }
        // a stored incident survives one this step opened (whose rows are written at the step's end); of those, the
        // one with the most detections, then the oldest: a merge moves the smaller incidents' rows, so an incident
        // that grew by merges is not moved again into an older, smaller one
        candidates.sort(Comparator.comparing((Incident i) -> openedHere.contains(i.uid()))
                .thenComparing(Comparator.comparingInt(Incident::detectionCount).reversed())
                .thenComparingLong(Incident::createdMs).thenComparing(Incident::uid));
        Incident winner = candidates.get(0);
        if (!before.containsKey(winner.uid())) { // null: created by this step (putIfAbsent would overwrite it)
            before.put(winner.uid(), winner.severityId());
        }
        for (Incident loser : candidates.subList(1, candidates.size())) {
            winner = merge(winner, loser);
        }
        join(winner, d, keys);
    }

    private void open(Detection d, List<Entity> keys) {
        String uid = Incident.uidOf(d.uid());
        String title = d.ruleTitle() + (keys.isEmpty() ? "" : " (" + keys.get(0).type() + " " + keys.get(0).value() + ")");
        Incident i = new Incident(uid, IncidentStatus.NEW, d.severityId(), 0, null, 1, d.timeMs(), d.timeMs(), 1,
                d.entities(), sorted(d.attacks()), title, null, opened++, 0);
        openedHere.add(uid);
        own(uid, keys);
        seen.put(uid, i);
        attached.put(d.uid(), uid);
        record(uid, 1, "created", null, d.uid());
        atStart.put(uid, i);
        before.put(uid, null);
    }

    private void join(Incident i, Detection d, List<Entity> keys) {
        IncidentStatus status = i.status() == IncidentStatus.RESOLVED ? reopened(i) : i.status();
        Incident next = i.with(status, Math.max(i.severityId(), d.severityId()), i.priorityId(), i.assignee(),
                Math.min(i.startMs(), d.timeMs()), Math.max(i.endMs(), d.timeMs()), i.detectionCount() + 1,
                listed(i.entities(), d.entities()), sorted(union(i.attacks(), d.attacks())), null);
        keep(next);
        own(i.uid(), keys);
        attached.put(d.uid(), i.uid());
    }

    /** The loser's detections, keys and history move to the winner; the loser stays, merged into it. */
    private Incident merge(Incident winner, Incident loser) {
        IncidentStatus status = winner.status() == IncidentStatus.RESOLVED ? reopened(winner) : winner.status();
        Incident next = winner.with(status, Math.max(winner.severityId(), loser.severityId()), Math.max(winner.priorityId(),
                        loser.priorityId()), winner.assignee() != null ? winner.assignee() : loser.assignee(),
                Math.min(winner.startMs(), loser.startMs()), Math.max(winner.endMs(), loser.endMs()),
                winner.detectionCount() + loser.detectionCount(), listed(winner.entities(), loser.entities()),
                sorted(union(winner.attacks(), loser.attacks())), null);
        keep(next);
        incidents.moveKeys(jdbc, loser.uid(), winner.uid(), next.endMs()); // those stored before this step
        for (Set<String> holders : owners.values()) {
            if (holders.remove(loser.uid())) {
                holders.add(winner.uid());
            }
        }
        detections.moveToIncident(jdbc, loser.uid(), winner.uid()); // those attached before this step
        record(winner.uid(), next.version(), "merged", loser.uid(), winner.uid());
        Incident gone = loser.with(loser.status(), loser.severityId(), loser.priorityId(), loser.assignee(),
                loser.startMs(), loser.endMs(), loser.detectionCount(), loser.entities(), loser.attacks(), winner.uid());
        keep(gone);
        record(loser.uid(), gone.version(), "merged_into", null, winner.uid());
        before.remove(loser.uid());
        return next;
    }

    /** The incident holds these keys from now on (stored with the step's other keys at its end). */
    private void own(String incidentUid, List<Entity> keys) {
        for (Entity k : keys) {
            if (owners.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(incidentUid)) {
                newKeys.add(new Object[] {incidentUid, k});
            }
        }
    }

    private void keep(Incident i) {
        atStart.putIfAbsent(i.uid(), seen.get(i.uid()));
        seen.put(i.uid(), i);
        changed.add(i.uid());
    }

    /**
     * The incidents this step changed whose end passed their keys' bound ({@link IncidentTable#endsBy} of their end
     * before the step; keys a merge moved to them took the bound of the end after the merge), each with its end now;
     * merged-away ones hold no keys. Most steps leave an incident within its day: none.
     */
    private Map<String, Long> grown() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String uid : changed) {
            Incident now = seen.get(uid);
            long was = atStart.get(uid).endMs();
            if (now.mergedInto() == null && IncidentTable.endsBy(now.endMs()) > IncidentTable.endsBy(was)) {
                out.put(uid, now.endMs());
            }
        }
        return out;
    }

    /** The incident a detection of this step ends in: the one it joined, or what that was merged into. */
    private String survivor(String uid) {
        String at = uid;
        while (seen.containsKey(at) && seen.get(at).mergedInto() != null) {
            at = seen.get(at).mergedInto();
        }
        return at;
    }

    /** A Resolved incident that a new detection reopens: In Progress when someone has it, else New. */
    private static IncidentStatus reopened(Incident i) {
        return i.assignee() != null ? IncidentStatus.IN_PROGRESS : IncidentStatus.NEW;
    }

    /**
     * The step's changes to one incident in its history, once per step whatever the number of detections it
     * joined: {@code detections} from the count before to the count after ("N detections joined"), then each
     * field that ended the step changed; at the incident's version at the end of the step.
     */
    private void summarise(Incident was, Incident now) {
        if (now.detectionCount() > was.detectionCount()) {
            record(now.uid(), now.version(), "detections", was.detectionCount(), now.detectionCount());
        }
        changes(was, now);
    }

    private void changes(Incident was, Incident now) {
        if (was.status() != now.status()) {
            record(now.uid(), now.version(), "status_id", was.status().id(), now.status().id());
        }
        if (was.severityId() != now.severityId()) {
            record(now.uid(), now.version(), "severity_id", was.severityId(), now.severityId());
        }
        if (was.priorityId() != now.priorityId()) {
            record(now.uid(), now.version(), "priority_id", was.priorityId(), now.priorityId());
        }
    }

    private void record(String uid, long version, String field, Object from, Object to) {
        history.add(new IncidentTable.HistoryRow(uid, version, ACTOR, field, from == null ? null : from.toString(),
                to == null ? null : to.toString()));
    }

    /**
     * The entities an incident's body lists: the union, up to {@link #LISTED_ENTITIES}. An incident of a busy user
     * gathers thousands of hosts and addresses; listing them all would make every join copy and every write rewrite
     * them. Correlation does not read this list: every key of every detection is in incident_entities.
     */
    private static <T> List<T> listed(List<T> a, List<T> b) {
        if (a.size() >= LISTED_ENTITIES) {
            return a;
        }
        List<T> all = union(a, b);
        return all.size() > LISTED_ENTITIES ? new ArrayList<>(all.subList(0, LISTED_ENTITIES)) : all;
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        Set<T> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    private static List<String> sorted(List<String> values) {
        return new ArrayList<>(new TreeSet<>(values));
    }
}

package io.securitylake.subscriber.incident;

import io.securitylake.subscriber.ChangeRefused;
import io.securitylake.subscriber.ChangeRefused.Kind;
import io.securitylake.subscriber.ops.LakeMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * An analyst's changes to an incident: status (along {@link IncidentStatus#next()}), assignee, priority, and notes.
 * Each change is made on the locked row, only at the version the analyst saw, raises the version by one and is
 * written to the incident's history with the analyst as actor.
 */
@Component
public class IncidentWorkflow {

    /**
     * What to change; a null field is left as is, except the assignee when {@code assigneeGiven} (null unassigns).
     */
    public record Update(Integer statusId, boolean assigneeGiven, String assignee, Integer priorityId, Integer verdictId) {

        public Update(Integer statusId, boolean assigneeGiven, String assignee, Integer priorityId) {
            this(statusId, assigneeGiven, assignee, priorityId, null);
        }
    }

    private final IncidentTable incidents;
    private final IncidentBodies bodies;
    private final TenantTransactions transactions;
    private final LakeMetrics metrics;

    IncidentWorkflow(IncidentTable incidents, IncidentBodies bodies, TenantTransactions transactions, LakeMetrics metrics) {
        this.incidents = incidents;
        this.bodies = bodies;
        this.transactions = transactions;
        this.metrics = metrics;
    }

    /** Applies the update if the incident is at {@code expectedVersion}; returns the incident after it (full body). */
    public Map<String, Object> update(String tenant, String uid, long expectedVersion, Update u, String actor) {
        return transactions.inTransaction(tenant, jdbc -> {
            Incident i = current(jdbc, uid);
            if (i.version() != expectedVersion) {
                throw new ChangeRefused(Kind.STALE, "the incident is at version " + i.version() + ", not "
                        + expectedVersion + "; read it again and repeat the change if it still applies");
            }
            IncidentStatus status = i.status();
            if (u.statusId() != null && u.statusId() != i.status().id()) {
                IncidentStatus wanted = IncidentStatus.of(u.statusId()).orElseThrow();
                if (!i.status().next().contains(wanted)) {
                    throw new ChangeRefused(Kind.CONFLICT, "an incident " + i.status().caption() + " cannot become "
                            + wanted.caption() + "; from " + i.status().caption() + " it may become "
                            + i.status().next().stream().sorted().map(IncidentStatus::caption).toList());
                }
                status = wanted;
            }
            String assignee = u.assigneeGiven() ? u.assignee() : i.assignee();
            int priority = u.priorityId() != null ? u.priorityId() : i.priorityId();
            Integer verdictBefore = incidents.verdicts(jdbc, List.of(uid)).get(uid);
            Integer verdict = u.verdictId() != null ? u.verdictId() : verdictBefore;
            boolean verdictChanged = !Objects.equals(verdict, verdictBefore);
            if (status != i.status() || !Objects.equals(assignee, i.assignee()) || priority != i.priorityId()
                    || verdictChanged) {
                Incident next = i.with(status, i.severityId(), priority, assignee, i.startMs(), i.endMs(),
                        i.detectionCount(), i.entities(), i.attacks(), null);
                incidents.update(jdbc, next);
                if (status == IncidentStatus.CLOSED && i.status() != IncidentStatus.CLOSED) {
                    incidents.retireKeys(jdbc, uid); // Closed is final: no correlation step reads its keys again
                }
                if (status != i.status()) {
                    incidents.record(jdbc, uid, next.version(), actor, "status_id", i.status().id(), status.id());
                }
                if (!Objects.equals(assignee, i.assignee())) {
                    incidents.record(jdbc, uid, next.version(), actor, "assignee", i.assignee(), assignee);
                }
                if (priority != i.priorityId()) {
                    incidents.record(jdbc, uid, next.version(), actor, "priority_id", i.priorityId(), priority);
                }
                if (verdictChanged) {
                    incidents.setVerdict(jdbc, uid, verdict);
                    incidents.record(jdbc, uid, next.version(), actor, "verdict_id", verdictBefore, verdict);
                }
                metrics.incidents(tenant, Incidents.byStatus(incidents.countByStatus(jdbc)));
            }
            return bodies.full(jdbc, uid).orElseThrow();
        });
    }

    /** Adds a note by {@code author}; returns the note with the incident's version after it. */
    public Map<String, Object> addNote(String tenant, String uid, String author, String text) {
        return transactions.inTransaction(tenant, jdbc -> {
            Incident i = current(jdbc, uid);
            Incident next = i.with(i.status(), i.severityId(), i.priorityId(), i.assignee(), i.startMs(), i.endMs(),
                    i.detectionCount(), i.entities(), i.attacks(), null);
            incidents.update(jdbc, next);
            IncidentTable.Note note = incidents.addNote(jdbc, uid, author, text);
            incidents.record(jdbc, uid, next.version(), author, "note", null, null);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("incident_uid", uid);
            body.put("author", note.author());
            body.put("time", note.timeMs());
            body.put("text", note.text());
            body.put("version", next.version());
            return body;
        });
    }

    private Incident current(JdbcTemplate jdbc, String uid) {
        Incident i = incidents.find(jdbc, uid, true)
                .orElseThrow(() -> new ChangeRefused(Kind.NOT_FOUND, "no incident with this uid"));
        if (i.mergedInto() != null) {
            throw new ChangeRefused(Kind.CONFLICT, "the incident was merged into " + i.mergedInto()
                    + "; change that one");
        }
        return i;
    }
}

package io.securitylake.subscriber.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.ChangeRefused;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The workflow's statuses are OCSF Incident Finding's, and only the documented transitions are allowed. */
class IncidentStatusTest {

    @Test
    void idsAndCaptionsAreOcsfIncidentFindingStatuses() {
        assertThat(IncidentStatus.values()).extracting(IncidentStatus::id).containsExactly(1, 2, 3, 4, 5);
        assertThat(IncidentStatus.values()).extracting(IncidentStatus::caption)
                .containsExactly("New", "In Progress", "On Hold", "Resolved", "Closed");
        assertThat(IncidentStatus.named("in_progress")).contains(IncidentStatus.IN_PROGRESS);
        assertThat(IncidentStatus.named("On Hold")).contains(IncidentStatus.ON_HOLD);
        assertThat(IncidentStatus.of(0)).isEmpty();
    }

    @Test
    void theTransitionsAreTheDocumentedOnes() {
        assertThat(IncidentStatus.NEW.next()).isEqualTo(Set.of(IncidentStatus.IN_PROGRESS, IncidentStatus.ON_HOLD,
                IncidentStatus.RESOLVED, IncidentStatus.CLOSED));
        assertThat(IncidentStatus.IN_PROGRESS.next()).isEqualTo(Set.of(IncidentStatus.ON_HOLD, IncidentStatus.RESOLVED,
                IncidentStatus.CLOSED));
        assertThat(IncidentStatus.ON_HOLD.next()).isEqualTo(Set.of(IncidentStatus.IN_PROGRESS, IncidentStatus.RESOLVED,
                IncidentStatus.CLOSED));
        assertThat(IncidentStatus.RESOLVED.next()).isEqualTo(Set.of(IncidentStatus.IN_PROGRESS, IncidentStatus.CLOSED));
        assertThat(IncidentStatus.CLOSED.next()).isEmpty();
    }

    @Test
    void anAnalystsWalkThroughTheWorkflowIsRecordedStepByStep() {
        IncidentTestStore store = new IncidentTestStore("tenant_" + IncidentTestStore.TENANT + "_workflow");
        String user = "walker-" + System.nanoTime();
        store.detect(store.incidents(), io.securitylake.subscriber.detect.StoredDetections.of("r", user, 1_000L, 3,
                java.util.List.of(), io.securitylake.subscriber.detect.StoredDetections.entity("user", user)));
        String uid = store.jdbc.queryForObject("SELECT incident_uid FROM incident_entities WHERE value = ?", String.class, user);
        IncidentWorkflow workflow = store.workflow();
        long v = 1;
        for (int status : new int[] {2, 3, 2, 4, 2, 4, 5}) {
            workflow.update(IncidentTestStore.TENANT, uid, v, new IncidentWorkflow.Update(status, false, null, null), "a");
            v++;
        }
        assertThat(store.incident(uid).status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(store.incident(uid).version()).isEqualTo(8);
        assertThat(store.jdbc.queryForList("SELECT to_value FROM incident_history WHERE incident_uid = ? "
                + "AND field = 'status_id' ORDER BY id", String.class, uid)).containsExactly("2", "3", "2", "4", "2", "4", "5");
        long before = store.incident(uid).version();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> workflow.update(IncidentTestStore.TENANT, uid, before,
                        new IncidentWorkflow.Update(2, false, null, null), "a"))
                .isInstanceOfSatisfying(ChangeRefused.class, e -> assertThat(e.kind()).isEqualTo(ChangeRefused.Kind.CONFLICT));
        assertThat(store.incident(uid).version()).isEqualTo(before);
    }
}

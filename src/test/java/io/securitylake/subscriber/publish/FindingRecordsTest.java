package io.securitylake.subscriber.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securitylake.subscriber.detect.Entities.Entity;
import io.securitylake.subscriber.detect.LakeFindings;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** Stored detections and incidents → OCSF 1.1.0 Detection and Incident Findings, or refused when they cannot be valid. */
class FindingRecordsTest {

    @Test
    void aDetectionIsADetectionFindingAtTheTimeOfItsChange() throws Exception {
        GenericRecord r = FindingSchema.DETECTION_FINDING.record(
                DetectionFindings.finding(Findings.detection("det-1"), Findings.CHANGED, "acme", "lakesub-detections"));

        assertThat(r.get("class_uid")).isEqualTo(2004);
        assertThat(r.get("category_uid")).isEqualTo(2);
        assertThat(r.get("activity_id")).isEqualTo(2); // changed after it was detected: an update
        assertThat(r.get("type_uid")).isEqualTo(200402L);
        assertThat(r.get("time")).isEqualTo(Findings.CHANGED);
        assertThat(r.get("severity_id")).isEqualTo(4);
        assertThat(r.get("status_id")).isEqualTo(1);
        GenericRecord metadata = (GenericRecord) r.get("metadata");
        assertThat(metadata.get("version")).isEqualTo("1.1.0");
        assertThat(metadata.get("uid")).isEqualTo("det-1-" + Findings.CHANGED);
        assertThat(metadata.get("correlation_uid")).isEqualTo("inc-1");
        assertThat(((GenericRecord) metadata.get("product")).get("name")).isEqualTo(LakeFindings.OWN_PRODUCT);
        GenericRecord info = (GenericRecord) r.get("finding_info");
        assertThat(info.get("uid")).isEqualTo("det-1");
        assertThat(info.get("title")).isEqualTo("Root account console login");
        assertThat(info.get("created_time")).isEqualTo(Findings.DETECTED);
        assertThat(info.get("modified_time")).isEqualTo(Findings.CHANGED);
        assertThat(((GenericRecord) info.get("analytic")).get("uid")).isEqualTo("aws-root-login");
        assertThat((List<?>) info.get("related_events")).hasSize(2);
        assertThat(r.getSchema().getField("attacks")).isNull();
        List<?> attacks = (List<?>) info.get("attacks");
        assertThat(attacks).hasSize(2);
        assertThat(((GenericRecord) ((GenericRecord) attacks.get(0)).get("technique")).get("uid")).isEqualTo("T1078");
        assertThat(((GenericRecord) ((GenericRecord) attacks.get(1)).get("tactic")).get("name")).isEqualTo("Initial Access");
        assertThat((List<?>) r.get("observables")).hasSize(2);
    }

    @Test
    void aDetectionPublishedAtItsCreationIsACreate() throws Exception {
        GenericRecord r = FindingSchema.DETECTION_FINDING.record(
                DetectionFindings.finding(Findings.detection("det-1"), Findings.DETECTED, "acme", "d"));

        assertThat(r.get("activity_id")).isEqualTo(1);
        assertThat(r.get("type_uid")).isEqualTo(200401L);
    }

    @Test
    void anIncidentIsAnIncidentFindingWithItsWorkflow() throws Exception {
        GenericRecord r = FindingSchema.INCIDENT_FINDING.record(
                IncidentFindings.finding(Findings.incident("inc-1", "alice"), null, Findings.CHANGED, "acme", "i"));

        assertThat(r.get("class_uid")).isEqualTo(2005);
        assertThat(r.get("type_uid")).isEqualTo(200502L);
        assertThat(r.get("time")).isEqualTo(Findings.CHANGED);
        assertThat(r.get("status_id")).isEqualTo(2);
        assertThat(r.get("priority_id")).isEqualTo(3);
        assertThat(r.get("verdict_id")).isEqualTo(2);
        assertThat(r.get("desc")).isEqualTo("Root account console login (user root)");
        assertThat(((GenericRecord) r.get("assignee")).get("name")).isEqualTo("alice");
        assertThat(r.get("assignee_group")).isNull();
        List<?> infos = (List<?>) r.get("finding_info_list");
        assertThat(infos).hasSize(1);
        assertThat(((GenericRecord) infos.get(0)).get("uid")).isEqualTo("det-1");
        assertThat(((GenericRecord) ((GenericRecord) r.get("metadata")).get("product")).get("name"))
                .isEqualTo(LakeFindings.OWN_PRODUCT);
    }

    @Test
    void anIncidentsEntitiesAsItHoldsThemAreItsObservables() throws Exception {
        Map<String, Object> i = Findings.incident("inc-1", null);
        i.put("entities", List.of(new Entity("user", "root"), new Entity("host", "web-1")));

        GenericRecord r = FindingSchema.INCIDENT_FINDING.record(IncidentFindings.finding(i, null, Findings.CHANGED, "acme", "i"));

        List<?> observables = (List<?>) r.get("observables");
        assertThat(observables).hasSize(2);
        GenericRecord host = (GenericRecord) observables.get(1);
        assertThat(host.get("name")).isEqualTo("host");
        assertThat(host.get("type_id")).isEqualTo(1);
        assertThat(host.get("value")).isEqualTo("web-1");
    }

    @Test
    void anUnassignedIncidentNamesTheUnassignedGroupAsTheClassNeedsOneOfTheTwo() throws Exception {
        GenericRecord r = FindingSchema.INCIDENT_FINDING.record(
                IncidentFindings.finding(Findings.incident("inc-1", null), null, Findings.CHANGED, "acme", "i"));

        assertThat(r.get("assignee")).isNull();
        assertThat(((GenericRecord) r.get("assignee_group")).get("name")).isEqualTo("unassigned");
    }

    @Test
    void aSeverityOutsideOcsfIsRefused() {
        Map<String, Object> d = Findings.detection("det-1");
        d.put("severity_id", 42);

        assertThatThrownBy(() -> DetectionFindings.finding(d, Findings.CHANGED, "acme", "d"))
                .isInstanceOf(FindingSchema.InvalidFinding.class).hasMessageContaining("severity_id 42");
    }

    @Test
    void aBlankTitleIsRefused() throws Exception {
        Map<String, Object> d = Findings.detection("det-1");
        d.put("rule", Map.of("uid", "r", "title", " "));
        Map<String, Object> finding = DetectionFindings.finding(d, Findings.CHANGED, "acme", "d");

        assertThatThrownBy(() -> FindingSchema.DETECTION_FINDING.record(finding))
                .isInstanceOf(FindingSchema.InvalidFinding.class).hasMessageContaining("finding_info.title");
    }

    @Test
    void anIncidentWithoutDetectionsIsRefused() throws Exception {
        Map<String, Object> i = Findings.incident("inc-merged", null);
        i.put("finding_info_list", List.of());
        Map<String, Object> finding = IncidentFindings.finding(i, null, Findings.CHANGED, "acme", "i");

        assertThatThrownBy(() -> FindingSchema.INCIDENT_FINDING.record(finding))
                .isInstanceOf(FindingSchema.InvalidFinding.class).hasMessageContaining("finding_info_list");
    }

    @Test
    void aMergedIncidentIsAValidClosedFindingNamingItsSurvivor() throws Exception {
        Map<String, Object> i = Findings.incident("inc-merged", null);
        i.put("finding_info_list", List.of());
        i.put("merged_into", "inc-survivor");
        Map<String, Object> survivor = Findings.incident("inc-survivor", null);
        survivor.put("desc", "Root account console login (user root, admin)");
        Map<String, Object> finding = IncidentFindings.finding(i, survivor, Findings.CHANGED, "acme", "i");

        GenericRecord r = FindingSchema.INCIDENT_FINDING.record(finding);
        assertThat(r.get("activity_id")).isEqualTo(3);
        assertThat(r.get("type_uid")).isEqualTo(200503L);
        assertThat(r.get("status_id")).isEqualTo(99);
        assertThat(r.get("status").toString()).isEqualTo("Merged");
        assertThat(((GenericRecord) r.get("metadata")).get("correlation_uid").toString()).isEqualTo("inc-survivor");
        GenericRecord info = (GenericRecord) ((List<?>) r.get("finding_info_list")).get(0);
        assertThat(info.get("uid").toString()).isEqualTo("inc-survivor");
        assertThat(info.get("title").toString()).isEqualTo("Root account console login (user root, admin)");
    }

    @Test
    void aMergedIncidentWhoseSurvivorIsGoneStillNamesIt() throws Exception {
        Map<String, Object> i = Findings.incident("inc-merged", null);
        i.put("merged_into", "inc-gone");
        GenericRecord r = FindingSchema.INCIDENT_FINDING.record(IncidentFindings.finding(i, null, Findings.CHANGED,
                "acme", "i"));
        GenericRecord info = (GenericRecord) ((List<?>) r.get("finding_info_list")).get(0);
        assertThat(info.get("uid").toString()).isEqualTo("inc-gone");
        assertThat(info.get("title").toString()).isEqualTo("Incident inc-gone");
    }

    @Test
    void aWrongTypeIsRefusedNotCoerced() throws Exception {
        Map<String, Object> i = Findings.incident("inc-1", null);
        i.put("status_id", "2");
        Map<String, Object> finding = IncidentFindings.finding(i, null, Findings.CHANGED, "acme", "i");

        assertThatThrownBy(() -> FindingSchema.INCIDENT_FINDING.record(finding))
                .isInstanceOf(FindingSchema.InvalidFinding.class).hasMessageContaining("status_id");
    }
}

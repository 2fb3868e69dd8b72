package io.securitylake.subscriber.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Findings of OCSF 1.0 ({@code finding}) and 1.1+ ({@code finding_info}) as lake-finding detections. */
class LakeFindingsTest {

    private static OcsfEvent securityHub(String version, String container, String uid, long lastSeen, String status) {
        return new OcsfEvent().set("class_uid", "1.0.0-rc.2".equals(version) ? 2001 : 2003).set("category_uid", 2)
                .set("metadata.version", version).set("metadata.product.name", "Security Hub")
                .set("metadata.product.vendor_name", "AWS").set("cloud.account_uid", "111111111111")
                .set(container + ".uid", uid).set(container + ".title", "EC2.19 Security groups should not allow unrestricted access")
                .set(container + ".first_seen_time", 1_700_000_000_000L).set(container + ".last_seen_time", lastSeen)
                .set("status", status).list("resources", Map.of("uid", "arn:aws:ec2:us-east-1:111111111111:security-group/sg-1"));
    }

    @Test
    void everyFindingClassIsAFindingAndNothingElse() {
        for (int c : List.of(2001, 2002, 2003, 2004, 2005, 2006)) {
            assertThat(LakeFindings.isFinding(new OcsfEvent().set("class_uid", c).map())).as("class %d", c).isTrue();
        }
        for (int c : List.of(3002, 4001, 6003, 1007)) {
            assertThat(LakeFindings.isFinding(new OcsfEvent().set("class_uid", c).map())).as("class %d", c).isFalse();
        }
    }

    @Test
    void ocsf10And11FindingsAreKeyedByTheirFindingUid() {
        Detection v10 = LakeFindings.detection(securityHub("1.0.0-rc.2", "finding", "arn:f/1", 5L, "New").map(), "e1", 5L, 4);
        Detection v11 = LakeFindings.detection(securityHub("1.1.0", "finding_info", "arn:f/1", 9L, "Resolved").map(), "e2", 9L, 4);
        Detection other = LakeFindings.detection(securityHub("1.1.0", "finding_info", "arn:f/2", 9L, "New").map(), "e3", 9L, 4);

        assertThat(v10.uid()).isEqualTo(v11.uid()).isNotEqualTo(other.uid());
        assertThat(v10.ruleUid()).isEqualTo("lake-finding");
        assertThat(v11.ruleTitle()).startsWith("EC2.19");
        assertThat(v11.status()).isEqualTo("Resolved");
        assertThat(v11.lastSeenMs()).isEqualTo(9L);
        assertThat(v11.firstSeenMs()).isEqualTo(1_700_000_000_000L);
        assertThat(v10.entities()).contains(new Entities.Entity("account", "111111111111"),
                new Entities.Entity("resource", "arn:aws:ec2:us-east-1:111111111111:security-group/sg-1"));
    }

    @Test
    void aDetectionFindingCarriesItsAttackTechniquesAndTactics() {
        OcsfEvent falcon = new OcsfEvent().set("class_uid", 2004).set("finding_info.uid", "ldt:1")
                .list("finding_info.attacks", Map.of("technique", Map.of("uid", "T1059.001", "name", "PowerShell"),
                        "tactic", Map.of("uid", "TA0002", "name", "Execution")))
                .set("device.hostname", "ws-0042.corp.example.com");

        Detection d = LakeFindings.detection(falcon.map(), "e", 1L, 5);

        assertThat(d.attacks()).containsExactly("t1059.001", "execution");
        assertThat(d.entities()).contains(new Entities.Entity("host", "ws-0042.corp.example.com"));
    }

    @Test
    void ocsf10AttacksWithTacticsInTheirPluralAreReadToo() {
        OcsfEvent v10 = new OcsfEvent().set("class_uid", 2001).set("finding.uid", "f:1")
                .list("attacks", Map.of("technique", Map.of("uid", "T1078", "name", "Valid Accounts"),
                        "tactics", List.of(Map.of("uid", "TA0001", "name", "Initial Access"),
                                Map.of("uid", "TA0004", "name", "Privilege Escalation"))));

        Detection d = LakeFindings.detection(v10.map(), "e", 1L, 3);

        assertThat(d.attacks()).containsExactly("t1078", "initial_access", "privilege_escalation");
    }

    @Test
    void anotherToolsIncidentFindingIsALakeFindingButOneOfOursIsNeverReadBack() {
        OcsfEvent theirs = new OcsfEvent().set("class_uid", 2005).set("metadata.product.name", "Other SIEM")
                .set("metadata.correlation_uid", "inc-42").set("desc", "Credential theft on ws-1")
                .set("start_time", 100L).set("end_time", 200L).set("device.hostname", "ws-1.corp.example.com");
        OcsfEvent ours = new OcsfEvent().set("class_uid", 2005).set("metadata.product.name", LakeFindings.OWN_PRODUCT)
                .set("metadata.correlation_uid", "inc-43");

        assertThat(LakeFindings.isFinding(theirs.map())).isTrue();
        assertThat(LakeFindings.isFinding(ours.map())).isFalse();
        Detection d = LakeFindings.detection(theirs.map(), "e", 300L, 4);
        assertThat(d.ruleUid()).isEqualTo("lake-finding");
        assertThat(d.uid()).isEqualTo(Detection.uidOf("lake-finding", "inc-42"));
        assertThat(d.ruleTitle()).isEqualTo("Credential theft on ws-1");
        assertThat(d.firstSeenMs()).isEqualTo(100L);
        assertThat(d.lastSeenMs()).isEqualTo(200L);
        assertThat(d.entities()).contains(new Entities.Entity("host", "ws-1.corp.example.com"));
    }
}

package io.securitylake.subscriber.ocsf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OcsfCatalogTest {

    private static final OcsfCatalog CATALOG = OcsfCatalog.load();

    @Test
    void knowsTheSixSchemaVersionsOldestFirst() {
        assertThat(CATALOG.versions()).containsExactly("1.0.0-rc.2", "1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.8.0");
    }

    @Test
    void class3005IsApiActivityInRc2ButUserAccessManagementFrom100() {
        assertThat(CATALOG.className("1.0.0-rc.2", 3005)).hasValue("API Activity");
        assertThat(CATALOG.className("1.1.0", 3005)).hasValue("User Access Management");
        assertThat(CATALOG.className("1.1.0", 6003)).hasValue("API Activity");
    }

    @Test
    void activitiesFollowTheVersionOfTheClass() {
        assertThat(CATALOG.activityName("1.0.0-rc.2", 3005, 1)).hasValue("Create");
        assertThat(CATALOG.activityName("1.1.0", 3005, 1)).hasValue("Assign Privileges");
        assertThat(CATALOG.activityName("1.0.0-rc.2", 3002, 4)).hasValue("Service Ticket");
        assertThat(CATALOG.activityName("1.1.0", 3002, 4)).hasValue("Service Ticket Request");
    }

    @Test
    void category3IsAuditActivityInRc2AndIdentityAccessManagementLater() {
        assertThat(CATALOG.categoryName("1.0.0-rc.2", 3)).hasValue("Audit Activity");
        assertThat(CATALOG.categoryName("1.1.0", 3)).hasValue("Identity & Access Management");
        assertThat(CATALOG.categoryName("1.0.0-rc.2", 5)).hasValue("Configuration/Inventory");
        assertThat(CATALOG.categoryName("1.3.0", 5)).hasValue("Discovery");
    }

    @Test
    void classesNewIn130AreKnownThere() {
        assertThat(CATALOG.className("1.3.0", 7001)).hasValue("Remediation Activity");
        assertThat(CATALOG.activityName("1.3.0", 7001, 1)).hasValue("Isolate");
        assertThat(CATALOG.categoryName("1.3.0", 7)).hasValue("Remediation");
        assertThat(CATALOG.className("1.3.0", 1008)).hasValue("Event Log Activity");
        assertThat(CATALOG.className("1.0.0-rc.2", 1008)).hasValue("Registry Key Activity");
    }

    @Test
    void aClassUnknownInTheGivenVersionComesFromTheNewestLakeVersionThatKnowsIt() {
        assertThat(CATALOG.className("1.0.0-rc.2", 6003)).hasValue("API Activity");
        assertThat(CATALOG.className("1.2.0", 1008)).hasValue("Event Log Activity");
        assertThat(CATALOG.className("1.1.0", 1009)).hasValue("Registry Value Activity");
        assertThat(CATALOG.categoryName("1.0.0-rc.2", 7)).hasValue("Remediation");
    }

    @Test
    void classesOnlyIn180AreFoundLast() {
        assertThat(CATALOG.className("1.1.0", 2007)).hasValue("Application Security Posture Finding");
        assertThat(CATALOG.categoryName("1.1.0", 8)).hasValue("Unmanned Systems");
    }

    @Test
    void withoutAVersionTheNewestLakeVersionWins() {
        assertThat(CATALOG.className(null, 3005)).hasValue("User Access Management");
        assertThat(CATALOG.className("garbage", 1008)).hasValue("Event Log Activity");
        assertThat(CATALOG.className(null, 1010)).hasValue("Windows Resource Activity");
    }

    @Test
    void missingActivitiesComeFromALaterVersionOfTheSameClass() {
        // the extracted rc.2 facts list no activities for Process Activity; 1.1.0 does
        assertThat(CATALOG.activityName("1.0.0-rc.2", 1007, 1)).hasValue("Launch");
    }

    @Test
    void aLaterClassWithTheSameUidButAnotherNameLendsNoActivities() {
        // 1008 is Registry Key Activity in rc.2 and Event Log Activity in 1.3.0, whose 1 is "Clear"
        assertThat(CATALOG.activityName("1.0.0-rc.2", 1008, 1)).isEmpty();
        assertThat(CATALOG.activityName("1.0.0-rc.2", 1008, 0)).hasValue("Unknown");
    }

    @Test
    void baseEventActivitiesUnknownAndOtherApplyToEveryClass() {
        assertThat(CATALOG.activityName("1.1.0", 4001, 0)).hasValue("Unknown");
        assertThat(CATALOG.activityName("1.0.0-rc.2", 3005, 99)).hasValue("Other");
    }

    @ParameterizedTest
    @CsvSource({"1.0.0-rc.2,0,Unknown", "1.0.0-rc.2,1,Informational", "1.1.0,5,Critical", "1.3.0,6,Fatal",
            "1.8.0,99,Other", ",4,High"})
    void severityNames(String version, int id, String name) {
        assertThat(CATALOG.severityName(version, id)).hasValue(name);
    }

    @Test
    void typeNameJoinsClassAndActivityCaptions() {
        assertThat(CATALOG.typeName("1.1.0", 6003, 1)).hasValue("API Activity: Create");
        assertThat(CATALOG.typeName("1.0.0-rc.2", 3005, 3)).hasValue("API Activity: Update");
        assertThat(CATALOG.typeName("1.1.0", 3002, 1)).hasValue("Authentication: Logon");
    }

    @Test
    void unknownOrMissingIdsGiveEmptyNeverAnException() {
        assertThat(CATALOG.className("1.1.0", 9999)).isEmpty();
        assertThat(CATALOG.className("1.1.0", null)).isEmpty();
        assertThat(CATALOG.categoryName("1.1.0", 42)).isEmpty();
        assertThat(CATALOG.severityName("1.1.0", 7)).isEmpty();
        assertThat(CATALOG.severityName("1.1.0", null)).isEmpty();
        assertThat(CATALOG.activityName("1.1.0", 6003, 57)).isEmpty();
        assertThat(CATALOG.activityName("1.1.0", 9999, 1)).isEmpty();
        assertThat(CATALOG.activityName("1.1.0", null, 1)).isEmpty();
        assertThat(CATALOG.typeName("1.1.0", 6003, 57)).isEmpty();
        assertThat(CATALOG.typeName("1.1.0", -1, -1)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1.1, User Access Management", "1.1.0-dev, User Access Management", "v1.0.0-rc.2, API Activity",
            "1.0.0-rc.1, API Activity", "1.0.0-RC3, API Activity", " 1.0.0-rc.2 , API Activity"})
    void fuzzyVersionStringsMatchTheClosestKnownVersion(String version, String caption) {
        assertThat(CATALOG.className(version, 3005)).hasValue(caption);
    }

    @Test
    void aVersionBetweenKnownOnesUsesTheNewestOneBelowIt() {
        assertThat(CATALOG.className("1.5.0", 1008)).hasValue("Event Log Activity");
        assertThat(CATALOG.className("0.9", 3005)).hasValue("User Access Management"); // no match: fallback order
    }

    @Test
    void theResourceNamesItsSourceAndLicence() throws Exception {
        try (var in = OcsfCatalog.class.getClassLoader().getResourceAsStream(OcsfCatalog.RESOURCE)) {
            assertThat(new String(in.readNBytes(200))).startsWith("# OCSF schema, Apache-2.0");
        }
    }

    @Test
    void aMalformedTableFailsAtLoadNotAtLookup() {
        assertThatThrownBy(() -> OcsfCatalog.load(new StringReader("C\t1001\tx\tX\n")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("line 1");
    }

    @Test
    void aSmallTableLoads() {
        OcsfCatalog small = OcsfCatalog.load(new StringReader(
                "# test\nV\t1.3.0\nG\t6\tApplication Activity\nS\t1\tInformational\nC\t6003\tapi_activity\tAPI Activity\nA\t1\tCreate\n"));
        assertThat(small.typeName("1.3.0", 6003, 1)).hasValue("API Activity: Create");
        assertThat(small.typeName("1.9", 6003, 1)).hasValue("API Activity: Create");
        assertThat(small.className("1.3.0", 3005)).isEmpty();
    }
}

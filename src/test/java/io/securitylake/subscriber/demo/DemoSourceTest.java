package io.securitylake.subscriber.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.stack.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DemoSourceTest {

    private static final LocalDate DAY = LocalDate.of(2024, 11, 3);

    @ParameterizedTest
    @EnumSource(value = DemoSource.class, names = {"CLOUD_TRAIL_MGMT", "VPC_FLOW", "ROUTE53", "SH_FINDINGS"})
    void nativeKeysFollowTheSecurityLake2Layout(DemoSource source) {
        assertThat(source.key("123456789012", "us-east-2", DAY, 1)).matches(
                "aws/" + source.name() + "/2\\.0/region=us-east-2/accountId=123456789012/eventDay=20241103/[0-9a-f]{32}\\.gz\\.parquet");
    }

    @Test
    void customKeysLiveUnderExtWithUuidFileNames() {
        assertThat(DemoSource.CROWDSTRIKE_DETECTIONS.key("123456789012", "us-east-2", DAY, 1)).matches(
                "ext/CrowdStrike_Detection_Finding/region=us-east-2/accountId=123456789012/eventDay=20241103/"
                        + "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\.parquet");
    }

    @Test
    void processSourceWritesLowerCasePartitionNamesAsSomeCustomWritersDo() {
        assertThat(DemoSource.CROWDSTRIKE_PROCESS.key("123456789012", "ap-southeast-2", DAY, 1)).matches(
                "ext/CrowdStrike_Process_Activity/region=ap-southeast-2/accountid=123456789012/eventday=20241103/[0-9a-f-]{36}\\.parquet");
    }

    @Test
    void keyIsRepeatablePerSeedAndDiffersAcrossSeedsAndSources() {
        String key = DemoSource.VPC_FLOW.key("123456789012", "us-east-1", DAY, 7);
        assertThat(DemoSource.VPC_FLOW.key("123456789012", "us-east-1", DAY, 7)).isEqualTo(key);
        assertThat(DemoSource.VPC_FLOW.key("123456789012", "us-east-1", DAY, 8)).isNotEqualTo(key);
        assertThat(DemoSource.ROUTE53.key("123456789012", "us-east-1", DAY, 7).substring(key.lastIndexOf('/')))
                .isNotEqualTo(key.substring(key.lastIndexOf('/')));
    }

    @ParameterizedTest
    @EnumSource(DemoSource.class)
    void classAndCategoryAgreeWithTheOcsfSchemaOfTheSourcesVersion(DemoSource source) throws IOException {
        Path classes = Fixtures.ocsfClasses();
        JsonNode version = new ObjectMapper().readTree(classes.toFile()).path("versions").path(source.ocsfVersion());

        JsonNode match = null;
        for (JsonNode candidate : version.path("classes")) {
            if (candidate.path("class_uid").asInt() == source.classUid()) {
                match = candidate;
            }
        }
        assertThat(match).as("class %d in OCSF %s", source.classUid(), source.ocsfVersion()).isNotNull();
        assertThat(match.path("caption").asText()).isEqualTo(source.className());
        assertThat(match.path("category_uid").asInt()).isEqualTo(source.categoryUid());
        assertThat(version.path("categories").path(String.valueOf(source.categoryUid())).asText())
                .isEqualTo(source.categoryName());
    }
}

package io.securitylake.subscriber.notification;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Partition values and the data/non-data decision for every key layout seen in real lakes. */
class LakeKeyTest {

    private static final LakeKey NONE = new LakeKey(null, null, null, null, null);

    @Test
    void nativeSecurityLake1KeyGivesSourceVersionAndPartitions() {
        assertThat(LakeKey.parse("aws/VPC_FLOW/1.0/region=us-east-1/accountId=123456789012/eventDay=20230614/"
                + "0a1b2c3d4e5f60718293a4b5c6d7e8f9.gz.parquet"))
                .isEqualTo(new LakeKey("VPC_FLOW", "1.0", "us-east-1", "123456789012", "20230614"));
    }

    @Test
    void nativeSecurityLake2KeyGivesSourceVersionAndPartitions() {
        assertThat(LakeKey.parse("aws/CLOUD_TRAIL_MGMT/2.0/region=eu-central-1/accountId=210987654321/eventDay=20240229/"
                + "00000-7-5b1c.parquet"))
                .isEqualTo(new LakeKey("CLOUD_TRAIL_MGMT", "2.0", "eu-central-1", "210987654321", "20240229"));
    }

    @Test
    void reportedKeyKeepsItsEightDigitAccountAsWritten() {
        assertThat(LakeKey.parse("aws/ROUTE53/1.0/region=us-west-2/accountId=12345678/eventDay=20230916/test.gz.parquet"))
                .isEqualTo(new LakeKey("ROUTE53", "1.0", "us-west-2", "12345678", "20230916"));
    }

    @Test
    void customSourceKeyHasNoVersion() {
        assertThat(LakeKey.parse("ext/crowdstrike-falcon/region=us-east-1/accountId=123456789012/eventDay=20240301/"
                + "3f2b9c1e-6a7d-4e0f-9b8a-1c2d3e4f5a6b.parquet"))
                .isEqualTo(new LakeKey("crowdstrike-falcon", null, "us-east-1", "123456789012", "20240301"));
    }

    @Test
    void customSourceKeyMayCarryAVersion() {
        assertThat(LakeKey.parse("ext/okta-system-log/1.0/region=us-east-1/accountId=123456789012/eventDay=20240301/x.parquet"))
                .isEqualTo(new LakeKey("okta-system-log", "1.0", "us-east-1", "123456789012", "20240301"));
    }

    @Test
    void partitionNamesAreReadWhateverTheirCase() {
        assertThat(LakeKey.parse("ext/src/REGION=ap-south-1/accountid=123456789012/eventday=20240301/a.parquet"))
                .isEqualTo(new LakeKey("src", null, "ap-south-1", "123456789012", "20240301"));
        assertThat(LakeKey.parse("ext/src/Region=x/ACCOUNTID=123456789012/EventDay=20240301/a.parquet").accountId())
                .isEqualTo("123456789012");
    }

    @Test
    void aPrefixBeforeTheRootIsAllowed() {
        assertThat(LakeKey.parse("lake/replica/aws/S3_DATA/2.0/region=us-east-2/accountId=123456789012/eventDay=20240301/d.parquet"))
                .isEqualTo(new LakeKey("S3_DATA", "2.0", "us-east-2", "123456789012", "20240301"));
    }

    @Test
    void valuesAreKeptAsWrittenWithSpacesAndUnicode() {
        assertThat(LakeKey.parse("ext/mon source é/region= us east /accountId=0123 4/eventDay=2024-03-01/f ✓.parquet"))
                .isEqualTo(new LakeKey("mon source é", null, " us east ", "0123 4", "2024-03-01"));
    }

    @Test
    void icebergMetadataKeyGivesSourceAndVersionButNoPartitions() {
        assertThat(LakeKey.parse("aws/CLOUD_TRAIL_MGMT/2.0/metadata/00003-9c1f.metadata.json"))
                .isEqualTo(new LakeKey("CLOUD_TRAIL_MGMT", "2.0", null, null, null));
    }

    @Test
    void missingPartitionsAndEmptyValuesAreNull() {
        assertThat(LakeKey.parse("ext/src/region=/accountId=123456789012/f.parquet"))
                .isEqualTo(new LakeKey("src", null, null, "123456789012", null));
    }

    @Test
    void theFileNameIsNeverTakenForAPartitionOrSource() {
        assertThat(LakeKey.parse("aws/region=us-east-1")).isEqualTo(NONE);
        assertThat(LakeKey.parse("aws/VPC_FLOW/1.0")).isEqualTo(new LakeKey("VPC_FLOW", null, null, null, null));
    }

    @Test
    void aFileNamedLikeARootIsNoRoot() {
        assertThat(LakeKey.parse("exports/region=us-east-1/aws"))
                .isEqualTo(new LakeKey(null, null, "us-east-1", null, null));
    }

    @Test
    void partitionsBeforeTheRootAreNotTheObjectsOwn() {
        assertThat(LakeKey.parse("copy/region=eu-west-1/aws/VPC_FLOW/1.0/region=us-east-1/accountId=123456789012/"
                + "eventDay=20240301/f.parquet").region()).isEqualTo("us-east-1");
    }

    @Test
    void aFolderStartingWithEqualsIsAPartitionAndAVersionNeedsADigit() {
        assertThat(LakeKey.parse("aws/=x/1.0/f.parquet").source()).isNull();
        assertThat(LakeKey.parse("ext/src/v/f.parquet")).isEqualTo(new LakeKey("src", null, null, null, null));
        assertThat(LakeKey.parse("ext/src/v2/f.parquet").sourceVersion()).isEqualTo("v2");
    }

    @Test
    void partitionsAreReadEvenWithoutARoot() {
        assertThat(LakeKey.parse("exports/region=us-east-1/accountId=123456789012/eventDay=20240301/f.parquet"))
                .isEqualTo(new LakeKey(null, null, "us-east-1", "123456789012", "20240301"));
        assertThat(LakeKey.parse("region=us-east-1/f.parquet").region()).as("even in the first folder").isEqualTo("us-east-1");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"HappyFace.jpg", "example-key", "/", "//", "aws", "aws/", "ext//", "a=b/c=d", "_SUCCESS"})
    void keysOfNoKnownLayoutGiveNullsWithoutThrowing(String key) {
        LakeKey parsed = LakeKey.parse(key);
        assertThat(parsed.region()).isNull();
        assertThat(parsed.accountId()).isNull();
        assertThat(parsed.eventDay()).isNull();
        assertThat(parsed.sourceVersion()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "aws/VPC_FLOW/1.0/region=us-east-1/accountId=123456789012/eventDay=20230614/a.gz.parquet",
            "ext/src/region=us-east-1/accountId=123456789012/eventDay=20240301/a.parquet",
            "ext/src/region=us-east-1/accountId=123456789012/eventDay=20240301/A.PARQUET",
            "ext/src/data/é ✓.Parquet"})
    void parquetFilesOutsideMetadataAreData(String key) {
        assertThat(LakeKey.isParquetData(key)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "aws/CLOUD_TRAIL_MGMT/2.0/metadata/00003-9c1f.metadata.json",
            "aws/CLOUD_TRAIL_MGMT/2.0/metadata/snap-123-1-4f2a.avro",
            "aws/CLOUD_TRAIL_MGMT/2.0/metadata/oddly-named.parquet",
            "ext/src/region=us-east-1/_SUCCESS",
            "ext/src/region=us-east-1/file",
            "ext/src/region=us-east-1/a.parquet.tmp",
            "ext/src/region=us-east-1/a.json",
            "parquet"})
    void everythingElseIsNotData(String key) {
        assertThat(LakeKey.isParquetData(key)).isFalse();
    }
}

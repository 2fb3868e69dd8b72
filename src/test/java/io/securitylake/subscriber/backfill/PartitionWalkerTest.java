package io.securitylake.subscriber.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.stack.LakeTestStack;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Listing a backfill's partitions by prefix on the embedded S3: every layout, only the range and accounts asked for. */
class PartitionWalkerTest {

    private static final String BUCKET = "walker-" + System.nanoTime() % 1_000_000;
    private static final String A = "123456789012";
    private static final String B = "210987654321";
    private static final LocalDate FROM = LocalDate.of(2024, 1, 1);
    private static final LocalDate TO = LocalDate.of(2024, 1, 3);
    private static final List<String> WANTED = List.of(
            "aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=" + A + "/eventDay=20240101/a.gz.parquet",
            "aws/ROUTE53/1.0/region=us-west-2/accountId=" + A + "/eventDay=20240102/b.gz.parquet",
            "ext/CrowdStrike/region=us-east-1/accountid=" + A + "/eventday=20240101/c.parquet",
            "ext/Other/1.0/region=us-east-1/accountId=" + A + "/eventDay=20240103/d.parquet",
            "aws/VPC_FLOW/2.0/region=us-east-1/accountId=" + A + "/eventDay=20240103/nested/e.parquet");
    private static final List<String> UNWANTED = List.of(
            "aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=" + A + "/eventDay=20231231/x.gz.parquet",
            "aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=" + A + "/eventDay=20240104/x.gz.parquet",
            "aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=" + B + "/eventDay=20240101/x.gz.parquet",
            "aws/CLOUD_TRAIL_MGMT/2.0/metadata/00001-x.metadata.json",
            "aws/CLOUD_TRAIL_MGMT/2.0/data/region=us-east-1/accountId=" + A + "/eventDay=20240101/x.parquet",
            "other/CLOUD_TRAIL_MGMT/region=us-east-1/accountId=" + A + "/eventDay=20240101/x.parquet",
            "aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=" + A + "/eventDay=notaday/x.parquet");
    private static final String BUSY_DAY = "aws/VPC_FLOW/2.0/region=eu-west-1/accountId=" + A + "/eventDay=20240102/";
    private static final int BUSY = 1_050;

    private final S3Client s3 = LakeTestStack.lake().s3();

    @BeforeAll
    static void lake() {
        S3Client s3 = LakeTestStack.lake().s3();
        LakeTestStack.lake().createBucket(BUCKET);
        List<String> all = new ArrayList<>(WANTED);
        all.addAll(UNWANTED);
        for (int i = 0; i < BUSY; i++) {
            all.add(BUSY_DAY + "%05d.parquet".formatted(i));
        }
        all.parallelStream().forEach(k -> s3.putObject(b -> b.bucket(BUCKET).key(k), RequestBody.fromBytes(new byte[] {1})));
    }

    @Test
    void listsEveryLayoutOfTheRangeAndAccountsAndNothingElseAcrossPages() {
        List<String> listed = walk(new BackfillRequest(BUCKET, "t", List.of(A), null, null, FROM, TO));
        assertThat(listed).hasSize(WANTED.size() + BUSY).containsAll(WANTED).doesNotContainAnyElementsOf(UNWANTED);
        assertThat(listed).filteredOn(k -> k.startsWith(BUSY_DAY)).hasSize(BUSY).doesNotHaveDuplicates();
    }

    @Test
    void aSourceAndARegionNarrowTheWalkWhateverTheirCase() {
        assertThat(walk(new BackfillRequest(BUCKET, "t", List.of(A), "route53", null, FROM, TO)))
                .containsExactly(WANTED.get(1));
        assertThat(walk(new BackfillRequest(BUCKET, "t", List.of(A), "crowdstrike", "us-east-1", FROM, TO)))
                .containsExactly(WANTED.get(2));
        assertThat(walk(new BackfillRequest(BUCKET, "t", List.of(A), null, "us-west-2", FROM, TO)))
                .containsExactly(WANTED.get(1));
        assertThat(walk(new BackfillRequest(BUCKET, "t", List.of(B), null, null, FROM, TO))).hasSize(1);
        assertThat(walk(new BackfillRequest(BUCKET, "t", List.of(A), null, null, TO.plusDays(5), TO.plusDays(9))))
                .isEmpty();
    }

    @Test
    void aPageConsumerThatSaysStopStopsTheWalk() {
        List<String> seen = new ArrayList<>();
        boolean finished = new PartitionWalker(s3, new BackfillRequest(BUCKET, "t", List.of(A), "VPC_FLOW", null, FROM, TO),
                page -> {
                    page.forEach(o -> seen.add(o.key()));
                    return false;
                }).walk();
        assertThat(finished).isFalse();
        assertThat(seen).hasSizeLessThanOrEqualTo(1000);
    }

    private List<String> walk(BackfillRequest request) {
        List<String> keys = new ArrayList<>();
        boolean finished = new PartitionWalker(s3, request, page -> {
            page.forEach(o -> keys.add(o.key()));
            return true;
        }).walk();
        assertThat(finished).isTrue();
        return keys;
    }
}

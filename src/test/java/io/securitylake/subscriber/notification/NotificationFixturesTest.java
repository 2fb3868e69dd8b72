package io.securitylake.subscriber.notification;

import io.securitylake.subscriber.stack.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real SQS bodies under {@code ${lake.fixtures}/sqs}; skipped where that folder is absent,
 * as in a fresh clone. The fixtures are read in place, never copied into the project.
 */
class NotificationFixturesTest {

    private final NotificationParser parser = new NotificationParser();

    private Path sqs;

    /** Per test rather than per class, so that each skipped test shows as skipped in the report. */
    @BeforeEach
    void findFixtures() {
        sqs = Fixtures.folder("sqs");
    }

    @Test
    void securityLakeDocumentedSampleGivesItsObject() {
        assertThat(parser.parse(read("security-lake-subscriber-doc-sample.json"))).containsExactly(
                new LakeObject("amzn-s3-demo-bucket", "example-key", 5L, "b57f9512698f4b09e608f4f2a65852e5",
                        Instant.parse("2021-11-12T00:00:00Z")));
    }

    @Test
    void reportedSecurityLakeMessageGivesAParquetObjectWithItsPartitions() {
        List<LakeObject> objects = parser.parse(read("security-lake-subscriber-reported.json"));
        assertThat(objects).containsExactly(new LakeObject("aws-security-data-lake-us-west-2",
                "aws/ROUTE53/1.0/region=us-west-2/accountId=12345678/eventDay=20230916/test.gz.parquet",
                13176L, "asdfghj567ghwjhhd", Instant.parse("2023-09-16T05:27:07Z")));
        assertThat(objects.get(0).isParquetData()).isTrue();
        assertThat(objects.get(0).partitions())
                .isEqualTo(new LakeKey("ROUTE53", "1.0", "us-west-2", "12345678", "20230916"));
    }

    @Test
    void fullEventBridgeEnvelopeGivesItsObject() {
        assertThat(parser.parse(read("eventbridge-object-created-full.json"))).containsExactly(
                new LakeObject("DOC-EXAMPLE-BUCKET1", "example-key", 5L, "b1946ac92492d2347c6235b4d2611184",
                        Instant.parse("2021-11-12T00:00:00Z")));
    }

    @Test
    void nativeS3PutRecordGivesItsObject() {
        List<LakeObject> objects = parser.parse(read("s3-notification-records-put.json"));
        assertThat(objects).containsExactly(new LakeObject("mybucket", "HappyFace.jpg", 1024L,
                "d41d8cd98f00b204e9800998ecf8427e", Instant.EPOCH));
        assertThat(objects.get(0).isParquetData()).isFalse();
    }

    @Test
    void s3TestEventGivesNoObjects() {
        assertThat(parser.parse(read("s3-test-event.json"))).isEmpty();
    }

    @Test
    void everyFixtureReadsTheSameWhenWrappedBySns() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(sqs)) {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String body = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(parser.parse(Bodies.sns(body))).as(file.getFileName().toString())
                    .isEqualTo(parser.parse(body));
        }
    }

    private String read(String name) {
        try {
            return Files.readString(sqs.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read fixture " + name, e);
        }
    }
}

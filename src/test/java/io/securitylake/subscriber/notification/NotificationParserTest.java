package io.securitylake.subscriber.notification;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.securitylake.subscriber.notification.Bodies.eventBridge;
import static io.securitylake.subscriber.notification.Bodies.eventBridgeWithoutEnvelope;
import static io.securitylake.subscriber.notification.Bodies.records;
import static io.securitylake.subscriber.notification.Bodies.s3Record;
import static io.securitylake.subscriber.notification.Bodies.sns;
import static org.assertj.core.api.Assertions.assertThat;

/** Every accepted notification shape, from bodies written here: no fixture needed. */
class NotificationParserTest {

    private static final String KEY =
            "aws/VPC_FLOW/1.0/region=us-east-1/accountId=123456789012/eventDay=20230614/0a1b2c3d4e5f60718293a4b5c6d7e8f9.gz.parquet";
    private static final String ENCODED_KEY =
            "aws/VPC_FLOW/1.0/region%3Dus-east-1/accountId%3D123456789012/eventDay%3D20230614/0a1b2c3d4e5f60718293a4b5c6d7e8f9.gz.parquet";

    private final NotificationParser parser = new NotificationParser();

    @Test
    void eventBridgeObjectCreatedWithEnvelopeGivesTheObject() {
        assertThat(parser.parse(eventBridge("Object Created", "lake-bucket", KEY))).containsExactly(
                new LakeObject("lake-bucket", KEY, 2048L, "0123abcd", Instant.parse("2024-03-01T10:15:30Z")));
    }

    @Test
    void eventBridgeWithoutEnvelopeGivesTheObject() {
        assertThat(parser.parse(eventBridgeWithoutEnvelope("lake-bucket", KEY))).containsExactly(
                new LakeObject("lake-bucket", KEY, 13176L, "asdfghj567ghwjhhd", Instant.parse("2023-09-16T05:27:07Z")));
    }

    @Test
    void eventBridgeKeyIsKeptLiterallyNotDecoded() {
        String literal = "ext/my src/region=eu-west-1/accountId=123456789012/eventDay=20240301/a+b%3Dc été.parquet";
        LakeObject object = parser.parse(eventBridge("Object Created", "b", literal)).get(0);
        assertThat(object.key()).isEqualTo(literal);
        assertThat(object.partitions().region()).isEqualTo("eu-west-1");
    }

    @Test
    void eventBridgeObjectDeletedIsAcknowledgedWithoutObjects() {
        assertThat(parser.parse(eventBridge("Object Deleted", "lake-bucket", KEY))).isEmpty();
    }

    @Test
    void s3RecordKeyIsUrlDecoded() {
        LakeObject object = parser.parse(records(s3Record("ObjectCreated:Put", "lake-bucket", ENCODED_KEY))).get(0);
        assertThat(object).isEqualTo(new LakeObject("lake-bucket", KEY, 4096L, "d41d8cd98f00b204e9800998ecf8427e",
                Instant.parse("2024-03-01T10:15:30.123Z")));
        assertThat(object.partitions().accountId()).isEqualTo("123456789012");
        assertThat(object.isParquetData()).isTrue();
    }

    @Test
    void s3RecordKeyDecodesPlusSlashAndUnicode() {
        String encoded = "ext/my+source/region%3Dus-east-1/caf%C3%A9%2Fnested/%E2%9C%93+ok.parquet";
        assertThat(parser.parse(records(s3Record("ObjectCreated:Put", "b", encoded))).get(0).key())
                .isEqualTo("ext/my source/region=us-east-1/café/nested/✓ ok.parquet");
    }

    @Test
    void everyCreatedRecordOfAMessageBecomesAnObjectInOrder() {
        List<LakeObject> objects = parser.parse(records(
                s3Record("ObjectCreated:Put", "b1", "aws/a/1.parquet"),
                s3Record("ObjectCreated:CompleteMultipartUpload", "b2", "aws/b/2.parquet"),
                s3Record("ObjectCreated:Copy", "b3", "aws/c/3.parquet")));
        assertThat(objects).extracting(LakeObject::bucket).containsExactly("b1", "b2", "b3");
        assertThat(objects).extracting(LakeObject::key)
                .containsExactly("aws/a/1.parquet", "aws/b/2.parquet", "aws/c/3.parquet");
    }

    @Test
    void recordsOtherThanObjectCreatedAreIgnored() {
        List<LakeObject> objects = parser.parse(records(
                s3Record("ObjectRemoved:Delete", "b", "aws/gone.parquet"),
                s3Record("ObjectCreated:Put", "b", "aws/kept.parquet"),
                s3Record("LifecycleExpiration:Delete", "b", "aws/expired.parquet"),
                s3Record("ObjectRestore:Completed", "b", "aws/restored.parquet")));
        assertThat(objects).extracting(LakeObject::key).containsExactly("aws/kept.parquet");
    }

    @Test
    void emptyRecordsGiveNoObjects() {
        assertThat(parser.parse("{\"Records\":[]}")).isEmpty();
    }

    @Test
    void snsWrappedS3RecordsAreUnwrapped() {
        String inner = records(s3Record("ObjectCreated:Put", "b", ENCODED_KEY), s3Record("ObjectCreated:Put", "b", "x%2By"));
        assertThat(parser.parse(sns(inner))).extracting(LakeObject::key).containsExactly(KEY, "x+y");
    }

    @Test
    void snsWrappedEventBridgeIsUnwrapped() {
        assertThat(parser.parse(sns(eventBridgeWithoutEnvelope("lake-bucket", KEY))))
                .isEqualTo(parser.parse(eventBridgeWithoutEnvelope("lake-bucket", KEY)))
                .hasSize(1);
    }

    @Test
    void snsWrappedObjectDeletedGivesNoObjects() {
        assertThat(parser.parse(sns(eventBridge("Object Deleted", "b", KEY)))).isEmpty();
    }

    @Test
    void s3TestEventGivesNoObjects() {
        assertThat(parser.parse(Bodies.testEvent())).isEmpty();
    }

    @Test
    void snsWrappedS3TestEventGivesNoObjects() {
        assertThat(parser.parse(sns(Bodies.testEvent()))).isEmpty();
    }
}

package io.securitylake.subscriber.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builders of SQS bodies in every notification shape, for tests that must not depend on fixtures. */
final class Bodies {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Bodies() {
    }

    /** EventBridge "Object Created" with the full envelope; the key is written literally. */
    static String eventBridge(String detailType, String bucket, String key) {
        return """
                {"version":"0","id":"17793124-05d4-b198-2fde-7ededc63b103","detail-type":%s,
                 "source":"aws.s3","account":"111122223333","time":"2024-03-01T10:15:30Z",
                 "region":"us-east-1","resources":["arn:aws:s3:::%s"],
                 "detail":{"version":"0","bucket":{"name":%s},
                   "object":{"key":%s,"size":2048,"etag":"0123abcd","sequencer":"617f08299329d189"},
                   "request-id":"N4N7GDK58NMKJ12R","requester":"securitylake.amazonaws.com","reason":"PutObject"}}
                """.formatted(quote(detailType), bucket, quote(bucket), quote(key));
    }

    /** EventBridge as in Security Lake's documented sample: no version, id or detail-type. */
    static String eventBridgeWithoutEnvelope(String bucket, String key) {
        return """
                {"source":"aws.s3","time":"2023-09-16T05:27:07Z","account":"123456789012","region":"us-west-2",
                 "resources":["resource_arn"],
                 "detail":{"bucket":{"name":%s},"object":{"key":%s,"size":13176,"etag":"asdfghj567ghwjhhd"},
                   "request-id":"request-id","requester":"securitylake.amazonaws.com"}}
                """.formatted(quote(bucket), quote(key));
    }

    /** One item of a native S3 notification; the key must already be URL-encoded as S3 does. */
    static String s3Record(String eventName, String bucket, String encodedKey) {
        return """
                {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                 "eventTime":"2024-03-01T10:15:30.123Z","eventName":%s,
                 "s3":{"s3SchemaVersion":"1.0","configurationId":"lake",
                   "bucket":{"name":%s,"arn":"arn:aws:s3:::%s"},
                   "object":{"key":%s,"size":4096,"eTag":"d41d8cd98f00b204e9800998ecf8427e","sequencer":"0055AED6DCD90281E5"}}}
                """.formatted(quote(eventName), quote(bucket), bucket, quote(encodedKey));
    }

    static String records(String... records) {
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    static String testEvent() {
        return """
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2014-10-13T15:57:02.089Z",
                 "Bucket":"bucketname","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4"}
                """;
    }

    /** The envelope SNS puts around a body it delivers to SQS: the body becomes a JSON string. */
    static String sns(String inner) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324");
        envelope.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:lake");
        envelope.put("Subject", "Amazon S3 Notification");
        envelope.put("Message", inner);
        envelope.put("Timestamp", "2024-03-01T10:15:31.000Z");
        return write(envelope);
    }

    static String quote(String text) {
        return write(text);
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.securitylake.subscriber.demo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Notification bodies in the shapes real deployments send: EventBridge, S3 Records[], SNS-wrapped. */
public final class DemoNotifications {

    private DemoNotifications() {
    }

    public static String eventBridge(String bucket, String key, long size) {
        return """
                {"version":"0","id":"demo","detail-type":"Object Created","source":"aws.s3","account":"123456789012",\
                "time":"%s","region":"us-east-1","resources":["arn:aws:s3:::%s"],"detail":{"version":"0",\
                "bucket":{"name":"%s"},"object":{"key":"%s","size":%d,"etag":"demo"},"reason":"PutObject",\
                "requester":"securitylake.amazonaws.com"}}"""
                .formatted(java.time.Instant.now(), bucket, bucket, key, size);
    }

    public static String s3Records(String bucket, String key, long size) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",\
                "eventTime":"%s","eventName":"ObjectCreated:Put","s3":{"s3SchemaVersion":"1.0",\
                "bucket":{"name":"%s"},"object":{"key":"%s","size":%d,"eTag":"demo"}}}]}"""
                .formatted(java.time.Instant.now(), bucket, URLEncoder.encode(key, StandardCharsets.UTF_8), size);
    }

    public static String sns(String inner) {
        String escaped = inner.replace("\\", "\\\\").replace("\"", "\\\"");
        return """
                {"Type":"Notification","MessageId":"demo","TopicArn":"arn:aws:sns:us-east-1:123456789012:lake",\
                "Message":"%s"}""".formatted(escaped);
    }

    /** One of the shapes, chosen at random. */
    public static String any(SplittableRandom random, String bucket, String key, long size) {
        return switch (random.nextInt(4)) {
            case 0 -> s3Records(bucket, key, size);
            case 1 -> sns(eventBridge(bucket, key, size));
            case 2 -> sns(s3Records(bucket, key, size));
            default -> eventBridge(bucket, key, size);
        };
    }
}

package io.securitylake.subscriber.notification;

import java.util.List;

/**
 * Reads every SQS body shape that announces Security Lake objects into {@link LakeObject}s:
 * EventBridge "Object Created" (with or without envelope), S3 {@code Records[]}, either wrapped by SNS.
 * An {@code s3:TestEvent} yields no object.
 */
public class NotificationParser {

    public List<LakeObject> parse(String body) {
        throw new UnsupportedOperationException("TODO");
    }
}

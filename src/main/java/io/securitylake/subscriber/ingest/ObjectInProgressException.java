package io.securitylake.subscriber.ingest;

/**
 * Another reader holds a live lease on the object. Not handled by any route: the message stays on the queue
 * and SQS delivers it again after its visibility timeout, when the object is done (then skipped) or the lease
 * has run out (then taken over).
 */
public class ObjectInProgressException extends RuntimeException {

    ObjectInProgressException(String bucket, String key, String owner) {
        // no stack trace: an expected answer, logged by the consumer as a one-liner
        super("s3://" + bucket + "/" + key + " is being read by " + owner + "; the message is left for redelivery",
                null, false, false);
    }
}

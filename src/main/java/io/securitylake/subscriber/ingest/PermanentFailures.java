package io.securitylake.subscriber.ingest;

import io.securitylake.subscriber.parquet.UnreadableObjectException;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The one list of failures that reading an object again cannot mend: the object is not OCSF Parquet, or S3 no
 * longer has it. Route {@code ingest-object}'s {@code doCatch} ({@link ObjectLedger#failed}) records an object that
 * met one as failed for good (its message may be deleted, and the backfill's outcome says failed); every other
 * failure leaves it to be tried again. A failure counts wherever it sits in the chain of causes, as Camel's own
 * {@code doCatch} matches by type.
 */
public final class PermanentFailures {

    private static final List<Class<? extends Throwable>> PERMANENT =
            List.of(UnreadableObjectException.class, NoSuchKeyException.class);
    /** A chain of causes is short; a longer one loops back on itself. */
    private static final int MAX_DEPTH = 32;

    /** Whether reading the object again would fail the same way. */
    public static boolean permanent(Throwable failure) {
        return permanentCause(failure).isPresent();
    }

    /** The permanent failure in the chain of causes of {@code failure}, if there is one. */
    public static Optional<Throwable> permanentCause(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            Throwable candidate = cause;
            if (PERMANENT.stream().anyMatch(type -> type.isInstance(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private PermanentFailures() {
    }
}

package io.securitylake.subscriber.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.parquet.UnreadableObjectException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutionException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The one list of failures that reading an object again cannot mend, as ingestion and backfill both ask it. */
class PermanentFailuresTest {

    @Test
    void anUnreadableObjectAndAnObjectGoneArePermanent() {
        assertThat(PermanentFailures.permanent(new UnreadableObjectException("truncated", null, "truncated Parquet file", null)))
                .isTrue();
        assertThat(PermanentFailures.permanent(NoSuchKeyException.builder().message("gone").build())).isTrue();
    }

    @Test
    void aPermanentFailureCountsWhereverItSitsInTheChainOfCauses() {
        UnreadableObjectException unreadable = new UnreadableObjectException("bad value");
        Exception wrapped = new RuntimeCamelException(new ExecutionException(unreadable));

        assertThat(PermanentFailures.permanent(wrapped)).isTrue();
        assertThat(PermanentFailures.permanentCause(wrapped)).containsSame(unreadable);
    }

    @Test
    void aServiceNotAnsweringIsNotPermanent() {
        assertThat(PermanentFailures.permanent(new SocketTimeoutException("Read timed out"))).isFalse();
        assertThat(PermanentFailures.permanent(new UncheckedIOException(new IOException("connection reset")))).isFalse();
        assertThat(PermanentFailures.permanent(new IllegalStateException())).isFalse();
        assertThat(PermanentFailures.permanentCause(null)).isEmpty();
    }

    @Test
    void aChainThatLoopsBackOnItselfEnds() {
        IOException first = new IOException("first");
        IllegalStateException second = new IllegalStateException("second", first);
        first.initCause(second);

        assertThat(PermanentFailures.permanent(first)).isFalse();
    }
}

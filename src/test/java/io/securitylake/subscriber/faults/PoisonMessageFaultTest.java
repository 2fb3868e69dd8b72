package io.securitylake.subscriber.faults;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.LakeProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Fault 7: with a redrive policy (maxReceiveCount 3), a message whose object S3 keeps refusing (503) ends in
 * the dead-letter queue; the ledger says why; once S3 answers, an operator moves it back and it is stored.
 */
@SpringBootTest
@DirtiesContext
class PoisonMessageFaultTest {

    @RegisterExtension
    static final FaultStack STACK = new FaultStack("poison", 30, 3);
    private static final Duration WAIT = Duration.ofSeconds(180);

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry registry) {
        STACK.register(registry);
    }

    @TempDir
    Path tmp;

    @Test
    void messageThatKeepsFailingEndsInTheDeadLetterQueueAndIsStoredAfterARedrive() {
        LakeProbe probe = new LakeProbe();
        String key = probe.upload(tmp, DemoSource.SH_FINDINGS, ACME_ACCOUNT, 1500);
        STACK.s3.mode(FaultyProxy.Mode.HTTP_503);
        probe.announce(STACK.queueUrl, key);

        await(WAIT, "the message is in the dead-letter queue", () -> probe.depth(STACK.deadLetterQueueUrl) == 1);
        await(WAIT, "the queue is empty", () -> probe.depth(STACK.queueUrl) == 0);
        assertThat(probe.status(key)).isEqualTo("retrying");
        assertThat(probe.attempts(key)).isEqualTo(3);
        assertThat(probe.error(key)).contains("503");
        assertThat(probe.rows("acme", List.of(key))).isZero();

        STACK.s3.mode(FaultyProxy.Mode.PASS);
        redrive(probe);
        await(WAIT, key + " is done", () -> "done".equals(probe.status(key)));
        await(WAIT, "both queues are empty", () -> probe.depth(STACK.queueUrl) + probe.depth(STACK.deadLetterQueueUrl) == 0);
        Tally tally = Tally.count(probe, "7 poison message (S3 503 on every attempt), redrive maxReceiveCount 3",
                "3 deliveries, then in the DLQ; ledger 'retrying' with the 503; stored after S3 recovered and an operator redrove it",
                "acme", List.of(key), 1500);
        assertThat(tally.lost()).isZero();
        assertThat(tally.duplicated()).isZero();
    }

    /** What an operator does with {@code aws sqs start-message-move-task}: back from the DLQ to the queue. */
    private static void redrive(LakeProbe probe) {
        var sqs = STACK.lake.sqs();
        for (Message m : sqs.receiveMessage(b -> b.queueUrl(STACK.deadLetterQueueUrl).maxNumberOfMessages(10)).messages()) {
            probe.send(STACK.queueUrl, m.body());
            sqs.deleteMessage(b -> b.queueUrl(STACK.deadLetterQueueUrl).receiptHandle(m.receiptHandle()));
        }
    }
}

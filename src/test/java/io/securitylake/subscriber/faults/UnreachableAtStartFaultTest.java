package io.securitylake.subscriber.faults;

import static io.securitylake.subscriber.stack.LakeTestStack.ACME_ACCOUNT;
import static io.securitylake.subscriber.stack.LakeTestStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.securitylake.subscriber.demo.DemoSource;
import io.securitylake.subscriber.stack.LakeProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Fault 9: the service starts with PostgreSQL, SQS and S3 all unreachable, waits not ready, then ingests. */
@SpringBootTest
@DirtiesContext
class UnreachableAtStartFaultTest {

    @RegisterExtension
    static final FaultStack STACK = new FaultStack("unreachable-at-start", 30, 0);
    private static final Duration WAIT = Duration.ofSeconds(120);

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry registry) {
        STACK.postgres.mode(FaultyProxy.Mode.REFUSE);
        STACK.sqs.mode(FaultyProxy.Mode.REFUSE);
        STACK.s3.mode(FaultyProxy.Mode.REFUSE);
        STACK.register(registry);
    }

    @Autowired
    CamelContext camel;
    @Autowired
    HealthIndicator ingest;
    @TempDir
    Path tmp;

    @Test
    void serviceStartsNotReadyAndIngestsOnceEverythingIsReachable() throws Exception {
        LakeProbe probe = new LakeProbe();
        String key = probe.upload(tmp, DemoSource.CLOUD_TRAIL_MGMT, ACME_ACCOUNT, 2000);
        probe.announce(STACK.queueUrl, key);

        await(WAIT, "the start-up task has tried PostgreSQL twice", () -> STACK.postgres.faultedConnections() >= 2);
        assertThat(ingest.health().getStatus()).as("not ready while PostgreSQL is down").isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(camel.getRouteController().getRouteStatus("lake-notifications")).isNotEqualTo(ServiceStatus.Started);
        assertThat(camel.getRouteController().getRouteStatus("intel-poll"))
                .as("the feeds stored in the control database are not read before it is migrated")
                .isNotEqualTo(ServiceStatus.Started);

        STACK.postgres.mode(FaultyProxy.Mode.PASS);
        await(WAIT, "the start-up task starts the route", () -> ingest.health().getStatus().equals(Status.UP));
        assertThat(camel.getRouteController().getRouteStatus("intel-poll")).as("started with ingestion")
                .isEqualTo(ServiceStatus.Started);
        long refusedBefore = STACK.sqs.faultedConnections();
        await(WAIT, "the consumer polls the unreachable SQS again and again",
                () -> STACK.sqs.faultedConnections() >= refusedBefore + 3);
        assertThat(camel.getRouteController().getRouteStatus("lake-notifications"))
                .as("failed polls do not stop the consumer").isEqualTo(ServiceStatus.Started);

        STACK.sqs.mode(FaultyProxy.Mode.PASS);
        await(WAIT, key + " is retrying while S3 is unreachable", () -> "retrying".equals(probe.status(key)));
        STACK.s3.mode(FaultyProxy.Mode.PASS);
        await(WAIT, key + " is done", () -> "done".equals(probe.status(key)));
        await(WAIT, "the queue is empty", () -> probe.depth(STACK.queueUrl) == 0);

        Tally tally = Tally.count(probe, "9 start-up with PostgreSQL, SQS, S3 unreachable",
                "started, not ready (ingest OUT_OF_SERVICE); migrated and consumed once reachable; object retried after S3 came back",
                "acme", List.of(key), 2000);
        assertThat(tally.lost()).isZero();
        assertThat(tally.duplicated()).isZero();
    }
}

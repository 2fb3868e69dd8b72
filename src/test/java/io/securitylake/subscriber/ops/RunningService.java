package io.securitylake.subscriber.ops;

import io.securitylake.subscriber.stack.LakeProbe;
import io.securitylake.subscriber.stack.LakeTestStack;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on the embedded lake with its web server, reading a queue of its own (so that no other test's
 * context takes its messages), with the Prometheus registry that Spring Boot tests leave out by default.
 * The operations tests extending it share one Spring context.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lake.ops.queue-poll-interval=100ms", "management.endpoint.health.show-details=always",
        "lake.operator.username=" + RunningService.OPERATOR, "lake.operator.password=" + RunningService.OPERATOR})
abstract class RunningService {

    static final String QUEUE = "ops-service";
    static final String OPERATOR = "operator";

    @DynamicPropertySource
    static void lake(DynamicPropertyRegistry registry) {
        LakeTestStack.register(registry, QUEUE);
    }

    static void send(String body) {
        new LakeProbe().send(LakeTestStack.queueUrl(QUEUE), body);
    }

    @LocalServerPort
    int port;

    /** As an operator: HTTP Basic with the operator credentials (ignored while /actuator/** is not protected). */
    Actuator actuator() {
        return new Actuator(port, OPERATOR, OPERATOR);
    }

    Actuator anonymous() {
        return new Actuator(port);
    }
}

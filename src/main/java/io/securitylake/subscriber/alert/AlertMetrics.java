package io.securitylake.subscriber.alert;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Alert counters at {@code /actuator/prometheus}, per tenant and destination type ({@code webhook}, {@code sqs}):
 * {@code lake_alerts_sent_total}, {@code lake_alerts_failed_total} (the last attempt failed: the delivery waits
 * for a resend) and {@code lake_alerts_retried_total} (an attempt failed, another follows).
 */
@Component
class AlertMetrics {

    private final MeterRegistry registry;

    AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void sent(String tenant, String type) {
        registry.counter("lake.alerts.sent", "tenant", tenant, "type", type).increment();
    }

    void failed(String tenant, String type) {
        registry.counter("lake.alerts.failed", "tenant", tenant, "type", type).increment();
    }

    void retried(String tenant, String type) {
        registry.counter("lake.alerts.retried", "tenant", tenant, "type", type).increment();
    }
}

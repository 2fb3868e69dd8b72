package io.securitylake.subscriber.ops;

import io.securitylake.subscriber.LakeExchange;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * Times the writes of the {@code store-chunk} route's insert that skips stored events (the COPY step,
 * {@code store.EventCopy}, times its own), without a step in the route: when a send to a {@code sql:} endpoint
 * of an exchange carrying the {@code LakeTenant} header succeeds, its time is a chunk write latency. The
 * events stored are counted by the step after either write ({@code store.TenantBatches#stored}).
 */
@Component
class StoredChunkMetrics extends EventNotifierSupport implements CamelContextConfiguration {

    private final LakeMetrics metrics;

    StoredChunkMetrics(LakeMetrics metrics) {
        this.metrics = metrics;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
    }

    /** Registered once, whether or not Camel's Spring Boot configurer already added this bean as a notifier. */
    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        if (!camelContext.getManagementStrategy().getEventNotifiers().contains(this)) {
            camelContext.getManagementStrategy().addEventNotifier(this);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().startsWith("sql:");
    }

    @Override
    public void notify(CamelEvent event) {
        ExchangeSentEvent sent = (ExchangeSentEvent) event;
        Exchange exchange = sent.getExchange();
        if (exchange.getMessage().getHeader(LakeExchange.TENANT) == null || exchange.isFailed()) {
            return;
        }
        metrics.chunkWritten(sent.getTimeTaken() * 1_000_000L);
    }
}

package io.securitylake.subscriber.ops;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * Counts what the {@code store-chunk} route wrote with its insert that skips stored events (the COPY step,
 * {@code store.EventCopy}, counts its own), without a step in the route: when a send to a {@code sql:}
 * endpoint of an exchange carrying the {@code LakeTenant} header succeeds, its time is the chunk write
 * latency and its rows (named parameters with {@code class_uid}) are the events stored, per tenant and class.
 * Duplicates the database ignored (redelivery) are counted too: the insert does not say which rows were new.
 */
@Component
class StoredChunkMetrics extends EventNotifierSupport implements CamelContextConfiguration {

    static final String TENANT_HEADER = "LakeTenant";

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
        String tenant = exchange.getMessage().getHeader(TENANT_HEADER, String.class);
        if (tenant == null || exchange.isFailed()) {
            return;
        }
        metrics.chunkWritten(sent.getTimeTaken() * 1_000_000L);
        if (exchange.getMessage().getBody() instanceof List<?> rows) {
            Map<Integer, Long> perClass = new HashMap<>();
            for (Object row : rows) {
                Object classUid = row instanceof Map<?, ?> map ? map.get("class_uid") : null;
                perClass.merge(classUid instanceof Number n ? n.intValue() : null, 1L, Long::sum);
            }
            perClass.forEach((classUid, n) -> metrics.eventsStored(tenant, classUid, n));
        }
    }
}

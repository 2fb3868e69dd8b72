package io.securitylake.subscriber.api.predict;

import io.securitylake.subscriber.DaemonThreads;
import io.securitylake.subscriber.api.ApiRequest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Admin: runs route {@code predictions-recompute} now, on a thread of its own (202 at once). At most one request
 * waits while a run is going on: more requests meanwhile ask for nothing that one would not do.
 */
@Component("predictionRecompute")
class PredictionRecompute implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionRecompute.class);

    private final ProducerTemplate producer;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(DaemonThreads.named("lake-predictions"));
    private final AtomicBoolean waiting = new AtomicBoolean();

    PredictionRecompute(ProducerTemplate producer) {
        this.producer = producer;
    }

    public Recompute recompute(Exchange exchange) {
        ApiRequest.of(exchange);
        if (!waiting.compareAndSet(false, true)) {
            return new Recompute(false);
        }
        worker.submit(() -> {
            waiting.set(false);
            try {
                producer.sendBody("direct:predictions-recompute", null);
            } catch (RuntimeException e) {
                LOG.warn("recompute of the predictions failed: {}", String.valueOf(e));
            }
        });
        return new Recompute(true);
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}

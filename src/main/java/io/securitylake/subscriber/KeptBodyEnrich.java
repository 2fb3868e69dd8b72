package io.securitylake.subscriber;

import java.util.function.BiConsumer;

import org.apache.camel.Exchange;

/**
 * The aggregation of an {@code enrich} whose route keeps its own body: one step takes the route's body and the called
 * endpoint's answer, and the route's body stays what it was. The call's failure, or the step's, fails the route's
 * exchange as a step of the route itself would; with the enrich's {@code aggregateOnException: true} the body stays
 * for the route's error handling and the failure is not wrapped as an error of the aggregation.
 */
public final class KeptBodyEnrich {

    private KeptBodyEnrich() {
    }

    public static <K, A> Exchange aggregate(Exchange route, Exchange called, Class<K> keptType, Class<A> answerType,
                                            BiConsumer<K, A> step) {
        if (called.getException() != null) {
            route.setException(called.getException());
            return route;
        }
        try {
            step.accept(route.getMessage().getBody(keptType), called.getMessage().getBody(answerType));
        } catch (RuntimeException e) {
            route.setException(e);
        }
        return route;
    }
}

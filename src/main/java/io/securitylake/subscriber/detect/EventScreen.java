package io.securitylake.subscriber.detect;

import io.securitylake.subscriber.intel.Hit;
import java.util.List;
import java.util.Map;

/**
 * The question the reading thread asks detection about one event of a tenant, in one look-up: whether route detect
 * could raise anything from it, and the indicators in force for the tenant that it matches (which detection then uses
 * as they are). Ingestion depends on this question, not on the {@link Detector} that answers it.
 */
@FunctionalInterface
public interface EventScreen {

    /** Screens one event of the tenant. */
    Screening screen(String tenant, Map<String, Object> event);

    /** The answer: whether detection needs the event, and the indicators it matches. */
    record Screening(boolean needed, List<Hit> intelHits) {

        public static final Screening NOT_NEEDED = new Screening(false, List.of());
    }
}

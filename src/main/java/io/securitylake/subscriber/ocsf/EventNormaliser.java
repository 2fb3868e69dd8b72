package io.securitylake.subscriber.ocsf;

import java.util.Map;

/** Enriches one OCSF event: names from ids, time in epoch milliseconds, a stable id, the {@code _lake} object. */
public class EventNormaliser {

    public EventNormaliser(OcsfCatalog catalog) {
    }

    public NormalisedEvent normalise(Map<String, Object> event, ObjectContext context) {
        throw new UnsupportedOperationException("TODO");
    }
}

package io.securitylake.subscriber.incident;

import io.securitylake.subscriber.SettingsFactory;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Correlation of detections into incidents.
 *
 * @param window how far apart in event time two detections sharing an entity may be and still be one incident;
 *               also how long after its last detection a Resolved incident is reopened by a new one
 * @param minSeverityId detections of a lower severity_id (e.g. 1, Informational: a passed compliance check) join
 *               no incident
 */
@ConfigurationProperties("lake.incidents")
public record IncidentSettings(@DefaultValue("24h") Duration window, @DefaultValue("2") int minSeverityId) {

    /** The defaults but for the settings given, each name (after {@code lake.incidents.}) then its value: for tests. */
    public static IncidentSettings of(Object... nameValues) {
        return SettingsFactory.bind(IncidentSettings.class, nameValues);
    }
}

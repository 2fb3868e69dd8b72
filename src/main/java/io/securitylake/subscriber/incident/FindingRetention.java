package io.securitylake.subscriber.incident;

import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.detect.DetectionTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps each tenant's detections and incidents for {@code lake.tenants.<id>.finding-retention-days} (default 365)
 * after their last activity, apart from the events' own retention: resolved, closed and merged incidents past it
 * go with their keys, notes and history, then the detections of no kept incident. An open incident stays with its
 * detections whatever its age. Runs under the tenant's correlation lock, so no detection joins an incident while it
 * goes. A tenant whose store fails is logged and tried again next time; the others go on.
 */
@Component("findingRetention")
public class FindingRetention {

    private static final Logger LOG = LoggerFactory.getLogger(FindingRetention.class);

    /** What one run removed from a tenant's store. */
    record Expired(int incidents, int detections) {
    }

    private final IncidentTable incidents;
    private final DetectionTable detections;
    private final TenantTransactions transactions;
    private final TenantSettings tenantSettings;
    private final Clock clock;

    @Autowired
    FindingRetention(IncidentTable incidents, DetectionTable detections, TenantTransactions transactions,
                     TenantSettings tenantSettings) {
        this(incidents, detections, transactions, tenantSettings, Clock.systemUTC());
    }

    FindingRetention(IncidentTable incidents, DetectionTable detections, TenantTransactions transactions,
                     TenantSettings tenantSettings, Clock clock) {
        this.incidents = incidents;
        this.detections = detections;
        this.transactions = transactions;
        this.tenantSettings = tenantSettings;
        this.clock = clock;
    }

    public void run() {
        tenantSettings.tenants().forEach((tenant, settings) -> {
            try {
                Expired expired = expire(tenant,
                        clock.instant().minus(Duration.ofDays(settings.findingRetentionDays())));
                if (expired.incidents() + expired.detections() > 0) {
                    LOG.info("tenant {}: {} incidents and {} detections past {} days deleted", tenant,
                            expired.incidents(), expired.detections(), settings.findingRetentionDays());
                }
            } catch (RuntimeException e) {
                LOG.warn("finding retention of tenant {} failed, tried again next time: {}", tenant, e.getMessage());
            }
        });
    }

    Expired expire(String tenant, Instant cutoff) {
        return transactions.inTransaction(tenant, jdbc -> {
            incidents.lockTenant(jdbc, tenant);
            int gone = incidents.deleteEndedBefore(jdbc, cutoff);
            return new Expired(gone, detections.deleteBefore(jdbc, cutoff));
        });
    }
}

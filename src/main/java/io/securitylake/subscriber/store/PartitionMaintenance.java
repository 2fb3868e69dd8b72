package io.securitylake.subscriber.store;

import io.securitylake.subscriber.tenant.TenantSettings;
import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Upkeep of every tenant's daily partitions, run by route {@code partition-maintenance}: makes the partitions of
 * yesterday, today and {@code lake.store.partitions-ahead} days ahead, and removes the days older than the
 * tenant's {@code retention-days} whole: {@code DETACH PARTITION ... CONCURRENTLY} (which lets inserts go on),
 * then {@code DROP TABLE}; then compacts the closed hours' value counts ({@link ValueCompaction}) and sums the
 * closed days' ({@link DailyValueCounts}). A tenant whose
 * upkeep fails does not stop the others.
 */
@Component("partitionMaintenance")
public class PartitionMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionMaintenance.class);
    /** Only names of this shape become SQL: the partitions ensure_event_partitions makes. */
    private static final Pattern PARTITION = Pattern.compile("events_([0-9]{8})");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final TenantStores stores;
    private final TenantSettings tenantSettings;
    private final StoreSettings storeSettings;
    private final Clock clock;
    private final FieldsSeenMemory fieldsSeen;

    @Autowired
    PartitionMaintenance(TenantStores stores, TenantSettings tenantSettings, StoreSettings storeSettings,
                         FieldsSeenMemory fieldsSeen) {
        this(stores, tenantSettings, storeSettings, Clock.systemUTC(), fieldsSeen);
    }

    PartitionMaintenance(TenantStores stores, TenantSettings tenantSettings, StoreSettings storeSettings, Clock clock) {
        this(stores, tenantSettings, storeSettings, clock, new FieldsSeenMemory());
    }

    PartitionMaintenance(TenantStores stores, TenantSettings tenantSettings, StoreSettings storeSettings, Clock clock,
                         FieldsSeenMemory fieldsSeen) {
        this.stores = stores;
        this.tenantSettings = tenantSettings;
        this.storeSettings = storeSettings;
        this.clock = clock;
        this.fieldsSeen = fieldsSeen;
    }

    public void run() {
        for (String tenant : stores.all().keySet()) {
            try {
                maintain(tenant);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("partition upkeep of tenant {} failed, tried again next time: {}", tenant, e.getMessage());
            }
        }
    }

    /** The days of the tenant's events that are dropped: strictly before this one. */
    LocalDate oldestKept(String tenant) {
        return LocalDate.now(clock).minusDays(tenantSettings.tenants().get(tenant).retentionDays());
    }

    void maintain(String tenant) throws SQLException {
        LocalDate today = LocalDate.now(clock);
        LocalDate oldestKept = oldestKept(tenant);
        try (Connection c = stores.dataSource(tenant).getConnection()) {
            EventPartitions.ensure(c, today.minusDays(1).datesUntil(today.plusDays(storeSettings.partitionsAhead() + 1))
                    .filter(d -> !d.isBefore(oldestKept)).toList());
            for (Partition p : partitions(c)) {
                if (p.day().isBefore(oldestKept)) {
                    drop(c, p);
                    fieldsSeen.of(stores.dataSource(tenant)).forgetDay(p.day());
                    LOG.info("tenant {}: dropped the events of {} (retention {} days)", tenant, p.day(),
                            tenantSettings.tenants().get(tenant).retentionDays());
                }
            }
            Instant closedBefore = clock.instant().truncatedTo(ChronoUnit.HOURS);
            int compacted = ValueCompaction.compact(c, closedBefore, storeSettings.valuesKept());
            if (compacted > 0) {
                LOG.debug("tenant {}: compacted the value counts of {} closed hours", tenant, compacted);
            }
            int summed = DailyValueCounts.sum(c, today);
            if (summed > 0) {
                LOG.debug("tenant {}: summed the value counts of {} closed days", tenant, summed);
            }
        }
    }

    private record Partition(String name, LocalDate day, boolean detachPending) {
    }

    private static List<Partition> partitions(Connection c) throws SQLException {
        List<Partition> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT p.relname, i.inhdetachpending FROM pg_inherits i "
                     + "JOIN pg_class p ON p.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass")) {
            while (rs.next()) {
                Matcher m = PARTITION.matcher(rs.getString(1));
                if (m.matches()) {
                    out.add(new Partition(rs.getString(1), LocalDate.parse(m.group(1), DAY), rs.getBoolean(2)));
                }
            }
        }
        return out;
    }

    /**
     * Detaches without blocking inserts (a detach a crash left pending is finished), then drops; then the day's
     * hourly rollups, totals, value counts, their compactions and daily sums go too, so that counts and timelines never count
     * events no longer stored, and the day's fields seen.
     */
    private static void drop(Connection c, Partition p) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE events DETACH PARTITION " + p.name() + (p.detachPending() ? " FINALIZE" : " CONCURRENTLY"));
            s.execute("DROP TABLE " + p.name());
        }
        Timestamp start = Timestamp.from(p.day().atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp end = Timestamp.from(p.day().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        for (String table : List.of("event_rollups", "event_hour_totals", "event_hour_values",
                "event_hour_top_values", "event_hour_compactions")) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE hour >= ? AND hour < ?")) {
                s.setTimestamp(1, start);
                s.setTimestamp(2, end);
                s.executeUpdate();
            }
        }
        DailyValueCounts.dropDay(c, p.day());
        FieldsSeenTable.dropDay(c, p.day());
    }
}

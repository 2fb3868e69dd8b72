package io.securitylake.subscriber.predict;

import io.securitylake.subscriber.LakeExchange;
import io.securitylake.subscriber.tenant.TenantStores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.function.Supplier;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * One recompute at a time across replicas: route {@code predictions-recompute} begins by taking a PostgreSQL
 * session advisory lock on the control database ({@code pg_try_advisory_lock}, on a connection kept for the run
 * in property {@code LakePredictionsLock}) and ends by releasing it. A run that finds the lock taken computes
 * nothing (the other run covers the same hours); a replica that dies mid-run loses its session and the lock.
 */
@Component("predictionRuns")
public class PredictionRuns {

    /** The lock's key: "lake-predictions" as a bigint, fixed so every replica names the same lock. */
    static final long LOCK_KEY = 0x6c616b6570726564L;
    private static final Logger LOG = LoggerFactory.getLogger(PredictionRuns.class);

    private final DataSource control;
    private final Supplier<Collection<String>> tenants;

    @Autowired
    PredictionRuns(DataSource control, TenantStores stores) {
        this(control, () -> stores.all().keySet());
    }

    PredictionRuns(DataSource control, Supplier<Collection<String>> tenants) {
        this.control = control;
        this.tenants = tenants;
    }

    /** Takes the lock; the body becomes the tenants to compute (none when another run holds the lock). */
    public void begin(Exchange exchange) throws SQLException {
        Connection c = control.getConnection();
        boolean locked = false;
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            s.setLong(1, LOCK_KEY);
            try (ResultSet rs = s.executeQuery()) {
                locked = rs.next() && rs.getBoolean(1);
            }
        } finally {
            if (!locked) {
                c.close();
            }
        }
        if (locked) {
            exchange.setProperty(LakeExchange.PREDICTIONS_LOCK, c);
            exchange.getMessage().setBody(new ArrayList<>(tenants.get()));
        } else {
            LOG.info("predictions: another run holds the lock, this one computes nothing");
            exchange.getMessage().setBody(List.of());
        }
    }

    /** Releases the lock, if this run took it. */
    public void end(Exchange exchange) throws SQLException {
        Connection c = exchange.getProperty(LakeExchange.PREDICTIONS_LOCK, Connection.class);
        if (c == null) {
            return;
        }
        exchange.removeProperty(LakeExchange.PREDICTIONS_LOCK);
        try (c; PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            s.setLong(1, LOCK_KEY);
            s.execute();
        }
    }
}

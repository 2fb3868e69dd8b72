package io.securitylake.subscriber.predict;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * One recompute at a time across replicas: route {@code predictions-recompute} begins by taking a PostgreSQL
 * session advisory lock on the control database ({@code pg_try_advisory_lock}, on a connection kept for the run
 * in its body, a {@link PredictionRun}) and ends by releasing it. A run that finds the lock taken computes
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

    /** Takes the lock: the run, with the tenants to compute (none when another run holds the lock). */
    public PredictionRun begin() throws SQLException {
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
            return new PredictionRun(c, new ArrayList<>(tenants.get()));
        }
        LOG.info("predictions: another run holds the lock, this one computes nothing");
        return new PredictionRun(null, List.of());
    }

    /** Releases the lock, if this run took it; gives the tenants the run computed (the route's result). */
    public List<String> end(PredictionRun run) throws SQLException {
        Connection c = run.lock();
        if (c != null) {
            try (c; PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                s.setLong(1, LOCK_KEY);
                s.execute();
            }
        }
        return run.tenants();
    }
}

package io.securitylake.subscriber.predict;

import java.sql.Connection;
import java.util.List;

/**
 * One run of route {@code predictions-recompute}, its body while it runs: the tenants it computes, and the
 * control-database session holding the lock (null, with no tenants, when another run holds it).
 *
 * @param lock    the session holding {@code pg_advisory_lock}, released by {@code predictionRuns.end}; null if not taken
 * @param tenants the tenants to compute; empty when the lock was not taken
 */
public record PredictionRun(Connection lock, List<String> tenants) {
}

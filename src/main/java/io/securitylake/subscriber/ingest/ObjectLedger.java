package io.securitylake.subscriber.ingest;

import io.securitylake.subscriber.ingest.IngestPlan.Action;
import io.securitylake.subscriber.notification.LakeKey;
import io.securitylake.subscriber.notification.LakeObject;
import io.securitylake.subscriber.ocsf.ObjectContext;
import io.securitylake.subscriber.ops.LakeMetrics;
import io.securitylake.subscriber.parquet.UnreadableObjectException;
import io.securitylake.subscriber.tenant.TenantDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The ledger in the control database: one row per announced object. It decides whether an object is read
 * (never again once done), and records how each ended: done, skipped, unassigned, failed, or retrying.
 * An object being read carries a lease (this process as owner, an expiry renewed while it reads): a second
 * reader that meets a live lease refuses the object ({@link ObjectInProgressException}) instead of reading it
 * at the same time; a lease that has run out, because its owner died, is taken over. Times are the database's,
 * so replicas need no common clock.
 */
@Component("objectLedger")
public class ObjectLedger {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectLedger.class);

    private final LedgerTable table;
    private final TenantDirectory directory;
    private final LakeMetrics metrics;
    private final String owner;
    private final Duration lease;
    /** Objects this process reads now: renewed by {@link #renewLeases()}, refused to a second consumer. */
    private final Set<ObjectId> held = ConcurrentHashMap.newKeySet();

    private record ObjectId(String bucket, String key) {
    }

    /** The lease lasts as long as a received message stays invisible: when it runs out, the message is back. */
    @Autowired
    ObjectLedger(LedgerTable table, TenantDirectory directory, LakeMetrics metrics, IngestSettings ingest) {
        this(table, directory, metrics, ownerName(), Duration.ofSeconds(ingest.visibilityTimeout()));
    }

    ObjectLedger(LedgerTable table, TenantDirectory directory, LakeMetrics metrics, String owner, Duration lease) {
        this.table = table;
        this.directory = directory;
        this.metrics = metrics;
        this.owner = owner;
        this.lease = lease;
    }

    /**
     * Decides what to do with an object and, when it is to be read, marks it processing. Gives the object in flight,
     * the body of route {@code ingest-object} from here on, with the tenant its key's account resolves to.
     */
    public ObjectInFlight begin(LakeObject object) {
        LakeKey key = object.partitions();
        IngestPlan plan;
        if (!object.isParquetData()) {
            table.record(object, key, null, "skipped", "not a Parquet data object");
            plan = new IngestPlan(Action.SKIP, object, null);
        } else {
            Optional<String> tenant = directory.tenantOf(key.accountId());
            if (key.accountId() != null && tenant.isEmpty()) {
                table.record(object, key, null, "unassigned", "no tenant claims account " + key.accountId());
                plan = new IngestPlan(Action.UNASSIGNED, object, null);
            } else {
                plan = claim(object, key, tenant.orElse(null));
            }
        }
        if (plan.ingest()) {
            return new ObjectInFlight(plan, new ObjectContext(plan.tenant(), object.bucket(), object.key(), key, Instant.now()),
                    directory::tenantOf);
        }
        LOG.info("object {} tenant={} key={} rows=0 ms=0", plan.action().name().toLowerCase(), plan.tenant(), object.key());
        metrics.objectEnded(plan.action().name().toLowerCase(), plan.tenant());
        return ObjectInFlight.notRead(plan);
    }

    private IngestPlan claim(LakeObject object, LakeKey key, String tenant) {
        ObjectId id = new ObjectId(object.bucket(), object.key());
        if (!held.add(id)) {
            throw new ObjectInProgressException(object.bucket(), object.key(), owner + " (another consumer)");
        }
        try {
            if (table.claim(object, key, tenant, owner, lease)) {
                return new IngestPlan(Action.INGEST, object, tenant);
            }
            held.remove(id);
            LedgerTable.Holder holder = table.holder(object);
            if (holder.finished()) {
                return new IngestPlan(Action.DONE, object, tenant);
            }
            throw new ObjectInProgressException(object.bucket(), object.key(), holder.leaseOwner());
        } catch (RuntimeException e) {
            held.remove(id);
            throw e;
        }
    }

    /** Extends the lease of every object this process reads; run well within the lease (see LeaseRenewer). */
    public void renewLeases() {
        for (ObjectId id : held) {
            if (!table.renewLease(id.bucket(), id.key(), owner, lease) && held.contains(id)) {
                LOG.warn("lease of s3://{}/{} lost: it ran out and another reader took the object", id.bucket(), id.key());
            }
        }
    }

    /** Ends this process's lease on the object, however its reading ended (the route's finally step). */
    public void release(ObjectInFlight object) {
        IngestPlan plan = object.plan();
        if (!plan.ingest()) {
            return;
        }
        ObjectId id = new ObjectId(plan.object().bucket(), plan.object().key());
        held.remove(id);
        try {
            table.releaseLease(id.bucket(), id.key(), owner);
        } catch (RuntimeException ledgerDown) {
            // the lease then runs out by itself
            LOG.warn("could not release the lease of {}: {}", id.key(), ledgerDown.getMessage());
        }
    }

    Duration leaseDuration() {
        return lease;
    }


    /** The ledger decided not to read the object ({@link #begin} recorded why): the route's outcome says so. */
    public IngestOutcome notRead(ObjectInFlight object) {
        return IngestOutcome.notRead(object.plan());
    }

    /**
     * Every event is stored (or, where the key named no account, stored or counted as unassigned): the object's
     * outcome is recorded in it, which stays the body until the route's finally steps have run.
     */
    public ObjectInFlight finish(ObjectInFlight object) {
        IngestProgress progress = object.progress();
        String status = progress.rowsUnassigned() > 0 ? "unassigned" : "done";
        end(object, status, null);
        return object.ended(new IngestOutcome(object.plan(), status, progress.rowsStored(), null));
    }

    /**
     * The route's {@code doCatch}: a failure that reading again cannot mend ({@link PermanentFailures}) ends the object
     * as failed ({@link #fail}); any other is recorded and rethrown ({@link #retryLater}). The caught failure is
     * Camel's own exchange property.
     */
    public ObjectInFlight failed(ObjectInFlight object, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause)
            throws Exception {
        if (PermanentFailures.permanent(cause)) {
            return fail(object, cause);
        }
        retryLater(object, cause);
        throw new IllegalStateException("retryLater returned"); // never: it rethrows
    }

    /**
     * A failure reading again cannot mend ({@link PermanentFailures}: corrupt object, object gone): recorded, and the
     * message may be deleted.
     */
    ObjectInFlight fail(ObjectInFlight object, Throwable cause) {
        Throwable permanent = PermanentFailures.permanentCause(cause).orElse(cause);
        String reason = permanent instanceof UnreadableObjectException u ? u.reason() : "object-gone";
        String column = permanent instanceof UnreadableObjectException u ? u.column() : null;
        IngestPlan plan = object.plan();
        String key = "s3://" + plan.object().bucket() + "/" + plan.object().key();
        // the reader names the spool file it read; the operator knows the object by its S3 key
        Path spool = object.spoolFile();
        String error = describe(cause);
        if (spool != null) {
            error = error.replace(spool.getFileName().toString(), key);
        }
        LOG.warn("object refused key={} reason={}{}: {}", key, reason, column == null ? "" : " column=" + column, error);
        metrics.objectRefused(plan.tenant(), reason);
        end(object, "failed", error, reason, column);
        return object.ended(new IngestOutcome(plan, "failed", object.progress().rowsStored(), error));
    }

    /** A transient failure: recorded for the operator, then rethrown so that SQS delivers the message again. */
    void retryLater(ObjectInFlight object, Exception cause) throws Exception {
        try {
            end(object, "retrying", describe(cause));
        } catch (RuntimeException ledgerDown) {
            LOG.warn("could not record the retry of {}: {}", object.object().key(), ledgerDown.getMessage());
        }
        throw cause;
    }

    private void end(ObjectInFlight object, String status, String error) {
        end(object, status, error, null, null);
    }

    private void end(ObjectInFlight object, String status, String error, String refusedReason, String refusedColumn) {
        IngestPlan plan = object.plan();
        IngestProgress progress = object.progress();
        table.end(plan.object(), status, progress, error, refusedReason, refusedColumn);
        held.remove(new ObjectId(plan.object().bucket(), plan.object().key())); // its lease ended with it
        boolean allExpired = progress.rowsExpired() > 0 && progress.rowsStored() == 0 && progress.rowsDuplicate() == 0
                && progress.rowsUnassigned() == 0 && refusedReason == null;
        LOG.info("object {} tenant={} key={} rows={} ms={}{}{}{}{}", status, plan.tenant(), plan.object().key(),
                progress.rowsStored(), progress.elapsedMillis(),
                progress.rowsDuplicate() == 0 ? "" : " duplicates=" + progress.rowsDuplicate(),
                progress.rowsExpired() == 0 ? "" : " expired=" + progress.rowsExpired(),
                allExpired ? " (every event is older than the tenant's retention: nothing stored)" : "",
                error == null ? "" : " error=" + error);
        metrics.objectEnded(status, plan.tenant(), progress.bytesRead(), plan.object().notifiedAt());
        Map<String, Long> kept = progress.keptAsWritten();
        if (!kept.isEmpty()) {
            LOG.warn("object {} key={}: values not of their attribute's OCSF type, kept as written: {}", status,
                    plan.object().key(), kept);
            kept.forEach((attribute, n) -> metrics.valuesKeptAsWritten(plan.tenant(), attribute, n));
        }
    }

    private static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        String message = error.getMessage() == null ? "" : ": " + error.getMessage();
        String text = error.getClass().getSimpleName() + message;
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }

    private static String ownerName() {
        // the host name is the pod's in Kubernetes; the random part tells a restarted process from its predecessor
        return System.getenv().getOrDefault("HOSTNAME", "localhost") + "/" + ProcessHandle.current().pid() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}

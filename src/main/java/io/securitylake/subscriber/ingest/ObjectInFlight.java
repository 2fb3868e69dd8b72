package io.securitylake.subscriber.ingest;

import io.securitylake.subscriber.notification.LakeObject;
import io.securitylake.subscriber.ocsf.ObjectContext;
import io.securitylake.subscriber.parquet.SpooledFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One announced object on its way through route {@code ingest-object}, the route's body from {@code objectLedger.begin}
 * to its end: what the ledger decided, the object's context, its tenants, the counts of its reading, its spooled
 * file once {@code objectSpool} has written it, and how its reading ended once the ledger recorded that.
 * <p>
 * The tenant is looked up once per object: the ledger resolves the account its key names; where the key names none,
 * each account its events name is looked up once for the whole object ({@link #tenantOf}). Not a record: it changes
 * as the object is read, and Camel's simple language would hash a record's every field on each look-up.
 */
public final class ObjectInFlight {

    private final IngestPlan plan;
    private final ObjectContext context;
    private final IngestProgress progress;
    private final Function<String, Optional<String>> tenantLookup;
    /** Filled by the object's one reading thread (ReadAhead reads a file on one thread). */
    private final Map<String, Optional<String>> tenantsByAccount = new HashMap<>();
    private volatile Path spoolFile;
    private volatile SpooledFile spooled;
    private volatile IngestOutcome outcome;

    /**
     * @param plan         what the ledger decided
     * @param context      the object's tenant (null where its key names no account), bucket, key and partitions;
     *                     null for an object not read
     * @param tenantLookup the tenant of an account, for the events of an object whose key names none
     */
    public ObjectInFlight(IngestPlan plan, ObjectContext context, Function<String, Optional<String>> tenantLookup) {
        this.plan = plan;
        this.context = context;
        this.progress = plan.ingest() ? new IngestProgress() : null;
        this.tenantLookup = tenantLookup;
    }

    /** An object the ledger decided not to read. */
    static ObjectInFlight notRead(IngestPlan plan) {
        return new ObjectInFlight(plan, null, account -> Optional.empty());
    }

    public IngestPlan plan() {
        return plan;
    }

    /** True when the object is to be read (route {@code ingest-object} branches on it). */
    public boolean ingest() {
        return plan.ingest();
    }

    public LakeObject object() {
        return plan.object();
    }

    /** The object's tenant; null where its key names no account (then each event's account says). */
    public String tenant() {
        return plan.tenant();
    }

    public ObjectContext context() {
        return context;
    }

    /** The counts of the object's reading; null for an object not read. */
    public IngestProgress progress() {
        return progress;
    }

    /** The tenant of an event of this object: the object's, or else its account's, looked up once per account. */
    Optional<String> tenantOf(String account) {
        if (plan.tenant() != null) {
            return Optional.of(plan.tenant());
        }
        return tenantsByAccount.computeIfAbsent(account, tenantLookup);
    }

    /** The temporary file the object is spooled to (set before it is written, so that a failed write is removed too). */
    public Path spoolFile() {
        return spoolFile;
    }

    void spoolFile(Path file) {
        this.spoolFile = file;
    }

    /** The spooled object as the reader opens it; null until spooled. */
    public SpooledFile spooled() {
        return spooled;
    }

    void spooled(SpooledFile file) {
        this.spooled = file;
    }

    /** How the reading ended, once the ledger recorded it (finish or a permanent failure); null before. */
    public IngestOutcome outcome() {
        return outcome;
    }

    ObjectInFlight ended(IngestOutcome outcome) {
        this.outcome = outcome;
        return this;
    }

    @Override
    public String toString() {
        return "ObjectInFlight[" + plan.action() + " s3://" + plan.object().bucket() + "/" + plan.object().key() + "]";
    }
}

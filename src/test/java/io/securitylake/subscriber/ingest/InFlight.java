package io.securitylake.subscriber.ingest;

import io.securitylake.subscriber.notification.LakeKey;
import io.securitylake.subscriber.notification.LakeObject;
import io.securitylake.subscriber.ocsf.ObjectContext;
import io.securitylake.subscriber.stack.LakeTestStack;
import io.securitylake.subscriber.tenant.TenantDirectory;
import java.time.Instant;
import java.util.Optional;

/** Objects in flight as the ledger gives them, for the tests of the steps after it, without a ledger. */
final class InFlight {

    private InFlight() {
    }

    /** An object of tenant acme to be read. */
    static ObjectInFlight toRead() {
        return toRead("acme", "aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=" + LakeTestStack.ACME_ACCOUNT
                + "/eventDay=20261128/a.parquet", null);
    }

    /**
     * An object to be read: of the tenant given, or, with tenant null, of the tenants its events' accounts resolve to
     * in the directory given.
     */
    static ObjectInFlight toRead(String tenant, String key, TenantDirectory directory) {
        LakeObject object = new LakeObject(LakeTestStack.BUCKET, key, 1L, null, null);
        ObjectContext context = new ObjectContext(tenant, object.bucket(), key, LakeKey.parse(key), Instant.now());
        return new ObjectInFlight(new IngestPlan(IngestPlan.Action.INGEST, object, tenant), context,
                directory == null ? account -> Optional.empty() : directory::tenantOf);
    }
}

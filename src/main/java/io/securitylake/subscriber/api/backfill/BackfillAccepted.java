package io.securitylake.subscriber.api.backfill;

import io.securitylake.subscriber.api.ApiReplies;

/** A backfill accepted (202): follow it at {@code GET /api/v1/admin/backfill/{uid}}. */
record BackfillAccepted(String uid) implements ApiReplies.Accepted {

    @Override
    public int httpStatus() {
        return 202;
    }
}

package io.securitylake.subscriber.api.admin;

import io.securitylake.subscriber.api.ApiReplies;

/** A replay accepted (202): the account, its tenant, and how many unassigned objects were queued. */
record Replay(String account, String tenant, long queued) implements ApiReplies.Accepted {

    @Override
    public int httpStatus() {
        return 202;
    }
}

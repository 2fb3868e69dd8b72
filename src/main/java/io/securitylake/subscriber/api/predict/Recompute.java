package io.securitylake.subscriber.api.predict;

import io.securitylake.subscriber.api.ApiReplies;

/** A recompute accepted (202); {@code queued} is false when a requested run was already waiting to start. */
record Recompute(boolean queued) implements ApiReplies.Accepted {

    @Override
    public int httpStatus() {
        return 202;
    }
}

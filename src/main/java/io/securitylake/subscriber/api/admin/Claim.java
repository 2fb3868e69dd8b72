package io.securitylake.subscriber.api.admin;

import io.securitylake.subscriber.api.ApiReplies;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The result of claiming an account: 201 when the claim is new, 200 when it already held; and how many of the
 * account's objects wait as unassigned (replay them with {@code POST /api/v1/admin/replay?account=}).
 */
record Claim(String account, String tenant, @JsonProperty("created") boolean created,
             @JsonProperty("unassigned_objects") long unassignedObjects) implements ApiReplies.Accepted {

    @Override
    public int httpStatus() {
        return created ? 201 : 200;
    }
}

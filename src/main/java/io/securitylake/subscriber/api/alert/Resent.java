package io.securitylake.subscriber.api.alert;

import io.securitylake.subscriber.api.ApiReplies;

/** A failed delivery accepted for sending again (202): its uid and new status. */
record Resent(String uid, String status) implements ApiReplies.Accepted {

    @Override
    public int httpStatus() {
        return 202;
    }
}

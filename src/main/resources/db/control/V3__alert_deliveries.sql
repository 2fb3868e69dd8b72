-- One row per incident change and alert destination: what was (or is to be) sent where, and how it went. The
-- unique key makes a redelivered or replayed change a no-op, so one destination never gets it twice; a failed
-- row keeps its body so that an operator can resend it. Only alert.AlertDeliveryTable writes SQL against it.
CREATE TABLE alert_deliveries (
    -- derived from tenant, incident uid, version and destination: the same on every replica and every replay;
    -- also sent to the receiver (X-Lake-Delivery, the body's "delivery") so that it can drop a repeat
    uid              text PRIMARY KEY,
    tenant           text        NOT NULL,
    incident_uid     text        NOT NULL,
    version          bigint      NOT NULL,
    change           text        NOT NULL,
    destination      text        NOT NULL,
    destination_type text        NOT NULL CHECK (destination_type IN ('webhook', 'sqs')),
    status           text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0,
    last_error       text,
    body             text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    next_attempt_at  timestamptz,
    last_attempt_at  timestamptz,
    delivered_at     timestamptz,
    failed_at        timestamptz,
    resends          integer     NOT NULL DEFAULT 0,
    -- the process sending it now, and until when; a lease that ran out (a crash) is taken over by the sweep
    lease_owner      text,
    lease_until      timestamptz,
    UNIQUE (tenant, incident_uid, version, destination)
);

-- the sweep: pending deliveries whose next attempt is due
CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'pending';
-- the operator's list of failed deliveries, newest first
CREATE INDEX alert_deliveries_failed ON alert_deliveries (failed_at DESC, uid DESC) WHERE status = 'failed';

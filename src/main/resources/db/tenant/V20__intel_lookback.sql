-- Threat intelligence back in time: the indicators to match against the tenant's stored events, each once. A feed's
-- read that brings an indicator queues it here (ON CONFLICT DO NOTHING: a restart, or another replica reading the
-- same feed, queues nothing twice). A pass takes the pending indicators (pass_id), scans the events of its window
-- chunk by chunk in (event_time, event_uid) order, keeping where it is in intel_lookback_passes, and marks its
-- indicators done when the scan ends.
CREATE TABLE intel_lookback_indicators (
    indicator_key text        PRIMARY KEY,
    feed          text        NOT NULL,
    severity      integer,
    indicator     jsonb       NOT NULL,
    queued_at     timestamptz NOT NULL DEFAULT now(),
    pass_id       bigint,
    done_at       timestamptz
);
CREATE INDEX intel_lookback_pending ON intel_lookback_indicators (queued_at) WHERE pass_id IS NULL;
CREATE INDEX intel_lookback_of_pass ON intel_lookback_indicators (pass_id) WHERE done_at IS NULL;

CREATE TABLE intel_lookback_passes (
    pass_id     bigserial   PRIMARY KEY,
    window_from timestamptz NOT NULL,
    window_to   timestamptz NOT NULL,
    cursor_time timestamptz,
    cursor_uid  text,
    indicators  integer     NOT NULL,
    scanned     bigint      NOT NULL DEFAULT 0,
    matched     bigint      NOT NULL DEFAULT 0,
    started_at  timestamptz NOT NULL DEFAULT now(),
    ended_at    timestamptz
);
CREATE INDEX intel_lookback_open ON intel_lookback_passes (pass_id) WHERE ended_at IS NULL;

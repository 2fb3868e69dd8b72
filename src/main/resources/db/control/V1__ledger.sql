-- The ledger: one row per announced S3 object, and what became of it.
CREATE TABLE lake_objects (
    bucket          text        NOT NULL,
    object_key      text        NOT NULL,
    size            bigint,
    etag            text,
    tenant          text,
    account         text,
    source          text,
    status          text        NOT NULL CHECK (status IN ('processing', 'retrying', 'done', 'skipped', 'unassigned', 'failed')),
    rows_stored     bigint      NOT NULL DEFAULT 0,
    rows_unassigned bigint      NOT NULL DEFAULT 0,
    bytes_read      bigint,
    error           text,
    attempts        integer     NOT NULL DEFAULT 0,
    notified_at     timestamptz,
    first_seen_at   timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    duration_ms     bigint,
    PRIMARY KEY (bucket, object_key)
);
CREATE INDEX lake_objects_tenant_status ON lake_objects (tenant, status, first_seen_at);
CREATE INDEX lake_objects_unassigned ON lake_objects (account) WHERE status = 'unassigned';

-- Accounts claimed for a tenant at run time (beside the accounts in configuration).
CREATE TABLE lake_account_claims (
    account    text        PRIMARY KEY,
    tenant     text        NOT NULL,
    claimed_at timestamptz NOT NULL DEFAULT now()
);

-- Message bodies that announce nothing readable: kept for an operator, never retried.
CREATE TABLE lake_rejected_messages (
    id          bigserial   PRIMARY KEY,
    message_id  text,
    received_at timestamptz NOT NULL DEFAULT now(),
    error       text        NOT NULL,
    body        text        NOT NULL
);

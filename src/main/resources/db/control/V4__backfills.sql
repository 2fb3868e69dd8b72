-- Backfills: reading what the lake already holds for a range of event days. One row per request; its objects
-- are listed into lake_backfill_objects, then claimed and read by any replica, each object once, so a restart
-- resumes where the last process stopped.
CREATE TABLE lake_backfills (
    uid           text        PRIMARY KEY,
    status        text        NOT NULL CHECK (status IN ('listing', 'running', 'done', 'cancelled', 'failed')),
    bucket        text        NOT NULL,
    tenant        text,
    accounts      text[]      NOT NULL,
    source        text,
    region        text,
    from_day      date        NOT NULL,
    to_day        date        NOT NULL,
    error         text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    listed_at     timestamptz,
    finished_at   timestamptz,
    -- the replica that lists the partitions now, and until when (renewed page by page)
    lister        text,
    lister_until  timestamptz
);
CREATE INDEX lake_backfills_active ON lake_backfills (created_at) WHERE status IN ('listing', 'running');

-- The objects a backfill listed, and what became of each: pending (to read, not before not_before), claimed (a
-- replica reads it, until claimed_until), stored (read now), already (stored before), skipped (not data, or no
-- tenant's), failed, cancelled.
CREATE TABLE lake_backfill_objects (
    backfill_uid  text        NOT NULL REFERENCES lake_backfills (uid) ON DELETE CASCADE,
    object_key    text        NOT NULL,
    size          bigint,
    state         text        NOT NULL DEFAULT 'pending'
                              CHECK (state IN ('pending', 'claimed', 'stored', 'already', 'skipped', 'failed', 'cancelled')),
    not_before    timestamptz NOT NULL DEFAULT now(),
    claimed_by    text,
    claimed_until timestamptz,
    attempts      integer     NOT NULL DEFAULT 0,
    events_stored bigint      NOT NULL DEFAULT 0,
    error         text,
    finished_at   timestamptz,
    PRIMARY KEY (backfill_uid, object_key)
);
CREATE INDEX lake_backfill_objects_open ON lake_backfill_objects (backfill_uid, not_before)
    WHERE state IN ('pending', 'claimed');

-- One tenant's exceptions: Sigma filters (the `filter:` rule kind) kept as the YAML they are exported as, with who
-- made them, why, until when, and the version an edit must name (If-Match); `request` keeps the rules and selection
-- of an exception made from them (null for one given as Sigma). Exceptions from files are not here.
CREATE TABLE rule_exceptions (
    uid        text        NOT NULL PRIMARY KEY,
    sigma      text        NOT NULL,
    request    jsonb,
    reason     text        NOT NULL,
    author     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    version    bigint      NOT NULL DEFAULT 1
);

-- What each exception excepted: one row per rule and event, so a replayed object counts nothing twice; `time` is the
-- event's, `excepted_at` when it was first excepted.
CREATE TABLE exception_hits (
    exception_uid text        NOT NULL,
    rule_uid      text        NOT NULL,
    event_uid     text        NOT NULL,
    time          timestamptz NOT NULL,
    excepted_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (exception_uid, rule_uid, event_uid)
);
CREATE INDEX exception_hits_rule_excepted ON exception_hits (rule_uid, excepted_at);

-- Every change of the tenant's tuning (exceptions, rule settings): who, when, what, before and after.
CREATE TABLE tuning_audit (
    id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time   timestamptz NOT NULL DEFAULT now(),
    actor  text        NOT NULL,
    action text        NOT NULL,
    target text        NOT NULL,
    before jsonb,
    after  jsonb
);

-- An incident's verdict, as OCSF Incident Finding's verdict_id (0 unknown, 1 false positive, 2 true positive, ...).
ALTER TABLE incidents ADD COLUMN verdict_id integer;

-- One tenant's detections: a finding that arrived from the lake (rule_uid 'lake-finding', one row per finding,
-- updated by later events of the same finding) or a rule's match on a stored event. The uid is derived from the
-- rule and the finding or event that raised it, so storing a detection again is a no-op (or, for a finding, an
-- update when newer). The API's body is `detection` with the columns laid over it; the columns are the truth.
CREATE TABLE detections (
    uid          text        NOT NULL PRIMARY KEY,
    time         timestamptz NOT NULL,
    severity_id  integer     NOT NULL,
    rule_uid     text        NOT NULL,
    rule_title   text        NOT NULL,
    event_uids   text[]      NOT NULL,
    entities     jsonb       NOT NULL,
    incident_uid text,
    attacks      text[]      NOT NULL DEFAULT '{}',
    first_seen   timestamptz NOT NULL,
    last_seen    timestamptz NOT NULL,
    status       text,
    detected_at  timestamptz NOT NULL DEFAULT now(),
    detection    jsonb       NOT NULL
);
CREATE INDEX detections_time ON detections (time DESC, uid DESC);
CREATE INDEX detections_rule_time ON detections (rule_uid, time DESC, uid DESC);

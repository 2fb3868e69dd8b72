-- One tenant's incidents: detections that share an entity (a user, a host, an address, or a resource of an
-- account) within the correlation window, kept as one OCSF Incident Finding with its analyst workflow. The uid
-- is derived from the first detection that opened it, so a replay cannot open a second one. A merged incident
-- stays (its uid keeps answering) with merged_into naming the incident that absorbed it.
CREATE TABLE incidents (
    uid             text        NOT NULL PRIMARY KEY,
    status_id       integer     NOT NULL DEFAULT 1,
    severity_id     integer     NOT NULL,
    priority_id     integer     NOT NULL DEFAULT 0,
    assignee        text,
    version         bigint      NOT NULL DEFAULT 1,
    start_time      timestamptz NOT NULL,
    end_time        timestamptz NOT NULL,
    detection_count integer     NOT NULL DEFAULT 0,
    entities        jsonb       NOT NULL DEFAULT '[]',
    attacks         text[]      NOT NULL DEFAULT '{}',
    title           text        NOT NULL,
    merged_into     text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    modified_at     timestamptz NOT NULL DEFAULT now()
);
-- the listing: most recently active first, merged ones left out
CREATE INDEX incidents_active ON incidents (end_time DESC, uid DESC) WHERE merged_into IS NULL;

-- The correlation keys of each incident: user, host, ip, and resource (as account/resource).
CREATE TABLE incident_entities (
    type         text NOT NULL,
    value        text NOT NULL,
    incident_uid text NOT NULL REFERENCES incidents (uid),
    PRIMARY KEY (type, value, incident_uid)
);
CREATE INDEX incident_entities_incident ON incident_entities (incident_uid);

-- What analysts wrote about an incident.
CREATE TABLE incident_notes (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_uid text        NOT NULL REFERENCES incidents (uid),
    author       text        NOT NULL,
    time         timestamptz NOT NULL DEFAULT now(),
    text         text        NOT NULL
);
CREATE INDEX incident_notes_incident ON incident_notes (incident_uid, id);

-- Every change of an incident: who (an API caller, or 'correlation'), when, what, from and to, at which version.
CREATE TABLE incident_history (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_uid text        NOT NULL REFERENCES incidents (uid),
    version      bigint      NOT NULL,
    actor        text        NOT NULL,
    time         timestamptz NOT NULL DEFAULT now(),
    field        text        NOT NULL,
    from_value   text,
    to_value     text
);
CREATE INDEX incident_history_incident ON incident_history (incident_uid, id);

-- an incident's detections, for its body
CREATE INDEX detections_incident ON detections (incident_uid) WHERE incident_uid IS NOT NULL;

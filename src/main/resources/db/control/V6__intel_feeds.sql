-- Threat-intelligence feeds added through the admin API (those of the settings are not here). Every replica reads
-- this table at each tick of route intel-poll: a feed added or deleted takes effect at the next poll. No secrets:
-- a feed that needs credentials is configured in the settings.
CREATE TABLE lake_intel_feeds (
    name          text        PRIMARY KEY,
    format        text        NOT NULL CHECK (format IN ('stix', 'taxii', 'list', 'csv')),
    url           text        NOT NULL,
    collection    text,
    type          text,
    column_name   text,
    tenant        text,
    interval_ms   bigint      NOT NULL,
    confidence    integer     NOT NULL,
    severity      integer,
    created_at    timestamptz NOT NULL DEFAULT now()
);

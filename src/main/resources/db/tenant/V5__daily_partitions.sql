-- Events in daily partitions (UTC days), so that retention drops whole days instead of deleting rows, and a
-- query of a time range reads only its days. The unique key of a partitioned table must hold the partition key:
-- (event_time, event_uid). An event's time is its own (OCSF time), so a second write of an event meets the same
-- key and effectively-once is kept. No DEFAULT partition (it would block detaching): ensure_event_partitions makes
-- the partitions of the days a chunk needs before it is written, and a scheduled route makes them ahead.

-- search_path pinned to this tenant's schema, whoever calls it
CREATE FUNCTION ensure_event_partitions(days date[]) RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    d date;
    name text;
BEGIN
    FOREACH d IN ARRAY days LOOP
        name := 'events_' || to_char(d, 'YYYYMMDD');
        CONTINUE WHEN to_regclass(quote_ident(current_schema()) || '.' || quote_ident(name)) IS NOT NULL;
        BEGIN
            EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF events FOR VALUES FROM (%L) TO (%L) '
                           'WITH (toast_tuple_target = 8160)',
                           name, d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
        EXCEPTION WHEN duplicate_table OR unique_violation THEN
            NULL; -- another replica made it a moment ago
        END;
    END LOOP;
END $$;

LOCK TABLE events IN ACCESS EXCLUSIVE MODE;
ALTER TABLE events RENAME TO events_unpartitioned;
DROP TRIGGER events_rollup ON events_unpartitioned;

CREATE TABLE events (
    event_uid    text        NOT NULL,
    event_time   timestamptz NOT NULL,
    class_uid    integer,
    category_uid integer,
    severity_id  integer,
    account      text,
    region       text,
    source       text,
    bucket       text        NOT NULL,
    object_key   text        NOT NULL,
    ingested_at  timestamptz NOT NULL DEFAULT now(),
    event        jsonb       NOT NULL,
    PRIMARY KEY (event_time, event_uid)
) PARTITION BY RANGE (event_time);
DO $$
BEGIN
    ALTER TABLE events ALTER COLUMN event SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'lz4 is not available on this server: events are compressed with pglz';
END $$;

-- every row moves once: the days it needs, then the rows (the rollups counted them already)
SELECT ensure_event_partitions(ARRAY(SELECT DISTINCT (event_time AT TIME ZONE 'UTC')::date FROM events_unpartitioned));
INSERT INTO events SELECT event_uid, event_time, class_uid, category_uid, severity_id, account, region, source,
                          bucket, object_key, ingested_at, event
                     FROM events_unpartitioned;
DROP TABLE events_unpartitioned;

-- the primary key serves the keyset order (read backwards); a look-up by uid alone has its own index
CREATE INDEX events_uid ON events (event_uid);
CREATE INDEX events_class_time ON events (class_uid, event_time DESC);
CREATE INDEX events_source_time ON events (source, event_time DESC, event_uid DESC);
CREATE INDEX events_account_time ON events (account, event_time DESC, event_uid DESC);

CREATE TRIGGER events_rollup AFTER INSERT ON events REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_events();

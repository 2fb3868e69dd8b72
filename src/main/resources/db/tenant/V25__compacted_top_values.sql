-- The fields the hourly value counts (V24) rank, named once: (field, value) of an event row, value null when the
-- event lacks the field. The trigger below and stats/top's field list (StatsQueries, checked by TopValueFieldsTest)
-- use it. A plain SQL function with no SET clause, so that PostgreSQL inlines it into the trigger's query.
CREATE FUNCTION event_top_values(event jsonb) RETURNS TABLE (field text, value text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT f.field, f.value
      FROM (VALUES ('src_endpoint.ip', event #>> '{src_endpoint,ip}'),
                   ('actor.user.name', event #>> '{actor,user,name}'),
                   ('api.operation', event #>> '{api,operation}'),
                   ('finding_info.title', event #>> '{finding_info,title}')) AS f(field, value)
$$;

CREATE OR REPLACE FUNCTION count_inserted_values() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO event_hour_values AS r (field, hour, value, events)
    SELECT f.field, date_trunc('hour', i.event_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', f.value, count(*)
      FROM inserted i
     CROSS JOIN LATERAL event_top_values(i.event) AS f
     WHERE f.value IS NOT NULL
     GROUP BY 1, 2, 3
     ORDER BY 1, 2, 3 -- one lock order for concurrent writers: no deadlock between replicas
    ON CONFLICT (field, hour, value) DO UPDATE SET events = r.events + EXCLUDED.events;
    RETURN NULL;
END $$;

-- Closed hours compacted to their most frequent values (store.ValueCompaction, run by route partition-maintenance):
-- the kept values with their exact counts, and per field and hour what was left out. A compaction holds only while
-- the hour's event total (event_hour_totals) is the one it was made from; an event stored later into the hour makes
-- it stale, stats/top then reads that hour's full counts, and the next upkeep compacts it again.
CREATE TABLE event_hour_top_values (
    field  text        NOT NULL,
    hour   timestamptz NOT NULL,
    value  text        NOT NULL,
    events bigint      NOT NULL,
    PRIMARY KEY (field, hour, value)
);

CREATE TABLE event_hour_compactions (
    field       text        NOT NULL,
    hour        timestamptz NOT NULL,
    hour_events bigint      NOT NULL, -- event_hour_totals.events of the hour when compacted
    left_values bigint      NOT NULL, -- how many values were left out
    left_events bigint      NOT NULL, -- their events, together
    left_max    bigint      NOT NULL, -- the largest count left out (0: nothing was): a bound for any value not kept
    PRIMARY KEY (field, hour)
);

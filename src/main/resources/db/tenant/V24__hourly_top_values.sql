-- Hourly value counts: how many events of each hour hold each value of the fields the console's overview ranks
-- (source IP, user, API operation, finding title), so that a day's or a week's top values sum at most one row per
-- (hour, value) instead of reading every event of the range. Exact as the hourly rollups are: a statement trigger
-- counts the rows the statement really inserted (its transition table) in the statement's transaction, so
-- redelivery, replay and crash neither add nor lose a count; partition upkeep deletes a dropped day's rows.
-- The field names are the API's (stats/top?field=); a value is the field's text, as the events scan reads it.
CREATE TABLE event_hour_values (
    field  text        NOT NULL,
    hour   timestamptz NOT NULL,
    value  text        NOT NULL,
    events bigint      NOT NULL,
    PRIMARY KEY (field, hour, value)
);

-- search_path pinned to this tenant's schema, whoever inserts
CREATE FUNCTION count_inserted_values() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO event_hour_values AS r (field, hour, value, events)
    SELECT f.field, date_trunc('hour', i.event_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', f.value, count(*)
      FROM inserted i
     CROSS JOIN LATERAL (VALUES ('src_endpoint.ip', i.event #>> '{src_endpoint,ip}'),
                                ('actor.user.name', i.event #>> '{actor,user,name}'),
                                ('api.operation', i.event #>> '{api,operation}'),
                                ('finding_info.title', i.event #>> '{finding_info,title}')) AS f(field, value)
     WHERE f.value IS NOT NULL
     GROUP BY 1, 2, 3
     ORDER BY 1, 2, 3 -- one lock order for concurrent writers: no deadlock between replicas
    ON CONFLICT (field, hour, value) DO UPDATE SET events = r.events + EXCLUDED.events;
    RETURN NULL;
END $$;

-- the events already stored are counted once, with no insert in between
LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE;
INSERT INTO event_hour_values (field, hour, value, events)
SELECT f.field, date_trunc('hour', e.event_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', f.value, count(*)
  FROM events e
 CROSS JOIN LATERAL (VALUES ('src_endpoint.ip', e.event #>> '{src_endpoint,ip}'),
                            ('actor.user.name', e.event #>> '{actor,user,name}'),
                            ('api.operation', e.event #>> '{api,operation}'),
                            ('finding_info.title', e.event #>> '{finding_info,title}')) AS f(field, value)
 WHERE f.value IS NOT NULL
 GROUP BY 1, 2, 3;

CREATE TRIGGER events_top_values AFTER INSERT ON events REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_values();

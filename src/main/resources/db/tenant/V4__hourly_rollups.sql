-- Hourly rollups: how many events each hour holds, per class, category, severity, source, account and region.
-- The insert itself counts: a statement trigger sums the rows the statement really inserted (its transition
-- table), in the statement's transaction. A chunk refused whole (COPY meeting a stored event) adds nothing, an
-- INSERT ... ON CONFLICT DO NOTHING adds only the rows it inserted, and a crash rolls rows and counts back
-- together: the counts stay exact under redelivery, replay and crash. Unknown values are -1 and '' (never a
-- value an API filter can ask for), so every column is part of the key.
CREATE TABLE event_rollups (
    hour         timestamptz NOT NULL,
    class_uid    integer     NOT NULL,
    category_uid integer     NOT NULL,
    severity_id  integer     NOT NULL,
    source       text        NOT NULL,
    account      text        NOT NULL,
    region       text        NOT NULL,
    events       bigint      NOT NULL,
    PRIMARY KEY (hour, class_uid, category_uid, severity_id, source, account, region)
);

-- search_path pinned to this tenant's schema, whoever inserts
CREATE FUNCTION count_inserted_events() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO event_rollups AS r (hour, class_uid, category_uid, severity_id, source, account, region, events)
    SELECT date_trunc('hour', event_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', COALESCE(class_uid, -1),
           COALESCE(category_uid, -1), COALESCE(severity_id, -1), COALESCE(source, ''), COALESCE(account, ''),
           COALESCE(region, ''), count(*)
      FROM inserted
     GROUP BY 1, 2, 3, 4, 5, 6, 7
     ORDER BY 1, 2, 3, 4, 5, 6, 7 -- one lock order for concurrent writers: no deadlock between replicas
    ON CONFLICT (hour, class_uid, category_uid, severity_id, source, account, region)
    DO UPDATE SET events = r.events + EXCLUDED.events;
    RETURN NULL;
END $$;

-- the events already stored are counted once, with no insert in between
LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE;
INSERT INTO event_rollups (hour, class_uid, category_uid, severity_id, source, account, region, events)
SELECT date_trunc('hour', event_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', COALESCE(class_uid, -1),
       COALESCE(category_uid, -1), COALESCE(severity_id, -1), COALESCE(source, ''), COALESCE(account, ''),
       COALESCE(region, ''), count(*)
  FROM events
 GROUP BY 1, 2, 3, 4, 5, 6, 7;

CREATE TRIGGER events_rollup AFTER INSERT ON events REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_events();

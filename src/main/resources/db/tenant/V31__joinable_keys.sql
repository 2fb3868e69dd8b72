-- Which holders of a correlation key a step may still join, found in the key's index entries without visiting the
-- others (a host holds a year of incidents). ends_by is at or after the end_time of the incident holding the key,
-- rounded up to the next UTC day boundary plus a day, so that a growing incident rewrites its keys' bound about once a
-- day, not at every step; '-infinity' once the incident is Closed (final) or merged into another. The correlation
-- window is added by the read (it is a setting; a bound holding it would go stale when the window is raised), which
-- visits only keys with ends_by >= its earliest event time - window and still checks each holder exactly.
-- The default 'infinity' is the safe side: a key written without a bound is always read, never missed.
ALTER TABLE incident_entities ADD COLUMN ends_by timestamptz NOT NULL DEFAULT 'infinity';
UPDATE incident_entities e
   SET ends_by = CASE WHEN i.status_id = 5 OR i.merged_into IS NOT NULL THEN '-infinity'
                      ELSE (date_trunc('day', i.end_time AT TIME ZONE 'UTC') + interval '2 days') AT TIME ZONE 'UTC' END
  FROM incidents i
 WHERE i.uid = e.incident_uid;
-- the step's key read; the primary key stays (it makes a key's holder unique for INSERT … ON CONFLICT), and so does
-- incident_entities_incident (a merge, a close, a growing incident and retention find an incident's keys by it)
CREATE INDEX incident_entities_joinable ON incident_entities (type, value, ends_by);

-- When each correlation match was recorded (epoch ms, the service's clock). A window of a correlation whose
-- condition has only lower bounds is kept until nothing was recorded in it for two timespans, whatever the event
-- times: an object that arrives late (a slow source, a replay, a backfill) still counts its events in its own
-- windows, and no other object's newer events can expire them first. Rows from before this column count as
-- recorded long ago.
ALTER TABLE correlation_events ADD COLUMN recorded_ms bigint NOT NULL DEFAULT 0;

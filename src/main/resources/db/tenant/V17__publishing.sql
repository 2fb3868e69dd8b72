-- Publishing to the lake: which detections and incidents changed when, and how far each published source got.
-- changed_at is set by the database on every insert and update (the writers need not know), so a window of
-- changes can be read back; rows that existed before take the migration's time and are published once.
ALTER TABLE detections ADD COLUMN changed_at timestamptz NOT NULL DEFAULT clock_timestamp();
ALTER TABLE incidents ADD COLUMN changed_at timestamptz NOT NULL DEFAULT clock_timestamp();

CREATE FUNCTION lake_touch_changed_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.changed_at := clock_timestamp();
    RETURN NEW;
END $$;

CREATE TRIGGER detections_changed_at BEFORE UPDATE ON detections
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION lake_touch_changed_at();
CREATE TRIGGER incidents_changed_at BEFORE UPDATE ON incidents
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION lake_touch_changed_at();

CREATE INDEX detections_changed ON detections (changed_at);
CREATE INDEX incidents_changed ON incidents (changed_at);

-- One row per published source: every window that ends at or before window_end has been written (or was empty).
CREATE TABLE publish_progress (
    source     text        NOT NULL PRIMARY KEY,
    window_end timestamptz NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    records    integer     NOT NULL DEFAULT 0,
    skipped    integer     NOT NULL DEFAULT 0
);

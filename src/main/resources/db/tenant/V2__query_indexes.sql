-- Indexes of the REST API. The keyset order (event_time DESC, event_uid DESC) and class_uid + time
-- exist since V1. Source and account are the selective filters an analyst pages by; each gets one composite
-- index in keyset order, so a filtered page reads only its rows. Category, severity and region are
-- low-cardinality and ride the time index (a page stops after `limit` matches). Every index costs ingestion
-- a little, so there are no more than these two.
CREATE INDEX IF NOT EXISTS events_source_time ON events (source, event_time DESC, event_uid DESC);
CREATE INDEX IF NOT EXISTS events_account_time ON events (account, event_time DESC, event_uid DESC);

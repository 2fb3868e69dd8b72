-- The analyst's queue: incidents most severe first, then most recently active (GET /api/v1/incidents?sort=severity),
-- read page by page from this index instead of sorting every incident of the tenant.
CREATE INDEX incidents_queue ON incidents (severity_id DESC, end_time DESC, uid DESC) WHERE merged_into IS NULL;

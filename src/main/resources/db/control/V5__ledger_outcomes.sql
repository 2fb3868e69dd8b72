-- What became of each row of an object, apart: stored (rows_stored), already stored before (rows_duplicate: the
-- same time and uid, skipped), older than the tenant's retention (rows_expired, skipped), and not read because the
-- object was refused (rows_refused: the rows its footer counts that no other outcome took); with why it was
-- refused (refused_reason, a short word also used as the metric's label) and the column at fault where one is.
ALTER TABLE lake_objects
    ADD COLUMN rows_duplicate bigint NOT NULL DEFAULT 0,
    ADD COLUMN rows_expired bigint NOT NULL DEFAULT 0,
    ADD COLUMN rows_refused bigint NOT NULL DEFAULT 0,
    ADD COLUMN refused_reason text,
    ADD COLUMN refused_column text;

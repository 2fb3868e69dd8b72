-- One tenant's settings of the rules in force: a rule switched off (it raises nothing for the tenant) or at another
-- level (null: the rule's own), the version an edit must name (If-Match), and who changed it last. Every change is
-- also in tuning_audit, with before and after.
CREATE TABLE rule_overrides (
    rule_uid   text        NOT NULL PRIMARY KEY,
    enabled    boolean     NOT NULL DEFAULT true,
    level      text        CHECK (level IN ('informational', 'low', 'medium', 'high', 'critical')),
    version    bigint      NOT NULL DEFAULT 1,
    changed_by text        NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);

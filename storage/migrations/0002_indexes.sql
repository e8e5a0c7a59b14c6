-- Schema v2: indexes v1 lacked.
--
-- runs.plan is a foreign key with ON DELETE CASCADE: without an index,
-- deleting a plan scans every run, and listing a plan's runs does too.
CREATE INDEX runs_by_plan ON runs (plan, updated_at);

-- The plan list is ordered by last change, within live plans or the trash.
CREATE INDEX plans_by_update ON plans (deleted_at IS NULL, updated_at);

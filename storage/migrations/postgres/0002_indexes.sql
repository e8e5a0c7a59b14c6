-- Schema v2 on PostgreSQL: the indexes of ../0002_indexes.sql.

CREATE INDEX runs_by_plan ON runs (plan, updated_at);

CREATE INDEX plans_by_update ON plans ((deleted_at IS NULL), updated_at);

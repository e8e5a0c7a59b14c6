-- Schema v7 on PostgreSQL: ../0007_team_live.sql (read it for saved_by and
-- run_drivers), and the notifications that make the library live.
--
-- Every change to a plan's row or a run's row sends a notification on the
-- schema's channel, redline_channel(schema): 'redline:' and the schema's
-- name, or its MD5 when that would be longer than the 63 bytes a channel
-- name may have, from a trigger, so that it is part of the transaction that made the
-- change: PostgreSQL delivers it when that transaction commits, and never
-- when it rolls back. storage.Watch listens on that channel. The payload is
-- a small JSON object:
--
--   {"kind": "saved", "plan": ID, "revision": N, "author": NAME, "at": NANOS}
--   {"kind": "deleted" | "restored", "plan": ID, "revision": N}
--   {"kind": "purged", "plan": ID, "revision": N}     emptied from the trash
--   {"kind": "run_saved", "run": ID, "plan": ID, "at": NANOS}
--   {"kind": "run_deleted", "run": ID, "plan": ID}    (plan null when it went too)
--
-- A plan's row is inserted at revision 0 before its first revision is
-- written in the same transaction; that insert says nothing, the update
-- to revision 1 does.

ALTER TABLE plans ADD COLUMN saved_by text;

UPDATE plans p SET saved_by = r.author FROM revisions r WHERE r.plan = p.pk AND r.n = p.revision;

CREATE TABLE run_drivers (
    run        text COLLATE "C" NOT NULL PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    holder     text   NOT NULL,
    token      text   NOT NULL,
    since      bigint NOT NULL,
    expires_at bigint
);

CREATE FUNCTION redline_channel(schema_name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN octet_length('redline:' || schema_name) <= 63 THEN 'redline:' || schema_name
        ELSE 'redline:' || md5(schema_name) END
$$;

CREATE FUNCTION redline_notify_plan() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    channel text := redline_channel(TG_TABLE_SCHEMA);
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify(channel, json_build_object('kind', 'purged', 'plan', OLD.id, 'revision', OLD.revision)::text);
        RETURN NULL;
    END IF;
    IF NEW.revision > 0 AND (TG_OP = 'INSERT' OR NEW.revision IS DISTINCT FROM OLD.revision) THEN
        PERFORM pg_notify(channel, json_build_object('kind', 'saved', 'plan', NEW.id, 'revision', NEW.revision,
            'author', NEW.saved_by, 'at', NEW.updated_at)::text);
    END IF;
    IF (TG_OP = 'INSERT' AND NEW.deleted_at IS NOT NULL)
        OR (TG_OP = 'UPDATE' AND (NEW.deleted_at IS NULL) IS DISTINCT FROM (OLD.deleted_at IS NULL)) THEN
        PERFORM pg_notify(channel, json_build_object('kind', CASE WHEN NEW.deleted_at IS NULL THEN 'restored' ELSE 'deleted' END,
            'plan', NEW.id, 'revision', NEW.revision)::text);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER plans_notify AFTER INSERT OR UPDATE OR DELETE ON plans
    FOR EACH ROW EXECUTE FUNCTION redline_notify_plan();

CREATE FUNCTION redline_notify_run() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    channel text := redline_channel(TG_TABLE_SCHEMA);
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify(channel, json_build_object('kind', 'run_deleted', 'run', OLD.id,
            'plan', (SELECT id FROM plans WHERE pk = OLD.plan))::text);
    ELSE
        PERFORM pg_notify(channel, json_build_object('kind', 'run_saved', 'run', NEW.id,
            'plan', (SELECT id FROM plans WHERE pk = NEW.plan), 'at', NEW.updated_at)::text);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER runs_notify AFTER INSERT OR UPDATE OR DELETE ON runs
    FOR EACH ROW EXECUTE FUNCTION redline_notify_run();

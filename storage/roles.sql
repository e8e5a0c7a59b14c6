-- Redline on PostgreSQL: the team's two roles.
--
--   redline_editor  reads and saves plans, profiles and exercise runs, and
--                   drives runs: SELECT, INSERT, UPDATE and DELETE on
--                   Redline's tables, and their sequences.
--   redline_viewer  reads them only: the app and redlinectl open the store
--                   read-only for it (no Save, no edits), and its library
--                   still follows the team's saves live (LISTEN needs no
--                   privilege).
--
-- Neither may log in: a person logs in as a role of their own that is a
-- member of one of them, e.g.
--
--   CREATE ROLE olena LOGIN PASSWORD '…' IN ROLE redline_editor;
--   CREATE ROLE jan LOGIN PASSWORD '…' IN ROLE redline_viewer;
--   GRANT redline_editor TO jan; REVOKE redline_viewer FROM jan;  -- later
--
-- Run it once Redline has set its tables up (the first open of the empty
-- database, by its owner), in the database and schema they are in, as a
-- role that may create roles and owns the tables, or as a superuser:
--
--   psql 'postgres://admin@plans.example.org/redline?sslmode=verify-full' -f storage/roles.sql
--   (another schema than public: add &options=-csearch_path%3DNAME to the URL)
--
-- It may be run again at any time: it creates what is missing and grants
-- again. The tables later versions of Redline add (when the owner opens
-- the database with them, which upgrades it) get the same grants, from the
-- default privileges it sets for the tables' owner. Every role may connect
-- to a new database; where CONNECT was revoked from PUBLIC, grant it to
-- both roles too: GRANT CONNECT ON DATABASE redline TO redline_editor,
-- redline_viewer.

DO $$
DECLARE
    target_schema text := current_schema();
    tables_owner name;
BEGIN
    SELECT t.tableowner INTO tables_owner FROM pg_tables t WHERE t.schemaname = target_schema AND t.tablename = 'redline_schema';
    IF tables_owner IS NULL THEN
        RAISE EXCEPTION 'schema % holds no Redline tables (no redline_schema): open the database with Redline once, '
            'as its owner, to set them up; or run this in the schema that holds them (search_path)', coalesce(target_schema, '(none)');
    END IF;

    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'redline_editor') THEN
        CREATE ROLE redline_editor NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'redline_viewer') THEN
        CREATE ROLE redline_viewer NOLOGIN;
    END IF;

    EXECUTE format('GRANT USAGE ON SCHEMA %I TO redline_editor, redline_viewer', target_schema);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO redline_viewer', target_schema);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO redline_editor', target_schema);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO redline_editor', target_schema);

    -- The tables and sequences the owner makes later, upgrading Redline.
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT ON TABLES TO redline_viewer', tables_owner, target_schema);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO redline_editor',
        tables_owner, target_schema);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO redline_editor', tables_owner, target_schema);
END $$;

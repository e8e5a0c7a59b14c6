-- Schema v6 on PostgreSQL: ../0006_revision_author.sql.

ALTER TABLE revisions ADD COLUMN author text;

-- Schema v6: who saved each revision (issue #16, "Who and when"): the name
-- the saving program was given (storage.WithAuthor; the app's preference,
-- by default the user of the operating system).
--
-- Revisions saved before have none: the column is NULL, which reads as "".

ALTER TABLE revisions ADD COLUMN author TEXT;

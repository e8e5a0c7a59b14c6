-- Schema v3 on PostgreSQL: provenance and branching injects, as
-- ../0003_provenance.sql (which says why sources are rows). Like the other
-- entity tables (0001_initial.sql), the new ones have no foreign keys; a
-- deleted plan's rows in them go with it too.

ALTER TABLE red_lines     ADD COLUMN assumption text;
ALTER TABLE responses     ADD COLUMN assumption text;
ALTER TABLE contributions ADD COLUMN assumption text;
ALTER TABLE links         ADD COLUMN assumption text;
ALTER TABLE terms         ADD COLUMN assumption text;
ALTER TABLE injects       ADD COLUMN brief      text;
ALTER TABLE injects       ADD COLUMN assumption text;

CREATE TABLE red_line_sources (
    plan     bigint NOT NULL,
    red_line bigint NOT NULL,
    position bigint NOT NULL,
    source   text   NOT NULL,
    PRIMARY KEY (plan, red_line, position)
);

CREATE TABLE response_sources (
    plan     bigint NOT NULL,
    response bigint NOT NULL,
    position bigint NOT NULL,
    source   text   NOT NULL,
    PRIMARY KEY (plan, response, position)
);

CREATE TABLE contribution_sources (
    plan         bigint NOT NULL,
    contribution bigint NOT NULL,
    position     bigint NOT NULL,
    source       text   NOT NULL,
    PRIMARY KEY (plan, contribution, position)
);

CREATE TABLE link_sources (
    plan     bigint NOT NULL,
    link     bigint NOT NULL,
    position bigint NOT NULL,
    source   text   NOT NULL,
    PRIMARY KEY (plan, link, position)
);

CREATE TABLE term_sources (
    plan     bigint NOT NULL,
    term     bigint NOT NULL,
    position bigint NOT NULL,
    source   text   NOT NULL,
    PRIMARY KEY (plan, term, position)
);

CREATE TABLE inject_sources (
    plan     bigint NOT NULL,
    inject   bigint NOT NULL,
    position bigint NOT NULL,
    source   text   NOT NULL,
    PRIMARY KEY (plan, inject, position)
);

CREATE TABLE inject_conditions (
    plan     bigint NOT NULL,
    inject   bigint NOT NULL,
    position bigint NOT NULL,
    red_line text,
    response text,
    outcome  text,
    negated  bigint NOT NULL CHECK (negated IN (0, 1)),
    PRIMARY KEY (plan, inject, position),
    CHECK ((red_line IS NULL) <> (response IS NULL)),
    CHECK ((outcome IS NULL) = (response IS NULL))
);

CREATE TABLE plan_sources (
    plan      bigint NOT NULL,
    position  bigint NOT NULL,
    id        text   NOT NULL,
    title     text   NOT NULL,
    publisher text,
    date      text,
    url       text,
    PRIMARY KEY (plan, position)
);

CREATE OR REPLACE FUNCTION redline_delete_plan_rows() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM plan_sources WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM inject_conditions WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM inject_sources WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM term_sources WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM link_sources WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM contribution_sources WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM response_sources WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM red_line_sources WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM observations WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM injects WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM terms WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM links WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM contributions WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM response_uses WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM response_capabilities WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM response_requirements WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM response_participants WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM responses WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM red_lines WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM plan_indicators WHERE plan IN (SELECT pk FROM gone);
    DELETE FROM plan_actors WHERE plan IN (SELECT pk FROM gone);
    RETURN NULL;
END $$;

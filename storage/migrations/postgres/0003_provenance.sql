-- Schema v3 on PostgreSQL: provenance and branching injects, as
-- ../0003_provenance.sql (which says why sources are rows).

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
    PRIMARY KEY (plan, red_line, position),
    FOREIGN KEY (plan, red_line) REFERENCES red_lines (plan, position) ON DELETE CASCADE
);

CREATE TABLE response_sources (
    plan     bigint NOT NULL,
    response bigint NOT NULL,
    position bigint NOT NULL,
    source   text   NOT NULL,
    PRIMARY KEY (plan, response, position),
    FOREIGN KEY (plan, response) REFERENCES responses (plan, position) ON DELETE CASCADE
);

CREATE TABLE contribution_sources (
    plan         bigint NOT NULL,
    contribution bigint NOT NULL,
    position     bigint NOT NULL,
    source       text   NOT NULL,
    PRIMARY KEY (plan, contribution, position),
    FOREIGN KEY (plan, contribution) REFERENCES contributions (plan, position) ON DELETE CASCADE
);

CREATE TABLE link_sources (
    plan     bigint NOT NULL,
    link     bigint NOT NULL,
    position bigint NOT NULL,
    source   text   NOT NULL,
    PRIMARY KEY (plan, link, position),
    FOREIGN KEY (plan, link) REFERENCES links (plan, position) ON DELETE CASCADE
);

CREATE TABLE term_sources (
    plan     bigint NOT NULL,
    term     bigint NOT NULL,
    position bigint NOT NULL,
    source   text   NOT NULL,
    PRIMARY KEY (plan, term, position),
    FOREIGN KEY (plan, term) REFERENCES terms (plan, position) ON DELETE CASCADE
);

CREATE TABLE inject_sources (
    plan     bigint NOT NULL,
    inject   bigint NOT NULL,
    position bigint NOT NULL,
    source   text   NOT NULL,
    PRIMARY KEY (plan, inject, position),
    FOREIGN KEY (plan, inject) REFERENCES injects (plan, position) ON DELETE CASCADE
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
    FOREIGN KEY (plan, inject) REFERENCES injects (plan, position) ON DELETE CASCADE,
    CHECK ((red_line IS NULL) <> (response IS NULL)),
    CHECK ((outcome IS NULL) = (response IS NULL))
);

CREATE TABLE plan_sources (
    plan      bigint NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
    position  bigint NOT NULL,
    id        text   NOT NULL,
    title     text   NOT NULL,
    publisher text,
    date      text,
    url       text,
    PRIMARY KEY (plan, position)
);

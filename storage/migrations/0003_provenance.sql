-- Schema v3: provenance and branching injects (plan-format.md, Provenance;
-- exercise.md, Condition).
--
-- Every red line, response, contribution, link, term and inject may cite
-- sources and state an assumption; a plan lists sources of its own; an
-- inject has a brief and conditions. Plans stored before have none of
-- these: the new columns are NULL and the new tables empty, which is what
-- "none" is.
--
-- The sources an entry cites are rows, as the lists of a response are, not
-- a JSON text column: one table per kind of entry, so that each row has a
-- foreign key to its owner and goes with it (ON DELETE CASCADE), a re-save
-- rewrites only the rows that changed, and "which entries cite rusi-2025"
-- is plain SQL. Source ids are TEXT, not foreign keys: a draft may cite a
-- source it does not list yet (the checker's unknown-source), and the
-- built-in sources are listed nowhere.

ALTER TABLE red_lines     ADD COLUMN assumption TEXT;
ALTER TABLE responses     ADD COLUMN assumption TEXT;
ALTER TABLE contributions ADD COLUMN assumption TEXT;
ALTER TABLE links         ADD COLUMN assumption TEXT;
ALTER TABLE terms         ADD COLUMN assumption TEXT;
ALTER TABLE injects       ADD COLUMN brief      TEXT;
ALTER TABLE injects       ADD COLUMN assumption TEXT;

CREATE TABLE red_line_sources (
    plan     INTEGER NOT NULL,
    red_line INTEGER NOT NULL,                 -- the red line's position
    position INTEGER NOT NULL,
    source   TEXT    NOT NULL,                 -- a source id, which may be unknown
    PRIMARY KEY (plan, red_line, position),
    FOREIGN KEY (plan, red_line) REFERENCES red_lines (plan, position) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE response_sources (
    plan     INTEGER NOT NULL,
    response INTEGER NOT NULL,
    position INTEGER NOT NULL,
    source   TEXT    NOT NULL,
    PRIMARY KEY (plan, response, position),
    FOREIGN KEY (plan, response) REFERENCES responses (plan, position) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE contribution_sources (
    plan         INTEGER NOT NULL,
    contribution INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    source       TEXT    NOT NULL,
    PRIMARY KEY (plan, contribution, position),
    FOREIGN KEY (plan, contribution) REFERENCES contributions (plan, position) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE link_sources (
    plan     INTEGER NOT NULL,
    link     INTEGER NOT NULL,
    position INTEGER NOT NULL,
    source   TEXT    NOT NULL,
    PRIMARY KEY (plan, link, position),
    FOREIGN KEY (plan, link) REFERENCES links (plan, position) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE term_sources (
    plan     INTEGER NOT NULL,
    term     INTEGER NOT NULL,
    position INTEGER NOT NULL,
    source   TEXT    NOT NULL,
    PRIMARY KEY (plan, term, position),
    FOREIGN KEY (plan, term) REFERENCES terms (plan, position) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE inject_sources (
    plan     INTEGER NOT NULL,
    inject   INTEGER NOT NULL,
    position INTEGER NOT NULL,
    source   TEXT    NOT NULL,
    PRIMARY KEY (plan, inject, position),
    FOREIGN KEY (plan, inject) REFERENCES injects (plan, position) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- An inject's when: each condition names a red line, or a response with an
-- outcome; negated is the condition's "not". Ids are TEXT, as in links.
CREATE TABLE inject_conditions (
    plan     INTEGER NOT NULL,
    inject   INTEGER NOT NULL,
    position INTEGER NOT NULL,
    red_line TEXT,
    response TEXT,
    outcome  TEXT,
    negated  INTEGER NOT NULL CHECK (negated IN (0, 1)),
    PRIMARY KEY (plan, inject, position),
    FOREIGN KEY (plan, inject) REFERENCES injects (plan, position) ON DELETE CASCADE,
    CHECK ((red_line IS NULL) <> (response IS NULL)),
    CHECK ((outcome IS NULL) = (response IS NULL))
) STRICT, WITHOUT ROWID;

-- The documents a plan cites beyond the built-in ones.
CREATE TABLE plan_sources (
    plan      INTEGER NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    id        TEXT    NOT NULL,
    title     TEXT    NOT NULL,
    publisher TEXT,
    date      TEXT,
    url       TEXT,
    PRIMARY KEY (plan, position)
) STRICT, WITHOUT ROWID;


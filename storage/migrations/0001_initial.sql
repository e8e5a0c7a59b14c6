-- Redline store, schema v1.
--
-- A plan is normalised into tables: one row per entity, list order kept in
-- `position`, optional fields NULL when absent. Children belong to their
-- plan (and sub-lists to their response or inject) and go with it: ON DELETE
-- CASCADE. References between entities (links, response uses) are the ids
-- as TEXT, not foreign keys: a draft may name an entity that does not exist
-- yet, and the store keeps the draft as it is — the checker reports it.
--
-- Child tables are WITHOUT ROWID, clustered on (plan, position): a plan's
-- rows sit together in list order, so loading one is a range scan, and no
-- second index has to be kept up to date on save.
--
-- Times are INTEGER Unix nanoseconds, UTC.

PRAGMA application_id = 1380207694; -- 0x52444C4E "RDLN": refuse files that are not ours

CREATE TABLE plans (
    pk             INTEGER PRIMARY KEY,
    id             TEXT    NOT NULL UNIQUE,   -- the plan's UUID
    format         TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    classification TEXT    NOT NULL,
    phase          TEXT    NOT NULL,
    profile        TEXT    NOT NULL,
    revision       INTEGER NOT NULL,           -- latest revision number, 1…
    updated_at     INTEGER NOT NULL,
    deleted_at     INTEGER,                    -- in the trash since; NULL when live
    -- The list view reads only this table: counts and findings are kept here
    -- on every save so that listing never loads a plan.
    red_lines      INTEGER NOT NULL,
    responses      INTEGER NOT NULL,
    contributions  INTEGER NOT NULL,
    links          INTEGER NOT NULL,
    injects        INTEGER NOT NULL,
    blockers       INTEGER NOT NULL,
    warnings       INTEGER NOT NULL,
    advice         INTEGER NOT NULL
) STRICT;

CREATE TABLE plan_actors (
    plan     INTEGER NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code     TEXT    NOT NULL,
    name     TEXT    NOT NULL,
    kind     TEXT    NOT NULL,
    PRIMARY KEY (plan, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE plan_indicators (
    plan     INTEGER NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    key      TEXT    NOT NULL,
    name     TEXT    NOT NULL,
    unit     TEXT    NOT NULL,
    PRIMARY KEY (plan, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE red_lines (
    plan            INTEGER NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    id              TEXT    NOT NULL,
    title           TEXT    NOT NULL,
    domain          TEXT    NOT NULL,
    indicator       TEXT,
    threshold_op    TEXT,
    threshold_value REAL,
    severity        INTEGER NOT NULL,
    notes           TEXT,
    PRIMARY KEY (plan, position),
    CHECK ((threshold_op IS NULL) = (threshold_value IS NULL))
) STRICT, WITHOUT ROWID;

CREATE TABLE responses (
    plan            INTEGER NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    id              TEXT    NOT NULL,
    title           TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    mechanism       TEXT    NOT NULL,
    lead            TEXT    NOT NULL,
    hours_to_effect REAL    NOT NULL,
    PRIMARY KEY (plan, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE response_participants (
    plan     INTEGER NOT NULL,
    response INTEGER NOT NULL,                 -- the response's position
    position INTEGER NOT NULL,
    actor    TEXT    NOT NULL,
    PRIMARY KEY (plan, response, position),
    FOREIGN KEY (plan, response) REFERENCES responses (plan, position) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE response_requirements (
    plan         INTEGER NOT NULL,
    response     INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    precondition TEXT    NOT NULL,
    PRIMARY KEY (plan, response, position),
    FOREIGN KEY (plan, response) REFERENCES responses (plan, position) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE response_capabilities (
    plan       INTEGER NOT NULL,
    response   INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    capability TEXT    NOT NULL,
    PRIMARY KEY (plan, response, position),
    FOREIGN KEY (plan, response) REFERENCES responses (plan, position) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE response_uses (
    plan         INTEGER NOT NULL,
    response     INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    contribution TEXT    NOT NULL,             -- a contribution id, which may be missing
    PRIMARY KEY (plan, response, position),
    FOREIGN KEY (plan, response) REFERENCES responses (plan, position) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE contributions (
    plan         INTEGER NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    id           TEXT    NOT NULL,
    nation       TEXT    NOT NULL,
    capability   TEXT    NOT NULL,
    personnel    INTEGER NOT NULL,
    amount_eur_m REAL    NOT NULL,
    location     TEXT    NOT NULL,
    activation   TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    months       INTEGER,                      -- NULL: open-ended
    PRIMARY KEY (plan, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE links (
    plan     INTEGER NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    red_line TEXT    NOT NULL,                 -- ids, which may be missing
    response TEXT    NOT NULL,
    trigger  TEXT    NOT NULL,
    PRIMARY KEY (plan, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE terms (
    plan     INTEGER NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    id       TEXT    NOT NULL,
    kind     TEXT    NOT NULL,
    stance   TEXT    NOT NULL,
    value    REAL,
    notes    TEXT,
    PRIMARY KEY (plan, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE injects (
    plan     INTEGER NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    id       TEXT    NOT NULL,
    at_hours REAL    NOT NULL,
    title    TEXT    NOT NULL,
    phase    TEXT,
    PRIMARY KEY (plan, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE observations (
    plan      INTEGER NOT NULL,
    inject    INTEGER NOT NULL,                -- the inject's position
    position  INTEGER NOT NULL,
    indicator TEXT    NOT NULL,
    value     REAL    NOT NULL,
    PRIMARY KEY (plan, inject, position),
    FOREIGN KEY (plan, inject) REFERENCES injects (plan, position) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- Every save adds a revision with the plan's canonical JSON, so any earlier
-- state can be shown or restored even after the tables were overwritten.
-- A rowid table: documents are large, and WITHOUT ROWID suits small rows.
CREATE TABLE revisions (
    plan     INTEGER NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
    n        INTEGER NOT NULL,
    at       INTEGER NOT NULL,
    summary  TEXT    NOT NULL,
    document TEXT    NOT NULL,                 -- planner.Encode of the plan
    UNIQUE (plan, n)
) STRICT;

-- Custom constraint profiles (the built-in ones live in the program).
CREATE TABLE profiles (
    id         TEXT    PRIMARY KEY,
    format     TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    base       TEXT,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE profile_params (
    profile TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    name    TEXT NOT NULL,
    number  REAL,                              -- NULL for a list parameter (codes below)
    PRIMARY KEY (profile, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE profile_param_codes (
    profile  TEXT    NOT NULL,
    name     TEXT    NOT NULL,
    position INTEGER NOT NULL,
    code     TEXT    NOT NULL,
    PRIMARY KEY (profile, name, position),
    FOREIGN KEY (profile, name) REFERENCES profile_params (profile, name) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE profile_severities (
    profile  TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    rule     TEXT NOT NULL,
    severity TEXT NOT NULL,
    PRIMARY KEY (profile, rule)
) STRICT, WITHOUT ROWID;

-- A parameter with a (possibly empty) list of sources, then the list.
CREATE TABLE profile_source_params (
    profile TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    param   TEXT NOT NULL,
    PRIMARY KEY (profile, param)
) STRICT, WITHOUT ROWID;

CREATE TABLE profile_sources (
    profile  TEXT    NOT NULL,
    param    TEXT    NOT NULL,
    position INTEGER NOT NULL,
    source   TEXT    NOT NULL,
    PRIMARY KEY (profile, param, position),
    FOREIGN KEY (profile, param) REFERENCES profile_source_params (profile, param) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- Tabletop-exercise runs of a plan: the decisions taken and notes made.
CREATE TABLE runs (
    pk            INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    plan          INTEGER NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
    plan_revision INTEGER NOT NULL,
    title         TEXT    NOT NULL,
    started_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    position      INTEGER NOT NULL             -- how far the run has got (inject index)
) STRICT;

CREATE TABLE run_decisions (
    run      INTEGER NOT NULL REFERENCES runs (pk) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    inject   TEXT    NOT NULL,
    red_line TEXT    NOT NULL,
    response TEXT    NOT NULL,
    choice   TEXT    NOT NULL CHECK (choice IN ('approved', 'rejected', 'deferred')),
    note     TEXT,
    at       INTEGER NOT NULL,
    PRIMARY KEY (run, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE run_notes (
    run      INTEGER NOT NULL REFERENCES runs (pk) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    at_hours REAL    NOT NULL,
    text     TEXT    NOT NULL,
    at       INTEGER NOT NULL,
    PRIMARY KEY (run, position)
) STRICT, WITHOUT ROWID;

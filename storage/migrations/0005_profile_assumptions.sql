-- Schema v5: what a profile assumes rather than takes from the documents,
-- parameter by parameter (redline-profile/v1 "assumptions"), so that a
-- stored profile says which of its limits are planning assumptions.
--
-- Profiles stored before have none, which is what their files said.

CREATE TABLE profile_assumptions (
    profile TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    param   TEXT NOT NULL,
    text    TEXT NOT NULL,
    PRIMARY KEY (profile, param)
) STRICT, WITHOUT ROWID;

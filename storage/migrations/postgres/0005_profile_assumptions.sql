-- Schema v5 on PostgreSQL: ../0005_profile_assumptions.sql.

CREATE TABLE profile_assumptions (
    profile text COLLATE "C" NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    param   text COLLATE "C" NOT NULL,
    text    text NOT NULL,
    PRIMARY KEY (profile, param)
);

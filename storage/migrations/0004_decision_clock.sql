-- Schema v4: the exercise clock at which a run's decision was taken
-- (exercise.md, In the app), beside the wall-clock time `at`, so that an
-- after-action report can say how long the room took over it.
--
-- Decisions stored before have none: the column is NULL, which loads as
-- the time of the inject the decision answers is not known, 0.

ALTER TABLE run_decisions ADD COLUMN at_hours REAL;

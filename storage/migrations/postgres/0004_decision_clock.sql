-- Schema v4 on PostgreSQL: ../0004_decision_clock.sql.

ALTER TABLE run_decisions ADD COLUMN at_hours double precision;

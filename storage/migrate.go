package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// The schema is a sequence of migrations, migrations/NNNN_name.sql, each
// taking the database from version NNNN-1 to NNNN. The version lives in
// PRAGMA user_version, so it is part of every transaction that changes it.
// PostgreSQL's are migrations/postgres/NNNN_name.sql, the same versions
// making the same tables; there the version lives in the table
// redline_schema (postgres.go).
//
//go:embed migrations/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations holds the embedded migrations in order; migrations[i] is
// version i+1. A gap or a duplicate is a build fault, caught at init.
var migrations = loadMigrations("migrations")

// pgMigrations are PostgreSQL's, pgMigrations[i] version i+1 too.
var pgMigrations = loadMigrations("migrations/postgres")

func loadMigrations(dir string) []migration {
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		panic(err)
	}
	var out []migration
	for _, e := range entries { // ReadDir sorts by name
		if e.IsDir() {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || path.Ext(e.Name()) != ".sql" {
			panic("storage: migration file name " + e.Name() + " is not NNNN_name.sql")
		}
		if v != len(out)+1 {
			panic(fmt.Sprintf("storage: migration %s: want version %d", e.Name(), len(out)+1))
		}
		data, err := migrationFiles.ReadFile(dir + "/" + e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(data)})
	}
	return out
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int { return len(migrations) }

// migrate brings the database to version target. Before an existing database
// is changed, a snapshot of it is written beside it, so that a migration
// that goes wrong in a way no transaction can catch still loses nothing.
// Each migration runs in its own immediate transaction, re-reading the
// version under the write lock: a second program opening the same file at
// the same moment skips what the first has done.
func (s *Store) migrate(ctx context.Context, target int) error {
	current, err := s.userVersion(ctx, s.r)
	if err != nil {
		return s.fileError(err)
	}
	if current >= target {
		return nil
	}
	if s.readOnly != nil {
		what := fmt.Sprintf("needs upgrading from schema v%d to v%d, but cannot be written", current, target)
		if current == 0 {
			what = "is empty and cannot be written, so it cannot be set up"
		}
		return &FileError{Path: s.path, Kind: ErrReadOnly, What: what, Err: s.readOnly}
	}
	if current > 0 {
		if err := s.snapshot(ctx, target); err != nil {
			return &FileError{Path: s.path, Kind: kindOr(s.path, err, ErrReadOnly),
				What: fmt.Sprintf("needs upgrading from schema v%d to v%d, but the snapshot before the upgrade could not be written; the file was not changed", current, target),
				Err:  err}
		}
	}
	for _, m := range migrations[current:target] {
		if err := s.apply(ctx, m); err != nil {
			return &FileError{Path: s.path, Kind: kindOr(s.path, err, ErrCorrupt),
				What:     fmt.Sprintf("upgrading to schema v%d (%s) failed and was rolled back", m.version, m.name),
				Snapshot: newestSnapshot(s.path), Err: err}
		}
	}
	return nil
}

func kindOr(path string, err, fallback error) error {
	if k := kindAt(path, err); k != nil {
		return k
	}
	return fallback
}

func (s *Store) apply(ctx context.Context, m migration) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	v, err := s.userVersion(ctx, tx)
	if err != nil {
		return err
	}
	if v >= m.version {
		return nil // another program got there first
	}
	if v != m.version-1 {
		return fmt.Errorf("schema is at v%d, cannot apply %s", v, m.name)
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	// PRAGMA takes no parameters; the version is a number we made.
	if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(m.version)); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Store) userVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// snapshot writes <name>.pre-v<target>-<UTC time>.bak beside the database: a
// consistent copy taken before upgrading it to schema version target.
func (s *Store) snapshot(ctx context.Context, target int) error {
	stamp := s.now().UTC().Format("20060102T150405Z")
	for i := 0; ; i++ {
		name := fmt.Sprintf("%s.pre-v%d-%s.bak", s.path, target, stamp)
		if i > 0 {
			name = fmt.Sprintf("%s.pre-v%d-%s-%d.bak", s.path, target, stamp, i)
		}
		err := vacuumInto(ctx, s.w.DB, name)
		if errors.Is(err, fs.ErrExist) && i < 100 {
			continue
		}
		if err != nil {
			return err
		}
		return nil
	}
}

package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Verify runs SQLite's integrity check and the foreign key check. It returns
// nil when the database is sound, else one line per problem.
//
// On PostgreSQL, which checks its own pages, it checks what is Redline's:
// that the schema is the one this version writes and every plan has the
// document of its latest revision.
func (s *Store) Verify(ctx context.Context) ([]string, error) {
	if s.pg {
		return s.verifyServer(ctx)
	}
	lines, err := queryStrings(ctx, s.r, "PRAGMA integrity_check")
	if err != nil {
		return nil, s.opError("verify", err)
	}
	if len(lines) == 1 && lines[0] == "ok" {
		lines = nil
	}
	rows, err := s.r.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, s.opError("verify", err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int64
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return nil, s.opError("verify", err)
		}
		lines = append(lines, fmt.Sprintf("foreign key: a row of %s refers to a missing row of %s", table, parent))
	}
	return lines, s.opError("verify", rows.Err())
}

// Backup writes a consistent copy of the database to path while it stays in
// use (VACUUM INTO reads one snapshot). It refuses a path that exists, and
// creates the copy with mode 0600.
//
// A failure names the file it is about: the copy when it could not be
// written (disk full, read-only folder), the database when it could not be
// read.
//
// A database on a PostgreSQL server is backed up on the server (pg_dump);
// Backup refuses, saying so.
func (s *Store) Backup(ctx context.Context, path string) error {
	op := "backup to " + path
	if s.pg {
		return &OpError{Op: op, Path: s.path, Err: errServerBackup}
	}
	if s.readOnly != nil {
		// VACUUM INTO needs a writable connection; a read-only database is
		// not changing, so a file copy is as consistent — unless committed
		// pages still wait in a WAL that nobody may checkpoint.
		if st, err := os.Stat(s.path + "-wal"); err == nil && st.Size() > 0 {
			return &OpError{Op: op, Path: s.path, Kind: ErrReadOnly,
				Err: errors.New("the database is read-only and part of it is still in its -wal file; make it writable and open it once, then back it up")}
		}
		return s.backupError(op, path, copyFile(s.path, path))
	}
	return s.backupError(op, path, vacuumInto(ctx, s.r.DB, path))
}

// backupError wraps a failed backup to path. A full disk or a refused write
// is the copy's; anything else (a damaged or locked database) the
// database's.
func (s *Store) backupError(op, path string, err error) error {
	if err == nil {
		return nil
	}
	if kind := kindAt(path, err); kind == ErrDiskFull || kind == ErrReadOnly {
		return &OpError{Op: op, Path: path, Kind: kind, Err: err}
	}
	return s.opError(op, err)
}

// vacuumInto writes a compacted copy of the database db reads into path,
// which must not exist.
func vacuumInto(ctx context.Context, db *sql.DB, path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists; a backup never overwrites a file, choose a new name: %w", path, err)
		}
		return err
	}
	f.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		os.Remove(path)
		return err
	}
	// VACUUM INTO does not sync its output; a backup that vanishes with the
	// power is no backup.
	if err := syncFile(path); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync() // best effort: not every platform syncs folders
		d.Close()
	}
	return nil
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists; a backup never overwrites a file, choose a new name: %w", to, err)
		}
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		os.Remove(to)
		return err
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		os.Remove(to)
		return err
	}
	return dst.Close()
}

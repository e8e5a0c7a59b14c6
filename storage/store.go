// Package storage keeps Redline's plans in one local SQLite file that the
// desktop app and redlinectl share, or for a team in a database on a
// PostgreSQL server (postgres.go), behind the same API.
//
// The file must never lose a saved plan: not on a crash, not when two copies
// of the program write at once, not when the file turns out not to be ours.
// Hence: WAL with synchronous=FULL, one writer connection with immediate
// transactions, optimistic revisions (SavePlan refuses a stale base instead of
// overwriting), an application id so that a foreign file is refused before a
// single byte of it is written, a quick_check on open, and a snapshot before
// every schema upgrade.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver

	"redline/planner"
)

// ApplicationID is written into the header of every Redline database
// ("RDLN"). A SQLite file with another id is another program's and is refused.
const ApplicationID = 0x52444C4E

// busyTimeout is how long a statement waits for another connection's lock
// before failing with ErrBusy.
const busyTimeout = 5 * time.Second

// Store is an open Redline database. Its methods are safe for concurrent use.
type Store struct {
	// path is the database file, or for PostgreSQL the URL without its
	// password.
	path string
	now  func() time.Time
	// author is the name each revision saved through this store records
	// (SetAuthor changes it while the store is open).
	author atomic.Pointer[string]
	// pg: the database is on a PostgreSQL server (postgres.go), which
	// role connects to as database; secret is the password, kept out of
	// every message.
	pg                     bool
	role, database, secret string
	// pgConfig is the server's connection settings, for the connections a
	// store holds on its own: a watch's LISTEN, a run's drive.
	pgConfig *pgx.ConnConfig

	// w has exactly one connection: SQLite allows one writer at a time, and
	// queueing writers in Go rather than in SQLite's busy handler keeps the
	// wait fair and free of SQLITE_BUSY within one process. nil when the
	// store is read-only. On PostgreSQL, w and r are one pool.
	w *pool
	// r is the read pool: in WAL mode readers never block the writer.
	r *pool
	// readOnly, when not nil, is why the store cannot be written; every
	// write returns it.
	readOnly error

	mu     sync.Mutex
	stmts  map[string]*sql.Stmt // prepared on w, by SQL text
	rstmts map[string]*sql.Stmt // prepared on r

	// bg holds the goroutines of watches and run drives (background.go),
	// which Close stops and waits for before it closes their connections.
	bg background
}

type options struct {
	now    func() time.Time
	author string
	target int // schema version to migrate to; tests use it to build fixtures
}

// Option configures Open.
type Option func(*options)

// WithClock sets the clock that stamps revisions, deletions, runs and
// snapshot names (tests use a fixed one).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithAuthor sets the name that the revisions saved through the store
// record as their author. By default it is the name of the user of the
// operating system (DefaultAuthor).
func WithAuthor(name string) Option { return func(o *options) { o.author = name } }

// withSchemaVersion stops migrations at version v (fixtures of old schemas).
func withSchemaVersion(v int) Option { return func(o *options) { o.target = v } }

// DefaultPath is the database the desktop app and redlinectl share: the
// REDLINE_DB environment variable when set (a file, or a postgres:// URL),
// else redline/redline.db under the user's configuration directory.
func DefaultPath() (string, error) {
	if p := os.Getenv("REDLINE_DB"); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no default database location (%v); set REDLINE_DB to the database file", err)
	}
	return filepath.Join(dir, "redline", "redline.db"), nil
}

// OpenDefault opens the database a person chose — path, from redlinectl's
// --db or the app's -db, a file or a postgres:// URL — or, when path is "",
// the default one
// (DefaultPath). The desktop app and redlinectl both open their store
// through it, so that they agree on which file that is.
func OpenDefault(path string, opts ...Option) (*Store, error) {
	if path == "" {
		var err error
		if path, err = DefaultPath(); err != nil {
			return nil, err
		}
	}
	return Open(path, opts...)
}

// Open opens the Redline database at path, creating it (mode 0600, its folder
// 0700) when it does not exist. A file that exists and is not a Redline
// database — not SQLite, another program's SQLite, damaged, or from a newer
// Redline — is refused with a *FileError and left untouched. A 0-byte file,
// or a SQLite file with no application id and no tables (what a first run
// killed before its first commit leaves), is initialised.
//
// A database that can be read but not written (read-only file or folder)
// opens read-only: loads work, writes fail with ErrReadOnly.
//
// A path that is a postgres:// or postgresql:// URL opens a database on a
// PostgreSQL server instead (OpenPostgres describes what it refuses).
func Open(path string, opts ...Option) (*Store, error) {
	o := options{now: time.Now, author: DefaultAuthor(), target: len(migrations)}
	for _, opt := range opts {
		opt(&o)
	}
	if IsServerURL(path) {
		return openPostgres(path, o)
	}
	// Programs opening a new database at the same moment race to set it up,
	// and SQLite answers some of them SQLITE_BUSY at once rather than wait
	// (waiting could deadlock); a busy open is tried again a few times.
	for attempt := 0; ; attempt++ {
		s, err := openOnce(path, o)
		if err == nil || !errors.Is(err, ErrBusy) || attempt == 4 {
			return s, err
		}
		time.Sleep(time.Duration(50<<attempt) * time.Millisecond)
	}
}

func openOnce(path string, o options) (*Store, error) {
	if path == "" {
		return nil, errors.New("open database: no path given")
	}
	abs, err := filepath.Abs(path)
	if err == nil {
		abs, err = followLink(abs)
	}
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	fresh, err := prepareFile(abs)
	if err != nil {
		return nil, err
	}
	if !fresh {
		if err := inspect(abs); err != nil {
			return nil, err
		}
	}
	s := &Store{path: abs, now: o.now, stmts: map[string]*sql.Stmt{}, rstmts: map[string]*sql.Stmt{}}
	s.SetAuthor(o.author)
	if err := s.connect(); err != nil {
		return nil, err
	}
	if err := s.migrate(context.Background(), o.target); err != nil {
		s.Close()
		return nil, err
	}
	if s.w != nil {
		if err := s.prepareWriter(context.Background()); err != nil {
			s.Close()
			return nil, s.fileError(err)
		}
	}
	return s, nil
}

// Path is the absolute path of the database file, or the URL of a
// PostgreSQL database without its password.
func (s *Store) Path() string { return s.path }

// ReadOnly reports why the store cannot be written, nil when it can.
func (s *Store) ReadOnly() error { return s.readOnly }

// SetAuthor sets the name that the revisions saved from now on record as
// their author (WithAuthor sets the first), for a person who changes it in
// the app's preferences while a store is open. It is safe to call while
// other goroutines save.
func (s *Store) SetAuthor(name string) { s.author.Store(&name) }

// Author is the name the revisions saved through the store record.
func (s *Store) Author() string {
	if a := s.author.Load(); a != nil {
		return *a
	}
	return ""
}

// Close closes the database. It stops the store's watches (their channels
// close) and releases the runs it drives first. The last connection to
// close checkpoints the WAL into the main file.
func (s *Store) Close() error {
	s.bg.stop()
	s.mu.Lock()
	for _, cache := range []map[string]*sql.Stmt{s.stmts, s.rstmts} {
		for q, st := range cache {
			st.Close()
			delete(cache, q)
		}
	}
	s.mu.Unlock()
	err := s.r.Close()
	if s.w != nil && s.w != s.r {
		if werr := s.w.Close(); err == nil {
			err = werr
		}
	}
	return err
}

// followLink returns the file a symbolic link at path leads to, path itself
// when it is not a link. SQLite follows links too, and would create the
// file a dangling one names world-readable (and its -wal and -shm files
// alike); create makes it private first. The store's path is then the
// file's, and so are its snapshots' and messages'.
func followLink(path string) (string, error) {
	if st, err := os.Lstat(path); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		return path, nil
	}
	return planner.FollowSymlinks(path)
}

// prepareFile makes sure a file is there to open. fresh reports that it is
// empty: created now, or a 0-byte file, which holds nothing to lose.
func prepareFile(path string) (fresh bool, err error) {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return true, create(path)
	case err != nil:
		return false, readFailure(path, err)
	case st.IsDir():
		return false, &FileError{Path: path, Kind: ErrNotRedline, What: "is a folder, not a file", Snapshot: newestSnapshot(path)}
	case !st.Mode().IsRegular():
		return false, &FileError{Path: path, Kind: ErrNotRedline, What: "is not a regular file", Snapshot: newestSnapshot(path)}
	}
	return st.Size() == 0, nil
}

// create makes a new, empty database file readable by its owner only: plans
// are sensitive, and SQLite would create it world-readable. The WAL and
// shared-memory files SQLite adds take the main file's mode.
func create(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return &FileError{Path: path, Kind: ErrReadOnly,
			What: fmt.Sprintf("cannot create the database: cannot create its folder %s", dir), Err: err}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil // another process created it first; it is inspected like any other
	}
	if err != nil {
		what := "cannot create the database"
		if errors.Is(err, fs.ErrPermission) {
			what = fmt.Sprintf("cannot create the database: the folder %s is read-only", dir)
		}
		return &FileError{Path: path, Kind: ErrReadOnly, What: what + "; choose a writable location (REDLINE_DB or --db)", Err: err}
	}
	return f.Close()
}

// connect opens the writer and the read pool with the pragmas every
// connection needs. A database that cannot be written opens read-only.
func (s *Store) connect() error {
	common := []string{
		pragma("busy_timeout", busyTimeout.Milliseconds()),
		"_pragma=foreign_keys(1)",
		"_pragma=synchronous(FULL)",
	}
	w, err := openDB(s.path, append(common, "_pragma=journal_mode(WAL)", "_txlock=immediate")...)
	if err == nil {
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		w.SetConnMaxIdleTime(0)
		err = checkWritable(w)
		if err != nil {
			w.Close()
		}
	}
	if err != nil {
		if kindAt(s.path, err) != ErrReadOnly && !errors.Is(err, errReadOnlyFile) {
			return s.fileError(err)
		}
		s.readOnly = &OpError{Op: "write", Path: s.path, Kind: ErrReadOnly, Err: err}
		return s.connectReadOnly(common)
	}
	s.w = &pool{DB: w}
	r, err := openDB(s.path, append(common, "_txlock=deferred")...)
	if err != nil {
		w.Close()
		return s.fileError(err)
	}
	r.SetMaxIdleConns(4)
	s.r = &pool{DB: r}
	return nil
}

func (s *Store) connectReadOnly(common []string) error {
	r, err := openReadOnly(s.path, common...)
	if err != nil {
		return s.fileError(err)
	}
	s.r = &pool{DB: r}
	return nil
}

// checkWritable makes sure the writer can write, in WAL mode. SQLite opens a
// write-protected file read-only without a word, and a journal mode that
// silently stayed "delete" would lose the crash behaviour the store promises.
func checkWritable(w *sql.DB) error {
	ctx := context.Background()
	conn, err := w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	readOnly := false
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(interface{ IsReadOnly(string) (bool, error) })
		if !ok {
			return nil
		}
		var err error
		readOnly, err = c.IsReadOnly("main")
		return err
	})
	if err != nil {
		return err
	}
	if readOnly {
		return errReadOnlyFile
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("journal mode is %q, want wal", mode)
	}
	return nil
}

// errReadOnlyFile is what the driver does not say when it opened a
// write-protected file read-only.
var errReadOnlyFile = errors.New("the file is write-protected")

func (s *Store) fileError(err error) error { return openFailure(s.path, err) }

// openDB opens a pool on path with the given DSN parameters. The path goes in
// a file: URI so that any character in it is safe.
func openDB(path string, params ...string) (*sql.DB, error) {
	u := url.URL{Scheme: "file", OmitHost: true, Path: filepath.ToSlash(path)}
	dsn := u.String() + "?" + strings.Join(params, "&")
	return sql.Open("sqlite", dsn)
}

func pragma(name string, v int64) string { return fmt.Sprintf("_pragma=%s(%d)", name, v) }

func queryStrings(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v sql.NullString
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v.String)
	}
	return out, rows.Err()
}

// writable returns the reason the store cannot be written, nil when it can.
func (s *Store) writable(op string) error {
	if s.readOnly == nil {
		return nil
	}
	return &OpError{Op: op, Path: s.path, Kind: ErrReadOnly, Err: errors.New("the database was opened read-only"), write: true}
}

// stmt returns query for tx, the writer's transaction: on SQLite prepared
// once per store (with one writer connection, database/sql reuses the
// statement in every transaction).
func (s *Store) stmt(ctx context.Context, tx *txn, query string) (stmt, error) {
	return s.prepared(ctx, tx, s.w, s.stmts, query)
}

// prepareWriter prepares the statements of SavePlan on SQLite's writer,
// once: they cannot be prepared on it later, while a transaction holds its
// only connection.
func (s *Store) prepareWriter(ctx context.Context) error {
	queries := append(writerQueries(), planQueries...)
	for _, q := range queries {
		st, err := s.w.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		s.stmts[q] = st
	}
	return nil
}

// readStmt returns query for tx, a read transaction; on SQLite
// database/sql prepares it once on each pooled connection that runs it.
func (s *Store) readStmt(ctx context.Context, tx *txn, query string) (stmt, error) {
	return s.prepared(ctx, tx, s.r, s.rstmts, query)
}

func (s *Store) prepared(ctx context.Context, tx *txn, db *pool, cache map[string]*sql.Stmt, query string) (stmt, error) {
	if s.pg {
		return stmt{tx: tx, q: query}, nil
	}
	s.mu.Lock()
	st, ok := cache[query]
	s.mu.Unlock()
	if !ok && db == s.w {
		// The writer's only connection is tx's: preparing on s.w would
		// wait for it forever. The statement lives as long as tx.
		st, err := tx.PrepareContext(ctx, query)
		return stmt{st: st}, err
	}
	if !ok {
		var err error
		if st, err = db.PrepareContext(ctx, query); err != nil {
			return stmt{}, err
		}
		s.mu.Lock()
		if prev, ok := cache[query]; ok {
			st.Close()
			st = prev
		} else {
			cache[query] = st
		}
		s.mu.Unlock()
	}
	return stmt{st: tx.StmtContext(ctx, st)}, nil
}

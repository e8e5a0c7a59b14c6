package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/url"
	"os"
	"os/user"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// A store on a PostgreSQL server (a team's, or the throwaway one of "make
// pg") keeps the promises of the SQLite file: a save is one transaction
// that names its base revision and fails with a conflict if someone saved
// since (the plan's row is locked while it is checked and written); the
// same tables, made by migrations of the same numbers; a database that is
// not Redline's, or is a newer Redline's, is refused before anything is
// written. Redline stores no password: pgx takes it from the URL,
// PGPASSWORD or ~/.pgpass (PGPASSFILE), and no message shows it.

// IsServerURL reports whether path names a database on a PostgreSQL server,
// a postgres:// or postgresql:// URL, rather than a file.
func IsServerURL(path string) bool {
	l := strings.ToLower(path)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// The first keys of the advisory locks PostgreSQL transactions take (the
// second is the schema's, so that stores in different schemas of one
// database do not wait for each other).
const (
	migrationsLock = ApplicationID     // setting up or upgrading the schema
	profilesLock   = ApplicationID + 1 // changing profiles
)

// Connection settings the URL may override.
const (
	serverConnectTimeout = 10 * time.Second
	// serverLockTimeout is how long a save waits for another's lock on the
	// same plan before failing with ErrBusy, SQLite's busy timeout.
	serverLockTimeout = "5s"
)

// markerTable is PostgreSQL's stand-in for SQLite's application id and
// user_version: one row, ('RDLN', version).
const markerTable = "redline_schema"

// DefaultAuthor is the author the revisions record when the store is not
// given one (WithAuthor): the login name of the user of the operating
// system, "" when it cannot be told.
func DefaultAuthor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, v := range []string{"USER", "USERNAME"} {
		if name := os.Getenv(v); name != "" {
			return name
		}
	}
	return ""
}

// openPostgres opens the Redline database at a postgres:// URL: it connects,
// refuses a database that is another program's or a newer Redline's
// without writing to it, and sets up or upgrades Redline's tables.
func openPostgres(rawURL string, o options) (*Store, error) {
	shown, secret, err := redactURL(rawURL)
	if err != nil {
		return nil, err
	}
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("open database %s: not a PostgreSQL URL Redline can use: %s", shown,
			redacted{err, secret}.Error())
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = serverConnectTimeout
	}
	for k, v := range map[string]string{"application_name": "redline", "lock_timeout": serverLockTimeout} {
		if _, set := cfg.RuntimeParams[k]; !set {
			cfg.RuntimeParams[k] = v
		}
	}
	if secret == "" {
		secret = cfg.Password // from PGPASSWORD or the password file
	}
	// A pooled connection is pinged before each use: after the server was
	// restarted, a dead one is dropped and the next operation connects
	// again, instead of failing once.
	db := stdlib.OpenDB(*cfg, stdlib.OptionShouldPing(func(context.Context, stdlib.ShouldPingParams) bool { return true }))
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(5 * time.Minute)
	p := &pool{DB: db, pg: true}
	s := &Store{path: shown, now: o.now, pg: true, w: p, r: p, secret: secret,
		role: cfg.User, database: cfg.Database, pgConfig: cfg}
	s.SetAuthor(o.author)
	if err := s.openServer(context.Background(), o.target); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) openServer(ctx context.Context, target int) error {
	if err := s.r.PingContext(ctx); err != nil {
		return s.serverOpenFailure(err)
	}
	version, err := s.inspectServer(ctx)
	if err != nil {
		return err
	}
	if err := s.migrateServer(ctx, version, target); err != nil {
		return err
	}
	return s.checkServerWritable(ctx)
}

// inspectServer refuses a database that is not Redline's or is a newer
// Redline's, reading only; it returns the schema version, 0 for an empty
// schema. The tables are those of the connection's current schema (the
// first of its search_path that exists, "public" by default).
func (s *Store) inspectServer(ctx context.Context) (int, error) {
	var schema sql.NullString
	if err := s.r.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return 0, s.serverOpenFailure(err)
	}
	if !schema.Valid {
		return 0, &FileError{Path: s.path, Kind: ErrNotFound,
			What: "has no schema to keep Redline's tables in: none of the schemas on the search_path exists; " +
				"create one, or name one in the URL (?search_path=…)"}
	}
	tables, err := queryStrings(ctx, s.r, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY c.relname`)
	if err != nil {
		return 0, s.serverOpenFailure(err)
	}
	if len(tables) == 0 {
		return 0, nil // empty: set up like a new file
	}
	refuse := func(kind error, what string, err error) error {
		return &FileError{Path: s.path, Kind: kind, What: what, Err: s.redact(err)}
	}
	if !slices.Contains(tables, markerTable) {
		return 0, refuse(ErrNotRedline, fmt.Sprintf("holds the tables of another program in schema %s (%s), and not Redline's %s",
			schema.String, summarizeNames(tables), markerTable), nil)
	}
	var application string
	var version int
	err = s.r.QueryRowContext(ctx, "SELECT application, version FROM "+markerTable).Scan(&application, &version)
	switch kind := serverKind(err); {
	case err == nil && application == "RDLN":
	case kind == ErrReadOnly:
		return 0, refuse(ErrReadOnly, fmt.Sprintf("cannot be opened: role %s may not read Redline's tables in schema %s; "+
			"ask the database's owner to grant it SELECT (and INSERT, UPDATE, DELETE to save)", s.role, schema.String), err)
	case kind != nil:
		return 0, s.serverOpenFailure(err)
	default:
		return 0, refuse(ErrNotRedline, fmt.Sprintf("has a table %s in schema %s that is not Redline's (tables %s)",
			markerTable, schema.String, summarizeNames(tables)), err)
	}
	if version > len(pgMigrations) {
		return 0, refuse(ErrTooNew, fmt.Sprintf("was written by a newer version of Redline (schema v%d; this version knows up to v%d); update Redline",
			version, len(pgMigrations)), nil)
	}
	return version, nil
}

// migrateServer brings the schema from version current to target, one
// transaction per migration. PostgreSQL's DDL is transactional, so a
// migration that fails leaves nothing behind; there is no snapshot, as
// there is beside a file: the server's backups (pg_dump) are its
// administrator's. Each migration takes a lock and reads the version again
// under it: programs that open a new database at the same moment set it up
// once.
func (s *Store) migrateServer(ctx context.Context, current, target int) error {
	for _, m := range pgMigrations[min(current, target):target] {
		if err := s.applyServer(ctx, m); err != nil {
			kind := serverKind(err)
			what := fmt.Sprintf("upgrading to schema v%d (%s) failed and was rolled back; nothing on the server was changed", m.version, m.name)
			switch {
			case kind == ErrReadOnly && current == 0:
				what = fmt.Sprintf("is empty, and role %s may not create Redline's tables in it; open it once as a role "+
					"that may (the database's owner), or ask for CREATE on the schema. Nothing on the server was changed", s.role)
			case kind == ErrReadOnly:
				what = fmt.Sprintf("needs upgrading from schema v%d to v%d, and role %s may not change its tables; open it once "+
					"as a role that may (the database's owner). Nothing on the server was changed", current, target, s.role)
			case kind == nil:
				kind = ErrCorrupt
			}
			return &FileError{Path: s.path, Kind: kind, What: what, Err: s.redact(err)}
		}
	}
	return nil
}

func (s *Store) applyServer(ctx context.Context, m migration) error {
	tx, err := s.w.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t := &txn{Tx: tx, pg: true}
	if _, err := t.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?, hashtext(current_schema()))", migrationsLock); err != nil {
		return err
	}
	v, err := serverVersion(ctx, t)
	if err != nil {
		return err
	}
	if v >= m.version {
		return nil // another program got there first
	}
	if v != m.version-1 {
		return fmt.Errorf("schema is at v%d, cannot apply %s", v, m.name)
	}
	// Run as written: the migration's text is not a query of ours to
	// rebind, and without arguments pgx sends it whole.
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := t.ExecContext(ctx, "UPDATE "+markerTable+" SET version = ?", m.version); err != nil {
		return err
	}
	return tx.Commit()
}

// serverVersion reads the schema version within tx: 0 when the current
// schema has no marker table yet.
func serverVersion(ctx context.Context, tx *txn) (int, error) {
	var exists bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relname = ?)`, markerTable).Scan(&exists)
	if err != nil || !exists {
		return 0, err
	}
	var v int
	err = tx.QueryRowContext(ctx, "SELECT version FROM "+markerTable).Scan(&v)
	return v, err
}

// checkServerWritable opens the store read-only when the role may not change
// Redline's tables, or the server is a read-only standby: loads work,
// writes fail with ErrReadOnly before reaching the server.
func (s *Store) checkServerWritable(ctx context.Context) error {
	var ok bool
	err := s.r.QueryRowContext(ctx, `SELECT has_table_privilege('plans', 'INSERT') AND has_table_privilege('plans', 'UPDATE')
		AND has_table_privilege('plans', 'DELETE') AND has_table_privilege('revisions', 'INSERT')
		AND current_setting('transaction_read_only') = 'off'`).Scan(&ok)
	if err != nil {
		return s.serverOpenFailure(err)
	}
	if !ok {
		s.readOnly = &OpError{Op: "write", Path: s.path, Kind: ErrReadOnly,
			Err: fmt.Errorf("role %s may not change Redline's tables, or the server is a read-only standby", s.role)}
	}
	return nil
}

// serverOpenFailure refuses a server database that could not be opened, in
// words that say what failed: the server, the role or the database.
func (s *Store) serverOpenFailure(err error) *FileError {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe
	}
	kind := serverKind(err)
	var pe *pgconn.PgError
	errors.As(err, &pe)
	var what string
	switch {
	case kind == ErrUnreachable && strings.Contains(strings.ToLower(err.Error()), "tls"):
		what = "cannot be opened: the TLS connection the URL asks for (sslmode) could not be made; " +
			"check sslmode in the URL and that the server offers TLS"
	case kind == ErrUnreachable:
		what = "cannot be opened: the PostgreSQL server cannot be reached; is it running, and are the host and port in the URL right?"
	case kind == ErrAuth && pe != nil && pe.Code == "28P01":
		what = fmt.Sprintf("cannot be opened: the server refused the password of role %s. Redline stores no password: "+
			"it uses the one in the URL, else PGPASSWORD, else ~/.pgpass (or the file PGPASSFILE names); correct it there", s.role)
	case kind == ErrAuth:
		what = fmt.Sprintf("cannot be opened: the server does not let role %s into database %s from here (its pg_hba.conf, "+
			"or no such role); ask its administrator", s.role, s.database)
	case kind == ErrReadOnly:
		what = fmt.Sprintf("cannot be opened: role %s may not connect to database %s; ask its owner to grant CONNECT", s.role, s.database)
	case kind == ErrNotFound:
		what = fmt.Sprintf("cannot be opened: there is no database %s on the server; create it (createdb %s) or correct the URL",
			s.database, s.database)
	case kind == nil:
		kind, what = ErrCorrupt, "cannot be opened"
	default:
		what = "cannot be opened"
	}
	return &FileError{Path: s.path, Kind: kind, What: what, Err: s.redact(err)}
}

// serverError is FileError's message for a database on a server.
func (e *FileError) serverError() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", e.Path, e.What)
	switch e.Kind {
	case ErrNotRedline:
		b.WriteString("; expected an empty database (or schema), or one Redline set up. Nothing on the server was changed. " +
			"Choose another database (REDLINE_DB or --db), or another schema (?search_path=… in the URL)")
	case ErrTooNew:
		fmt.Fprintf(&b, "; expected a Redline database of schema v%d or older. Nothing on the server was changed", len(pgMigrations))
	}
	if e.Err != nil {
		fmt.Fprintf(&b, " (%v)", e.Err)
	}
	return b.String()
}

// serverHint is OpError's hint for a database on a server.
func serverHint(path string, kind error) string {
	switch kind {
	case ErrUnreachable:
		return fmt.Sprintf("lost the connection to the PostgreSQL server of %s, or cannot reach it; what you typed is still open: "+
			"try again when the server is back", path)
	case ErrReadOnly:
		return fmt.Sprintf("%s cannot be written: this role may not change Redline's tables, or the server is read-only; ask its owner", path)
	case ErrDiskFull:
		return fmt.Sprintf("the PostgreSQL server of %s is out of disk space; ask its administrator", path)
	case ErrBusy:
		return fmt.Sprintf("%s: another program held a lock on what this needs for too long; try again", path)
	case ErrAuth:
		return fmt.Sprintf("the PostgreSQL server of %s refused the role", path)
	case ErrCorrupt, ErrIO:
		return fmt.Sprintf("the PostgreSQL server of %s reports damaged data or a failing disk; tell its administrator", path)
	}
	return ""
}

// serverKind maps an error of a PostgreSQL server or of the connection to it
// to the sentinel a person can act on, nil when none fits.
func serverKind(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch code := pe.Code; {
		case code == "42501" || code == "25006": // insufficient_privilege, read_only_sql_transaction
			return ErrReadOnly
		case code == "28000" || code == "28P01": // invalid_authorization_specification, invalid_password
			return ErrAuth
		case code == "3D000": // invalid_catalog_name: no such database
			return ErrNotFound
		case code == "53100": // disk_full
			return ErrDiskFull
		case code == "55P03" || code == "40P01" || code == "40001": // lock_not_available, deadlock, serialization
			return ErrBusy
		case code == "XX001" || code == "XX002": // data_corrupted, index_corrupted
			return ErrCorrupt
		case code == "58030": // io_error
			return ErrIO
		case strings.HasPrefix(code, "08"), code == "57P01", code == "57P02", code == "57P03": // connection, shutdown
			return ErrUnreachable
		}
		return nil
	}
	if connectionLost(err) {
		return ErrUnreachable
	}
	return nil
}

// connectionLost reports an error of the network or of a connection the
// server closed, rather than one the server answered.
func connectionLost(err error) bool {
	var (
		ce *pgconn.ConnectError
		ne net.Error
	)
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), errors.Is(err, driver.ErrBadConn),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.ECONNREFUSED):
		return true
	}
	return strings.Contains(err.Error(), "conn closed")
}

// unstorable says why the server refused a plan's text, "" when it did not:
// PostgreSQL's text cannot hold the character U+0000, which a plan's
// multi-line fields may.
func unstorable(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "22021" || pe.Code == "22P05") {
		return "a text of the plan holds the character U+0000 (NUL), which a PostgreSQL store cannot hold; remove it (" + pe.Message + ")"
	}
	return ""
}

// commitUnknownError is a commit whose connection was lost: the server may
// have stored the change or not.
type commitUnknownError struct{ err error }

func (e *commitUnknownError) Error() string {
	return "the connection was lost while committing, so it cannot be told whether the change was stored; reload to see: " + e.err.Error()
}

func (e *commitUnknownError) Unwrap() error { return e.err }

// commit commits tx, a write transaction.
func (s *Store) commit(tx *txn) error {
	err := tx.Commit()
	if err != nil && s.pg && serverKind(err) == ErrUnreachable {
		return &commitUnknownError{err}
	}
	return err
}

// copyRows writes rows into t with COPY, on the connection of tx and
// within it.
func copyRows(ctx context.Context, tx *txn, t table, rows [][]any) error {
	if tx.conn == nil {
		return errors.New("COPY outside a write transaction")
	}
	return tx.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("COPY needs a pgx connection, not %T", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromRows(rows))
		return err
	})
}

// changedRows compares rows, the new rows of t for plan pk, with those
// stored: it deletes the stored rows that differ or are gone, and returns
// the rows to write, those that differ or are new. Rewriting only what
// changed keeps a save of an open plan, which mostly changes little, from
// rewriting (and leaving dead behind) every row of a large plan; when most
// rows changed, all go at once.
func changedRows(ctx context.Context, tx *txn, t table, pk int64, rows [][]any) ([][]any, error) {
	type key struct{ owner, position int64 }
	keyOf := func(vals []any) key { // vals without the plan
		if t.owner() != "" {
			return key{vals[0].(int64), vals[1].(int64)}
		}
		return key{-1, vals[0].(int64)}
	}
	stored := map[key][]any{}
	q := "SELECT " + strings.Join(t.cols[1:], ", ") + " FROM " + t.name + " WHERE plan = ?"
	err := eachRow(ctx, tx, q, func(r *sql.Rows) error {
		vals := make([]any, len(t.cols)-1)
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := r.Scan(ptrs...); err != nil {
			return err
		}
		stored[keyOf(vals)] = vals
		return nil
	}, pk)
	if err != nil || len(stored) == 0 {
		return rows, err
	}
	all := len(stored)
	var write [][]any
	var gone []key
	for _, r := range rows {
		k := keyOf(r[1:])
		old, ok := stored[k]
		if ok {
			delete(stored, k)
			if sameValues(old, r[1:]) {
				continue
			}
			gone = append(gone, k)
		}
		write = append(write, r)
	}
	for k := range stored {
		gone = append(gone, k)
	}
	switch {
	case len(gone) == 0:
	case len(gone) > all/2:
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t.name+" WHERE plan = ?", pk); err != nil {
			return nil, err
		}
		return rows, nil
	case t.owner() == "":
		positions := make([]int64, len(gone))
		for i, k := range gone {
			positions[i] = k.position
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM "+t.name+" WHERE plan = ? AND position = ANY (?)", pk, positions)
	default:
		owners, positions := make([]int64, len(gone)), make([]int64, len(gone))
		for i, k := range gone {
			owners[i], positions[i] = k.owner, k.position
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM "+t.name+" WHERE plan = ? AND ("+t.owner()+", position) IN "+
			"(SELECT * FROM unnest(?::bigint[], ?::bigint[]))", pk, owners, positions)
	}
	return write, err
}

// sameValues reports whether a stored row (as scanned) holds the values a
// new one does. Numbers compare by their bits, so that -0 is not taken for
// 0.
func sameValues(stored, row []any) bool {
	for i, v := range row {
		switch x := v.(type) {
		case float64:
			y, ok := stored[i].(float64)
			if !ok || math.Float64bits(x) != math.Float64bits(y) {
				return false
			}
		default:
			if stored[i] != v {
				return false
			}
		}
	}
	return true
}

// verifyServer is Verify on PostgreSQL.
func (s *Store) verifyServer(ctx context.Context) ([]string, error) {
	var version int
	if err := s.r.QueryRowContext(ctx, "SELECT version FROM "+markerTable).Scan(&version); err != nil {
		return nil, s.opError("verify", err)
	}
	var lines []string
	if version != len(pgMigrations) {
		lines = append(lines, fmt.Sprintf("schema: v%d, want v%d", version, len(pgMigrations)))
	}
	// The entity tables have no foreign keys here (migrations/postgres/
	// 0001_initial.sql): what SQLite's foreign key check finds, this does.
	for _, t := range childTables {
		owner, on := "plans", "o.pk = c.plan"
		if o := t.owner(); o != "" {
			owner, on = ownerTables[o], "o.plan = c.plan AND o.position = c."+o
		}
		var n int
		err := s.r.QueryRowContext(ctx, "SELECT count(*) FROM "+t.name+" c WHERE NOT EXISTS (SELECT 1 FROM "+owner+" o WHERE "+on+")").Scan(&n)
		if err != nil {
			return nil, s.opError("verify", err)
		}
		if n > 0 {
			lines = append(lines, fmt.Sprintf("foreign key: %d rows of %s refer to a missing row of %s", n, t.name, owner))
		}
	}
	rows, err := s.r.QueryContext(ctx, `SELECT p.id, p.revision FROM plans p
		LEFT JOIN revisions r ON r.plan = p.pk AND r.n = p.revision WHERE r.plan IS NULL ORDER BY p.id`)
	if err != nil {
		return nil, s.opError("verify", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var rev int64
		if err := rows.Scan(&id, &rev); err != nil {
			return nil, s.opError("verify", err)
		}
		lines = append(lines, fmt.Sprintf("plan %s: no document of its latest revision %d", id, rev))
	}
	return lines, s.opError("verify", rows.Err())
}

// ownerTables are the tables of the owners that lists of lists name, by the
// owner's column.
var ownerTables = map[string]string{
	"response": "responses", "inject": "injects", "red_line": "red_lines",
	"contribution": "contributions", "link": "links", "term": "terms",
}

// errServerBackup is Backup's answer for a database on a server.
var errServerBackup = errors.New("a database on a PostgreSQL server is backed up on the server, not by Redline: " +
	"use pg_dump (pg_dump --format=custom --file=redline.dump URL), which takes a consistent copy while it is in use")

// redactURL returns the URL to show (without a password) and the password
// it holds, "" if none. A URL that cannot be parsed is refused without
// being shown: where its password is cannot be told.
func redactURL(raw string) (shown, secret string, err error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		reason := "it cannot be parsed"
		if errors.As(err, &ue) {
			reason = ue.Err.Error()
		}
		return "", "", fmt.Errorf("open database: the PostgreSQL URL is malformed (%s); "+
			"the form is postgres://ROLE@HOST:PORT/DATABASE?sslmode=… (the URL is not shown, as it may hold a password)", reason)
	}
	if u.User != nil {
		secret, _ = u.User.Password()
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	if p := q.Get("password"); p != "" {
		secret = p
	}
	if q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String(), secret, nil
}

// redacted is an error whose message never shows secret (the password).
type redacted struct {
	err    error
	secret string
}

func (r redacted) Error() string {
	msg := r.err.Error()
	if r.secret != "" {
		msg = strings.ReplaceAll(msg, r.secret, "xxxxx")
	}
	return msg
}

func (r redacted) Unwrap() error { return r.err }

// redact keeps the password out of err's message.
func (s *Store) redact(err error) error {
	if err == nil || s.secret == "" {
		return err
	}
	return redacted{err, s.secret}
}

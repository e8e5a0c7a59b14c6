package storage

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"sync"
)

// The store runs one set of queries on SQLite and on PostgreSQL, through
// database/sql. They are written for SQLite, with ? placeholders and the
// SQL both understand (RETURNING, ON CONFLICT … DO NOTHING). What differs is kept here and in postgres.go: placeholders are rebound to $1,
// $2, … for PostgreSQL; a save locks its plan's row (SELECT … FOR UPDATE)
// where SQLite's one writer needs no lock; a read transaction asks for
// repeatable read, since PostgreSQL's default takes a new snapshot for every
// statement; and bulk writes use COPY instead of many-row INSERTs.

// pool is a connection pool of the store: SQLite's writer or read pool, or
// PostgreSQL's one pool. Its query methods take the SQLite spelling.
type pool struct {
	*sql.DB
	pg bool
}

func (p *pool) sql(q string) string { return spell(p.pg, q) }

func (p *pool) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return p.DB.ExecContext(ctx, p.sql(q), args...)
}

func (p *pool) Exec(q string, args ...any) (sql.Result, error) {
	return p.ExecContext(context.Background(), q, args...)
}

func (p *pool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return p.DB.QueryContext(ctx, p.sql(q), args...)
}

func (p *pool) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return p.DB.QueryRowContext(ctx, p.sql(q), args...)
}

func (p *pool) QueryRow(q string, args ...any) *sql.Row {
	return p.QueryRowContext(context.Background(), q, args...)
}

func (p *pool) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return p.DB.PrepareContext(ctx, p.sql(q))
}

// txn is a transaction of the store. Its query methods take the SQLite
// spelling, like pool's.
type txn struct {
	*sql.Tx
	pg bool
	// conn is the connection a PostgreSQL write transaction runs on, held
	// so that COPY can run on it, inside the transaction; nil otherwise.
	conn *sql.Conn
}

func (t *txn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.Tx.ExecContext(ctx, spell(t.pg, q), args...)
}

func (t *txn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.Tx.QueryContext(ctx, spell(t.pg, q), args...)
}

func (t *txn) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return t.Tx.QueryRowContext(ctx, spell(t.pg, q), args...)
}

func (t *txn) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return t.Tx.PrepareContext(ctx, spell(t.pg, q))
}

// Commit commits the transaction and gives its connection back.
func (t *txn) Commit() error {
	err := t.Tx.Commit()
	t.release()
	return err
}

// Rollback rolls the transaction back, unless it is done, and gives its
// connection back.
func (t *txn) Rollback() error {
	err := t.Tx.Rollback()
	t.release()
	return err
}

func (t *txn) release() {
	if t.conn != nil {
		t.conn.Close()
		t.conn = nil
	}
}

// beginWrite starts a write transaction: on SQLite an immediate one on the
// one writer connection (the write lock first, then the reads that decide);
// on PostgreSQL one on a connection held for COPY, whose reads lock the rows
// they decide on.
func (s *Store) beginWrite(ctx context.Context) (*txn, error) {
	if !s.pg {
		tx, err := s.w.DB.BeginTx(ctx, nil)
		if err != nil {
			return nil, err
		}
		return &txn{Tx: tx}, nil
	}
	conn, err := s.w.DB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return &txn{Tx: tx, pg: true, conn: conn}, nil
}

// beginRead starts a read-only transaction whose statements all see one
// snapshot, so that a plan and its lists come from the same revision even
// while another connection saves.
func (s *Store) beginRead(ctx context.Context) (*txn, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.pg {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.r.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &txn{Tx: tx, pg: s.pg}, nil
}

// forUpdate is the clause that locks the rows a write transaction reads
// before it decides: PostgreSQL's. SQLite's writer holds the whole database
// already.
func (s *Store) forUpdate() string {
	if s.pg {
		return " FOR UPDATE"
	}
	return ""
}

// stmt is a query run in a transaction: on SQLite a statement prepared once
// per store; on PostgreSQL the query itself, which pgx prepares once per
// connection and caches.
type stmt struct {
	st *sql.Stmt
	tx *txn
	q  string
}

func (s stmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	if s.st != nil {
		return s.st.ExecContext(ctx, args...)
	}
	return s.tx.ExecContext(ctx, s.q, args...)
}

func (s stmt) QueryContext(ctx context.Context, args ...any) (*sql.Rows, error) {
	if s.st != nil {
		return s.st.QueryContext(ctx, args...)
	}
	return s.tx.QueryContext(ctx, s.q, args...)
}

func (s stmt) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	if s.st != nil {
		return s.st.QueryRowContext(ctx, args...)
	}
	return s.tx.QueryRowContext(ctx, s.q, args...)
}

// spelled caches queries rebound for PostgreSQL.
var spelled sync.Map // string → string

// spell returns q as the backend takes it: as written for SQLite, or with
// its ? placeholders numbered $1, $2, … for PostgreSQL. A ? inside a quoted
// literal is left alone.
func spell(pg bool, q string) string {
	if !pg || !strings.Contains(q, "?") {
		return q
	}
	if v, ok := spelled.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n, quoted := 0, false
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c == '\'':
			quoted = !quoted
			b.WriteByte(c)
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	spelled.Store(q, out)
	return out
}

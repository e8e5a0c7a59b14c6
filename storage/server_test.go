package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"redline/planner"
)

// The tests of what only a store on a PostgreSQL server has: its refusals
// at open, a lost connection, a role that may not write. The rest of the
// suite runs on the server too (backend_test.go).

// serverState is what must not change about a database Redline refuses:
// the tables of its schema and what they hold.
func serverState(t *testing.T, dbURL string) map[string]string {
	t.Helper()
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables, err := queryStrings(context.Background(), db, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() ORDER BY c.relname`)
	if err != nil {
		t.Fatal(err)
	}
	state := map[string]string{}
	for _, name := range tables {
		var rows string
		// Every row as text: a changed value, an added or removed row shows.
		err := db.QueryRow(fmt.Sprintf(`SELECT coalesce(string_agg(t::text, ',' ORDER BY t::text), '') FROM %q t`, name)).Scan(&rows)
		if err != nil {
			rows = "(not a table)" // an index or a sequence
		}
		state[name] = rows
	}
	return state
}

func TestOpenRefusesDatabasesThatAreNotOurs(t *testing.T) {
	postgresOnly(t)
	cases := []struct {
		name string
		make func(t *testing.T, dbURL string)
		kind error
		says []string
	}{
		{"another program's tables", func(t *testing.T, dbURL string) {
			pgExec(t, dbURL, "CREATE TABLE accounts (id integer PRIMARY KEY, owner text)",
				"INSERT INTO accounts VALUES (1, 'Olena')", "CREATE TABLE orders (id integer)")
		}, ErrNotRedline, []string{"holds the tables of another program", "accounts, orders", "and not Redline's redline_schema",
			"Nothing on the server was changed", "Choose another database"}},
		{"another program's table named like Redline's marker", func(t *testing.T, dbURL string) {
			pgExec(t, dbURL, "CREATE TABLE redline_schema (name text)", "INSERT INTO redline_schema VALUES ('not ours')")
		}, ErrNotRedline, []string{"has a table redline_schema", "that is not Redline's", "Nothing on the server was changed"}},
		{"a Redline database of a newer version", func(t *testing.T, dbURL string) {
			s, err := Open(dbURL)
			if err != nil {
				t.Fatal(err)
			}
			mustSave(t, s, referencePlan(t), 0)
			s.Close()
			pgExec(t, dbURL, "UPDATE redline_schema SET version = 99")
		}, ErrTooNew, []string{"newer version of Redline", "schema v99", "update Redline", "Nothing on the server was changed"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dbURL := pgURL(t)
			tc.make(t, dbURL)
			before := serverState(t, dbURL)
			s, err := Open(dbURL)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			var fe *FileError
			if !errors.Is(err, tc.kind) || !errors.As(err, &fe) {
				t.Errorf("err = %v; want a *FileError, errors.Is %v", err, tc.kind)
			}
			for _, want := range tc.says {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the message does not say %q:\n%s", want, err)
				}
			}
			if after := serverState(t, dbURL); !reflect.DeepEqual(before, after) {
				t.Errorf("the database changed:\n before %v\n after  %v", before, after)
			}
		})
	}
}

// testServer is the host and port of REDLINE_PG_URL's server, its role and
// database.
func testServer(t *testing.T) *url.URL {
	t.Helper()
	pgURL(t) // skips or fails without a server
	u, err := url.Parse(os.Getenv("REDLINE_PG_URL"))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// freePort is a port of 127.0.0.1 that nothing listens on.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// A URL that cannot work is refused with a message that says what failed —
// the URL, the server, the password, the role, the database — and never
// shows the password.
func TestOpenOnAServerSaysWhatFailed(t *testing.T) {
	postgresOnly(t)
	server := testServer(t)
	const password = "Pa55-word-in-the-URL"
	at := func(user, host, path, query string) string {
		u := url.URL{Scheme: "postgres", User: url.UserPassword(user, password), Host: host, Path: path, RawQuery: query}
		return u.String()
	}
	role := server.User.Username()
	tests := []struct {
		name string
		url  string
		kind error // nil: a plain error
		says []string
	}{
		{"a malformed URL", "postgres://" + role + ":" + password + "@127.0.0.1:port/redline", nil,
			[]string{"the PostgreSQL URL is malformed", "invalid port", "postgres://ROLE@HOST:PORT/DATABASE"}},
		{"an unknown sslmode", at(role, server.Host, server.Path, "sslmode=sometimes"), nil,
			[]string{"not a PostgreSQL URL Redline can use", "sslmode"}},
		{"no server at the port", at(role, freePort(t), server.Path, "sslmode=disable"), ErrUnreachable,
			[]string{"the PostgreSQL server cannot be reached", "is it running", "connection refused"}},
		{"a wrong password", at(role, server.Host, server.Path, "sslmode=disable"), ErrAuth,
			[]string{"refused the password of role " + role, "Redline stores no password", "PGPASSWORD", "~/.pgpass"}},
		{"a wrong password in the query", "postgres://" + role + "@" + server.Host + server.Path + "?sslmode=disable&password=" + password, ErrAuth,
			[]string{"refused the password of role " + role}},
		{"no such database", "postgres://" + role + "@" + server.Host + "/no_such_database?sslmode=disable", ErrNotFound,
			[]string{"there is no database no_such_database", "createdb"}},
		{"TLS the server does not offer", "postgres://" + role + "@" + server.Host + server.Path + "?sslmode=require", ErrUnreachable,
			[]string{"TLS", "sslmode"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(tt.url)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Errorf("err = %v; want errors.Is %v", err, tt.kind)
			}
			msg := err.Error()
			for _, want := range tt.says {
				if !strings.Contains(msg, want) {
					t.Errorf("the message does not say %q:\n%s", want, msg)
				}
			}
			if strings.Contains(msg, password) {
				t.Errorf("the message shows the password:\n%s", msg)
			}
		})
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct {
		url, shown, secret string
	}{
		{"postgres://olena:pa55@db.example:5432/plans?sslmode=verify-full", "postgres://olena@db.example:5432/plans?sslmode=verify-full", "pa55"},
		{"postgresql://olena@db.example/plans", "postgresql://olena@db.example/plans", ""},
		{"postgres://db.example/plans?password=pa55&sslmode=require", "postgres://db.example/plans?sslmode=require", "pa55"},
		{"postgres:///plans?host=/run/postgresql", "postgres:///plans?host=/run/postgresql", ""},
	}
	for _, tt := range tests {
		shown, secret, err := redactURL(tt.url)
		if err != nil || shown != tt.shown || secret != tt.secret {
			t.Errorf("redactURL(%q) = %q, %q, %v; want %q, %q", tt.url, shown, secret, err, tt.shown, tt.secret)
		}
	}
}

func TestIsServerURL(t *testing.T) {
	for path, want := range map[string]bool{
		"postgres://h/db": true, "postgresql://h/db": true, "POSTGRES://h/db": true,
		"/home/olena/redline.db": false, "postgres.db": false, "./postgres://x": false, "": false,
	} {
		if got := IsServerURL(path); got != want {
			t.Errorf("IsServerURL(%q) = %v, want %v", path, got, want)
		}
	}
}

// OpenDefault takes a URL from --db or REDLINE_DB as it takes a file; the
// store's path is the URL without its password.
func TestOpenDefaultOnAServer(t *testing.T) {
	postgresOnly(t)
	dbURL := pgURL(t)
	t.Setenv("REDLINE_DB", dbURL)
	s, err := OpenDefault("")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Path() != dbURL {
		t.Errorf("Path() = %q, want %q", s.Path(), dbURL)
	}
}

// proxy stands between a store and the server, so that a test can cut
// the connections as a server that stops, or a network that fails, would
// — without stopping the server other tests use at the same time.
type proxy struct {
	ln     net.Listener
	target string

	mu     sync.Mutex
	conns  []net.Conn
	refuse bool // new connections are closed at once: the server is down
	// armed: every connection is cut once clients have sent budget more
	// bytes, and cut is closed.
	armed  atomic.Bool
	budget atomic.Int64
	cut    chan struct{}
}

func newProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target}
	t.Cleanup(func() {
		ln.Close()
		p.cutAll()
	})
	go p.serve()
	return p
}

// url is dbURL with the proxy in place of the server.
func (p *proxy) url(t *testing.T, dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = p.ln.Addr().String()
	return u.String()
}

func (p *proxy) serve() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		refuse := p.refuse
		p.mu.Unlock()
		if refuse {
			client.Close()
			continue
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			client.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, client, server)
		p.mu.Unlock()
		go p.pipe(server, client, true)
		go p.pipe(client, server, false)
	}
}

func (p *proxy) pipe(to, from net.Conn, fromClient bool) {
	buf := make([]byte, 32<<10)
	for {
		n, err := from.Read(buf)
		if n > 0 && fromClient && p.armed.Load() && p.budget.Add(-int64(n)) <= 0 && p.armed.CompareAndSwap(true, false) {
			close(p.cut) // before the cut, which the store sees
			p.cutAll()
			return
		}
		if n > 0 {
			if _, werr := to.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			to.Close()
			return
		}
	}
}

// cutAll closes every connection, as a server that stops or restarts does.
func (p *proxy) cutAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// cutAfterBytes arms the proxy to cut every connection once clients have
// sent n more bytes.
func (p *proxy) cutAfterBytes(n int64) <-chan struct{} {
	p.cut = make(chan struct{})
	p.budget.Store(n)
	p.armed.Store(true)
	return p.cut
}

func (p *proxy) setRefuse(refuse bool) {
	p.mu.Lock()
	p.refuse = refuse
	p.mu.Unlock()
	if refuse {
		p.cutAll()
	}
}

// A save whose connection is cut half-way — the server stopped, the
// network failed — fails saying so and leaves nothing of itself: the
// server rolls the transaction back. The plan loads as it was, and the
// same save succeeds once the server is back.
func TestSaveWhenTheConnectionIsCut(t *testing.T) {
	postgresOnly(t)
	server := testServer(t)
	dbURL := pgURL(t)
	px := newProxy(t, server.Host)
	s := mustOpenAt(t, px.url(t, dbURL))
	ctx := context.Background()
	p := smallPlan(1)
	mustSave(t, s, p, 0)
	before := mustEncode(t, p)

	big := planner.Generate(planner.LargePlan.Scaled(0.05))
	big.ID = p.ID
	// The first 20 kB of the save are its reads; the rows that follow are
	// several hundred kB, so the cut falls in the middle of writing them.
	cut := px.cutAfterBytes(20 << 10)
	_, err := s.SavePlan(ctx, big, 1, "")
	select {
	case <-cut:
	default:
		t.Fatalf("the save ended before the connection was cut: %v", err)
	}
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("SavePlan: %v; want ErrUnreachable", err)
	}
	for _, want := range []string{"lost the connection to the PostgreSQL server", "what you typed is still open",
		"nothing was changed, the last saved revision is intact"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the message does not say %q: %v", want, err)
		}
	}

	got, rev := mustLoad(t, s, p.ID)
	if rev != 1 || string(mustEncode(t, got)) != string(before) {
		t.Fatalf("after the cut save: revision %d; want revision 1 unchanged", rev)
	}
	if revs, err := s.Revisions(ctx, p.ID); err != nil || len(revs) != 1 {
		t.Errorf("revisions %v, %v; want the one saved before", revs, err)
	}
	if problems, err := s.Verify(ctx); err != nil || problems != nil {
		t.Errorf("Verify: %v %v", problems, err)
	}
	if rev := mustSave(t, s, big, 1); rev != 2 {
		t.Errorf("the save again: revision %d, want 2", rev)
	}
	again, _ := mustLoad(t, s, p.ID)
	sameEncoding(t, big, again)
}

// When the server restarts, the store's pooled connections are dead; the
// next operation connects again instead of failing. While the server is
// down, an operation fails saying so.
func TestServerRestartIsReconnected(t *testing.T) {
	postgresOnly(t)
	server := testServer(t)
	dbURL := pgURL(t)
	px := newProxy(t, server.Host)
	s := mustOpenAt(t, px.url(t, dbURL))
	ctx := context.Background()
	p := smallPlan(2)
	mustSave(t, s, p, 0)
	steps := []struct {
		name string
		do   func()
		ok   bool
	}{
		{"the server restarted", px.cutAll, true},
		{"the server is down", func() { px.setRefuse(true) }, false},
		{"the server is back", func() { px.setRefuse(false) }, true},
	}
	for _, st := range steps {
		st.do()
		_, rev, err := s.LoadPlan(ctx, p.ID)
		switch {
		case st.ok && (err != nil || rev != 1):
			t.Errorf("%s: LoadPlan: revision %d, %v; want revision 1", st.name, rev, err)
		case !st.ok && !errors.Is(err, ErrUnreachable):
			t.Errorf("%s: LoadPlan: %v; want ErrUnreachable", st.name, err)
		case !st.ok && !strings.Contains(err.Error(), "cannot reach it"):
			t.Errorf("%s: the message does not say the server cannot be reached: %v", st.name, err)
		}
	}
	p.Title = "Saved after the restart"
	if rev := mustSave(t, s, p, 1); rev != 2 {
		t.Errorf("save after the restart: revision %d, want 2", rev)
	}
}

// A role that may read Redline's tables but not change them opens the
// store read-only, as a write-protected file does: loads work, writes fail
// with ErrReadOnly. On an empty database it cannot set up the tables, and
// says so.
func TestReadOnlyRole(t *testing.T) {
	postgresOnly(t)
	dbURL := pgURL(t)
	owner := mustOpenAt(t, dbURL)
	p := referencePlan(t)
	mustSave(t, owner, p, 0)
	schema := schemaOf(t, owner.Path())
	reader := "reader_" + strings.TrimPrefix(schema, "t_")
	const password = "Reader-pa55"
	empty := pgURL(t)
	emptySchema := schemaOf(t, empty)
	pgExec(t, dbURL, "CREATE ROLE "+reader+" LOGIN PASSWORD '"+password+"'",
		"GRANT USAGE ON SCHEMA "+schema+", "+emptySchema+" TO "+reader,
		"GRANT SELECT ON ALL TABLES IN SCHEMA "+schema+" TO "+reader)
	t.Cleanup(func() { pgExec(t, dbURL, "DROP OWNED BY "+reader, "DROP ROLE "+reader) })
	as := func(dbURL string) string {
		u, _ := url.Parse(dbURL)
		u.User = url.UserPassword(reader, password)
		return u.String()
	}

	s := mustOpenAt(t, as(dbURL))
	if !errors.Is(s.ReadOnly(), ErrReadOnly) {
		t.Fatalf("ReadOnly() = %v, want ErrReadOnly", s.ReadOnly())
	}
	got, rev := mustLoad(t, s, p.ID)
	sameEncoding(t, p, got)
	ctx := context.Background()
	got.Title = "Edited by a reader"
	for name, err := range map[string]error{
		"save":         func() error { _, err := s.SavePlan(ctx, got, rev, ""); return err }(),
		"delete":       s.DeletePlan(ctx, p.ID),
		"save profile": s.SaveProfile(ctx, &planner.ProfileFile{ID: "x", Title: "x", Base: planner.DefaultProfile}),
		"save run":     s.SaveRun(ctx, &Run{PlanID: p.ID}),
	} {
		if !errors.Is(err, ErrReadOnly) {
			t.Errorf("%s: %v, want ErrReadOnly", name, err)
		}
	}

	before := serverState(t, empty)
	_, err := Open(as(empty))
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "may not create Redline's tables") {
		t.Errorf("opening an empty database as a reader: %v; want ErrReadOnly saying it may not create the tables", err)
	}
	if err != nil && strings.Contains(err.Error(), password) {
		t.Errorf("the message shows the password: %v", err)
	}
	if after := serverState(t, empty); !reflect.DeepEqual(before, after) {
		t.Errorf("the empty database changed: %v", after)
	}
}

// A person's role needs no more than SELECT, INSERT, UPDATE and DELETE on
// Redline's tables (the README says so): it saves, deletes and runs.
func TestRoleWithRightsOnTheTablesOnly(t *testing.T) {
	postgresOnly(t)
	dbURL := pgURL(t)
	mustOpenAt(t, dbURL).Close() // the owner sets the tables up
	schema := schemaOf(t, dbURL)
	writer := "writer_" + strings.TrimPrefix(schema, "t_")
	const password = "Writer-pa55"
	pgExec(t, dbURL, "CREATE ROLE "+writer+" LOGIN PASSWORD '"+password+"'",
		"GRANT USAGE ON SCHEMA "+schema+" TO "+writer,
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "+schema+" TO "+writer)
	t.Cleanup(func() { pgExec(t, dbURL, "DROP OWNED BY "+writer, "DROP ROLE "+writer) })
	u, _ := url.Parse(dbURL)
	u.User = url.UserPassword(writer, password)
	s := mustOpenAt(t, u.String())
	if s.ReadOnly() != nil {
		t.Fatalf("ReadOnly() = %v, want nil", s.ReadOnly())
	}
	ctx := context.Background()
	p := smallPlan(6)
	mustSave(t, s, p, 0)
	p.Title = "Second revision"
	mustSave(t, s, p, 1)
	if err := s.SaveRun(ctx, &Run{PlanID: p.ID, Title: "run"}); err != nil {
		t.Errorf("SaveRun: %v", err)
	}
	if err := s.SaveProfile(ctx, strictProfile()); err != nil {
		t.Errorf("SaveProfile: %v", err)
	}
	if err := s.DeletePlan(ctx, p.ID); err != nil {
		t.Errorf("DeletePlan: %v", err)
	}
	if n, err := s.EmptyTrash(ctx); n != 1 || err != nil {
		t.Errorf("EmptyTrash: %d, %v", n, err)
	}
}

// PostgreSQL's text cannot hold U+0000, which a plan's notes may: such a
// plan is refused with what to remove, and nothing is stored.
func TestSaveOfANULOnAServer(t *testing.T) {
	postgresOnly(t)
	s := mustOpen(t)
	p := smallPlan(3)
	p.RedLines[0].Notes = "before\x00after"
	_, err := s.SavePlan(context.Background(), p, 0, "")
	if err == nil || !strings.Contains(err.Error(), "U+0000 (NUL)") || !strings.Contains(err.Error(), "nothing was saved") {
		t.Fatalf("SavePlan: %v; want a refusal naming U+0000", err)
	}
	if plans, err := s.ListPlans(context.Background(), ListOptions{}); err != nil || len(plans) != 0 {
		t.Errorf("ListPlans: %v, %v; want nothing stored", plans, err)
	}
}

func TestBackupOfAServerDatabaseSaysHow(t *testing.T) {
	postgresOnly(t)
	s := mustOpen(t)
	out := filepath.Join(t.TempDir(), "copy.db")
	err := s.Backup(context.Background(), out)
	if err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Fatalf("Backup: %v; want a refusal naming pg_dump", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a file was written: %v", err)
	}
}

// A migration that fails rolls back whole, as on SQLite; the server has no
// snapshot to name, and the database stays at its version with its data.
func TestFailedServerMigrationRollsBack(t *testing.T) {
	postgresOnly(t)
	dbURL := pgURL(t)
	s := mustOpenAt(t, dbURL)
	p := referencePlan(t)
	mustSave(t, s, p, 0)
	s.Close()
	saved := pgMigrations
	t.Cleanup(func() { pgMigrations = saved })
	pgMigrations = append(pgMigrations[:len(pgMigrations):len(pgMigrations)], migration{
		version: len(saved) + 1, name: "9999_broken.sql",
		sql: "CREATE TABLE half_done (x integer); ALTER TABLE plans ADD COLUMN colour text; INSERT INTO no_such_table VALUES (1);",
	})
	_, err := Open(dbURL, withSchemaVersion(len(saved)+1))
	if err == nil || !strings.Contains(err.Error(), "9999_broken.sql") || !strings.Contains(err.Error(), "rolled back") {
		t.Fatalf("Open with a broken migration: %v", err)
	}
	pgMigrations = saved
	s = mustOpenAt(t, dbURL)
	var version, halfDone int
	s.r.QueryRow("SELECT version FROM redline_schema").Scan(&version)
	s.r.QueryRow("SELECT count(*) FROM pg_class WHERE relname = 'half_done'").Scan(&halfDone)
	if version != len(saved) || halfDone != 0 {
		t.Errorf("after the failed upgrade: v%d, %d half-done tables; want v%d and none", version, halfDone, len(saved))
	}
	got, _ := mustLoad(t, s, p.ID)
	sameEncoding(t, p, got)
}

// column is a column as both backends describe it.
type column struct {
	name, kind string
	notNull    bool
}

// The migrations of both backends make, version by version, the same
// tables with the same columns in the same order, of the same kinds.
func TestMigrationsMakeTheSameTables(t *testing.T) {
	postgresOnly(t)
	if len(migrations) != len(pgMigrations) {
		t.Fatalf("%d SQLite migrations, %d PostgreSQL ones", len(migrations), len(pgMigrations))
	}
	for i := range migrations {
		if migrations[i].name != pgMigrations[i].name {
			t.Errorf("migration v%d is %s on SQLite, %s on PostgreSQL", i+1, migrations[i].name, pgMigrations[i].name)
		}
	}
	sqliteKinds := map[string]string{"INTEGER": "integer", "REAL": "real", "TEXT": "text"}
	pgKinds := map[string]string{"bigint": "integer", "double precision": "real", "text": "text"}
	for v := 1; v <= len(migrations); v++ {
		t.Run(fmt.Sprintf("v%d", v), func(t *testing.T) {
			// A store of this build cannot open an old SQLite schema (it
			// prepares its statements), so the migrations are applied as
			// they were.
			raw, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "redline.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			for _, m := range migrations[:v] {
				if _, err := raw.Exec(m.sql); err != nil {
					t.Fatalf("%s: %v", m.name, err)
				}
			}
			lite := &pool{DB: raw}
			pg := mustOpenAt(t, pgURL(t), withSchemaVersion(v))
			ctx := context.Background()
			want := map[string][]column{}
			tables, err := queryStrings(ctx, lite, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
			if err != nil {
				t.Fatal(err)
			}
			for _, tb := range tables {
				err := eachPoolRow(ctx, lite, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid", func(rows *sql.Rows) error {
					var c column
					var pk int
					if err := rows.Scan(&c.name, &c.kind, &c.notNull, &pk); err != nil {
						return err
					}
					c.kind = sqliteKinds[c.kind]
					c.notNull = c.notNull || pk > 0 // a key is never NULL, whatever the pragma says
					want[tb] = append(want[tb], c)
					return nil
				}, tb)
				if err != nil {
					t.Fatal(err)
				}
			}
			got := map[string][]column{}
			err = eachPoolRow(ctx, pg.r, `SELECT table_name, column_name, data_type, is_nullable = 'NO' FROM information_schema.columns
				WHERE table_schema = current_schema() AND table_name <> ? ORDER BY table_name, ordinal_position`, func(rows *sql.Rows) error {
				var tb string
				var c column
				if err := rows.Scan(&tb, &c.name, &c.kind, &c.notNull); err != nil {
					return err
				}
				c.kind = pgKinds[c.kind]
				got[tb] = append(got[tb], c)
				return nil
			}, markerTable)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				for tb := range want {
					if !reflect.DeepEqual(got[tb], want[tb]) {
						t.Errorf("table %s:\n SQLite     %v\n PostgreSQL %v", tb, want[tb], got[tb])
					}
				}
				for tb := range got {
					if _, ok := want[tb]; !ok {
						t.Errorf("table %s is made on PostgreSQL only", tb)
					}
				}
			}
		})
	}
}

// eachPoolRow runs query on db and calls scan for every row.
func eachPoolRow(ctx context.Context, db *pool, query string, scan func(*sql.Rows) error, args ...any) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Verify finds on a server what SQLite's foreign key check finds in a file:
// a row whose plan, or whose owner in the plan, is missing (the entity
// tables have no foreign keys there).
func TestVerifyFindsRowsWithoutTheirOwner(t *testing.T) {
	postgresOnly(t)
	tests := []struct {
		name, damage, says string
	}{
		{"a sound database", "", ""},
		{"a red line of no plan", "INSERT INTO red_lines (plan, position, id, title, domain, severity) VALUES (999999, 0, 'rl', 't', 'land', 1)",
			"foreign key: 1 rows of red_lines refer to a missing row of plans"},
		{"an observation of no inject", "DELETE FROM injects WHERE position = 0",
			"rows of observations refer to a missing row of injects"},
		{"a plan without its latest document", "DELETE FROM revisions WHERE n = 1",
			"no document of its latest revision 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t)
			p := smallPlan(4)
			p.Injects[0].Observations = []planner.Observation{{Indicator: "x", Value: 1}}
			mustSave(t, s, p, 0)
			if tt.damage != "" {
				pgExec(t, s.Path(), tt.damage)
			}
			problems, err := s.Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if tt.says == "" && problems != nil || tt.says != "" && !strings.Contains(strings.Join(problems, "\n"), tt.says) {
				t.Errorf("Verify() = %q; want %q", problems, tt.says)
			}
		})
	}
}

// A save of an open plan rewrites only the rows that changed: the others
// keep the transaction that wrote them (xmin), and a save that changes
// nothing writes no row at all.
func TestSaveRewritesOnlyTheRowsThatChanged(t *testing.T) {
	postgresOnly(t)
	s := mustOpen(t)
	ctx := context.Background()
	p := smallPlan(5)
	mustSave(t, s, p, 0)
	writers := func() map[string]string { // row → the transaction that wrote it
		out := map[string]string{}
		for _, tb := range []string{"red_lines", "response_participants", "links"} {
			err := eachPoolRow(ctx, s.r, "SELECT xmin::text, "+strings.Join(childTableNamed(tb).cols[1:childTableNamed(tb).key], " || '/' || ")+
				" FROM "+tb, func(rows *sql.Rows) error {
				var xmin, key string
				if err := rows.Scan(&xmin, &key); err != nil {
					return err
				}
				out[tb+" "+key] = xmin
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	steps := []struct {
		name    string
		edit    func(p *planner.Plan)
		changed []string // the rows written again
		more    int      // how many rows more there are
	}{
		{"nothing changed", func(p *planner.Plan) {}, nil, 0},
		{"a red line's title", func(p *planner.Plan) { p.RedLines[2].Title = "Renamed" }, []string{"red_lines 2"}, 0},
		{"a participant removed", func(p *planner.Plan) {
			p.Responses[1].Participants = p.Responses[1].Participants[:len(p.Responses[1].Participants)-1]
		}, nil, -1},
		{"a link added", func(p *planner.Plan) {
			p.Links = append(p.Links, planner.Link{RedLine: "rl-x", Response: "resp-x", Trigger: planner.TriggerAutomatic})
		}, []string{fmt.Sprintf("links %d", len(p.Links))}, 1},
	}
	rev := int64(1)
	for _, st := range steps {
		before := writers()
		st.edit(p)
		rev = mustSave(t, s, p, rev)
		after := writers()
		var changed []string
		for row, xmin := range after {
			if before[row] != xmin {
				changed = append(changed, row)
			}
		}
		if !reflect.DeepEqual(changed, st.changed) || len(after)-len(before) != st.more {
			t.Errorf("%s: rows written %v, %d rows more; want %v, %d", st.name, changed, len(after)-len(before), st.changed, st.more)
		}
		got, _ := mustLoad(t, s, p.ID)
		sameEncoding(t, p, got)
	}
}

// childTableNamed is the child table of that name.
func childTableNamed(name string) table {
	for _, t := range childTables {
		if t.name == name {
			return t
		}
	}
	panic("no child table " + name)
}

package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// The store's tests run on both backends. "go test" runs them on SQLite;
// when REDLINE_PG_URL names a PostgreSQL database in which its role may
// create schemas (scripts/pg-throwaway starts such a server, and "make
// test" runs the tests through it), TestMain then runs the same test binary
// again with every store that mustOpen opens on that server, each test in a
// schema of its own. Tests that are about SQLite's file (permissions, a
// damaged page, a snapshot beside it) say so with sqliteOnly and are
// skipped in that second run; the tests of the server's own refusals and
// faults run in it only. With REDLINE_REQUIRE_PG=1 (as "make test" sets), a
// missing or unreachable server fails the tests instead of leaving the
// PostgreSQL half unrun.

// backendEnv tells the second run of the test binary that it is the one on
// PostgreSQL; subprocessEnv tells a test binary that a test started it (a
// helper: a writer to kill, a user without permissions), which runs only
// what it was asked to.
const (
	backendEnv    = "REDLINE_STORE_TEST_BACKEND"
	subprocessEnv = "REDLINE_STORE_TEST_SUBPROCESS"
)

// onPostgres: mustOpen opens stores on PostgreSQL.
var onPostgres = os.Getenv(backendEnv) == "postgres"

func TestMain(m *testing.M) {
	pgURL := os.Getenv("REDLINE_PG_URL")
	required := os.Getenv("REDLINE_REQUIRE_PG") == "1"
	if onPostgres {
		if _, err := pgAdmin(); err != nil {
			fmt.Fprintf(os.Stderr, "storage: the tests on PostgreSQL cannot run: %v\n", err)
			os.Exit(1)
		}
		os.Exit(m.Run())
	}
	if os.Getenv(subprocessEnv) != "" {
		os.Exit(m.Run())
	}
	os.Setenv(subprocessEnv, "1")
	if pgURL == "" && required {
		fmt.Fprintln(os.Stderr, "storage: REDLINE_REQUIRE_PG=1, but REDLINE_PG_URL is not set, so the tests on PostgreSQL "+
			"cannot run; run them through scripts/pg-throwaway, as make test does")
		os.Exit(1)
	}
	code := m.Run()
	if pgURL == "" || !runsTests() {
		os.Exit(code)
	}
	fmt.Println("storage: the same tests on PostgreSQL (REDLINE_PG_URL)")
	if err := runOnPostgres(); err != nil {
		fmt.Fprintf(os.Stderr, "storage: the tests on PostgreSQL: %v\n", err)
		code = 1
	}
	os.Exit(code)
}

// runsTests reports whether this run of the binary runs tests, rather than
// listing them or fuzzing.
func runsTests() bool {
	for _, name := range []string{"test.list", "test.fuzz"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return false
		}
	}
	return true
}

// runOnPostgres runs the test binary again, with the same flags, on
// PostgreSQL. The benchmarks ran in this run already, on both backends;
// the log that go test's cache reads is this run's.
func runOnPostgres() error {
	var args []string
	for _, a := range os.Args[1:] {
		if !strings.HasPrefix(a, "-test.testlogfile") {
			args = append(args, a)
		}
	}
	cmd := exec.Command(os.Args[0], append(args, "-test.bench=^$")...)
	cmd.Env = append(os.Environ(), backendEnv+"=postgres")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

// pgAdmin is a connection to REDLINE_PG_URL, which creates and drops the
// tests' schemas.
var pgAdmin = sync.OnceValues(func() (*sql.DB, error) {
	u := os.Getenv("REDLINE_PG_URL")
	if u == "" {
		return nil, fmt.Errorf("REDLINE_PG_URL is not set")
	}
	db, err := sql.Open("pgx", u)
	if err != nil {
		return nil, err
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot connect to REDLINE_PG_URL: %w", err)
	}
	return db, nil
})

// pgURL creates a schema of its own for tb and returns the URL of the
// database with that schema first on the search path. The schema is
// dropped, with whatever is in it, when tb ends.
func pgURL(tb testing.TB) string {
	tb.Helper()
	db, err := pgAdmin()
	if err != nil {
		if os.Getenv("REDLINE_REQUIRE_PG") == "1" {
			tb.Fatalf("PostgreSQL: %v", err)
		}
		tb.Skipf("needs PostgreSQL (REDLINE_PG_URL; scripts/pg-throwaway starts one): %v", err)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			tb.Errorf("dropping the test's schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(os.Getenv("REDLINE_PG_URL"))
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// sqliteOnly skips a test of SQLite's file in the run on PostgreSQL.
func sqliteOnly(tb testing.TB, why string) {
	tb.Helper()
	if onPostgres {
		tb.Skipf("SQLite only: %s", why)
	}
}

// postgresOnly skips a test of the server in the run on SQLite, in which
// it does not apply; it runs in the run on PostgreSQL.
func postgresOnly(tb testing.TB) {
	tb.Helper()
	if !onPostgres {
		tb.Skip("PostgreSQL only: runs in the second run, on REDLINE_PG_URL")
	}
}

// pgExec runs statements on the PostgreSQL database at dbURL, in the
// schema the URL names: what another program, or a person with psql, might
// do there.
func pgExec(tb testing.TB, dbURL string, stmts ...string) {
	tb.Helper()
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.ExecContext(context.Background(), q); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
	}
}

// schemaOf is the schema of a test's database on PostgreSQL, at dbURL.
func schemaOf(tb testing.TB, dbURL string) string {
	tb.Helper()
	u, err := url.Parse(dbURL)
	if err != nil || u.Query().Get("search_path") == "" {
		tb.Fatalf("%s is not a test's database", dbURL)
	}
	return u.Query().Get("search_path")
}

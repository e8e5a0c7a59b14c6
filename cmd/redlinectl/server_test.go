package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net"
	"net/url"
	"os"
	"strings"
	"testing"

	"redline/seeds"
)

// serverDB is the URL of a fresh schema of its own for t on the PostgreSQL
// server of REDLINE_PG_URL, dropped when t ends. Without a server the test
// is skipped, saying so, unless REDLINE_REQUIRE_PG=1 (make test): then it
// fails.
func serverDB(t *testing.T) string {
	t.Helper()
	admin := os.Getenv("REDLINE_PG_URL")
	if admin == "" {
		if os.Getenv("REDLINE_REQUIRE_PG") == "1" {
			t.Fatal("REDLINE_REQUIRE_PG=1, but REDLINE_PG_URL is not set; run the tests through scripts/pg-throwaway")
		}
		t.Skip("needs PostgreSQL: REDLINE_PG_URL (scripts/pg-throwaway starts a server; make test does)")
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var b [6]byte
	rand.Read(b[:])
	schema := "ctl_" + hex.EncodeToString(b[:])
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("REDLINE_PG_URL: %v", err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("dropping %s: %v", schema, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// The revisions of a plan on a server name who saved them.
func TestRevisionsShowTheirAuthor(t *testing.T) {
	db := serverDB(t)
	t.Setenv("USER", "olena")
	if code, _, errOut := run(t, "", "import", "--db", db, reference); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	ref, _ := seeds.ReferencePlan()
	code, out, errOut := run(t, "", "revisions", "--db", db, ref.ID)
	fields := strings.Split(strings.TrimSpace(out), "\t")
	if code != 0 || len(fields) != 4 || fields[2] == "-" || fields[3] != "imported from "+displayName(reference) {
		t.Errorf("revisions: exit %d, %q %s; want one line with an author", code, out, errOut)
	}
}

// --db with a URL that cannot work fails with exit 2 and a message that
// says what failed, without the password.
func TestServerURLsThatCannotWork(t *testing.T) {
	serverDB(t) // needs the server only to say what a wrong password is
	admin, _ := url.Parse(os.Getenv("REDLINE_PG_URL"))
	const password = "Never-printed-9"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	tests := []struct {
		name, url, says string
	}{
		{"no server listening", "postgres://redline:" + password + "@" + closed + "/redline?sslmode=disable", "cannot be reached"},
		{"a wrong password", "postgres://" + admin.User.Username() + ":" + password + "@" + admin.Host + admin.Path + "?sslmode=disable",
			"refused the password"},
		{"a malformed URL", "postgres://redline:" + password + "@127.0.0.1:port/redline", "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(t, "", "list", "--db", tt.url)
			if code != 2 || !strings.Contains(errOut, tt.says) {
				t.Errorf("exit %d, %s; want 2 saying %q", code, errOut, tt.says)
			}
			if strings.Contains(errOut, password) {
				t.Errorf("the message shows the password: %s", errOut)
			}
		})
	}
}

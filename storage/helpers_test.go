package storage

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"redline/planner"
	"redline/seeds"
)

// mustOpen opens a new store in a fresh temporary folder, closed when the
// test ends; in the run on PostgreSQL, in a fresh schema of the server's
// (backend_test.go).
func mustOpen(tb testing.TB, opts ...Option) *Store {
	tb.Helper()
	return mustOpenAt(tb, newDatabase(tb), opts...)
}

// newDatabase is where a new, empty database for tb is: a file in a fresh
// temporary folder, or on PostgreSQL the URL of a fresh schema.
func newDatabase(tb testing.TB) string {
	tb.Helper()
	if onPostgres {
		return pgURL(tb)
	}
	return filepath.Join(tb.TempDir(), "redline.db")
}

func mustOpenAt(tb testing.TB, path string, opts ...Option) *Store {
	tb.Helper()
	s, err := Open(path, opts...)
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// testClock is a clock that advances one second per reading, so that every
// revision and deletion has its own time.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock {
	return &testClock{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func mustEncode(tb testing.TB, p *planner.Plan) []byte {
	tb.Helper()
	data, err := planner.Encode(p)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func mustSave(tb testing.TB, s *Store, p *planner.Plan, base int64) int64 {
	tb.Helper()
	rev, err := s.SavePlan(context.Background(), p, base, "")
	if err != nil {
		tb.Fatalf("SavePlan(base %d): %v", base, err)
	}
	return rev
}

func mustLoad(tb testing.TB, s *Store, id string) (*planner.Plan, int64) {
	tb.Helper()
	p, rev, err := s.LoadPlan(context.Background(), id)
	if err != nil {
		tb.Fatalf("LoadPlan(%s): %v", id, err)
	}
	return p, rev
}

func referencePlan(tb testing.TB) *planner.Plan {
	tb.Helper()
	p, err := seeds.ReferencePlan()
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// smallPlan is a generated plan of a few dozen entities.
func smallPlan(seed uint64) *planner.Plan {
	return planner.Generate(planner.GenSpec{RedLines: 8, Responses: 10, Contributions: 12, Links: 20, Injects: 10, Seed: seed})
}

// sameEncoding fails unless got encodes to want's canonical bytes.
func sameEncoding(tb testing.TB, want, got *planner.Plan) {
	tb.Helper()
	w, g := mustEncode(tb, want), mustEncode(tb, got)
	if !bytes.Equal(w, g) {
		tb.Fatalf("plan differs after the round trip:\n%s", firstDifference(w, g))
	}
}

func firstDifference(a, b []byte) string {
	al, bl := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y []byte
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if !bytes.Equal(x, y) {
			return "line " + strconv.Itoa(i+1) + ":\n  want " + string(x) + "\n  got  " + string(y)
		}
	}
	return "(same lines)"
}

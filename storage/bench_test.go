package storage

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"redline/planner"
)

// The benchmarks measure the large plan of the issue (about 28,000
// entities, 56,000 rows with their lists) against the same number of rows
// written and read through the same driver in the plainest way: one
// transaction, one prepared single-row statement.

var largePlan = sync.OnceValue(func() *planner.Plan { return planner.Generate(planner.LargePlan) })

// rowCount is how many entity rows SavePlan writes for p.
func rowCount(p *planner.Plan) int {
	n := len(p.Actors) + len(p.Indicators) + len(p.RedLines) + len(p.Responses) + len(p.Contributions) +
		len(p.Links) + len(p.Terms) + len(p.Injects)
	for _, r := range p.Responses {
		n += len(r.Participants) + len(r.Requires) + len(r.Capabilities) + len(r.Uses)
	}
	for _, in := range p.Injects {
		n += len(in.Observations)
	}
	return n
}

// onBackends runs a benchmark on each backend: SQLite, and PostgreSQL when
// REDLINE_PG_URL names a server (over loopback, for the README's figures).
// newDB gives where a new database is.
func onBackends(b *testing.B, bench func(b *testing.B, newDB func(testing.TB) string)) {
	b.Run("sqlite", func(b *testing.B) {
		bench(b, func(tb testing.TB) string { return filepath.Join(tb.TempDir(), "redline.db") })
	})
	if os.Getenv("REDLINE_PG_URL") != "" {
		b.Run("postgres", func(b *testing.B) { bench(b, pgURL) })
	}
}

// BenchmarkSavePlan saves the large plan: as a new plan (every row
// inserted), over itself unchanged (what saving an open plan mostly is),
// over a different plan of the same size (every row rewritten), and with
// the summary computed (the previous revision is read back to compare).
func BenchmarkSavePlan(b *testing.B) {
	other := sync.OnceValue(func() *planner.Plan {
		spec := planner.LargePlan
		spec.Seed = 2
		q := planner.Generate(spec)
		q.ID = largePlan().ID
		return q
	})
	onBackends(b, func(b *testing.B, newDB func(testing.TB) string) {
		for _, bc := range []struct {
			name    string
			summary string
			plan    func(i int) *planner.Plan
			new     bool
		}{
			{"new plan", "benchmark", func(int) *planner.Plan { return largePlan() }, true},
			{"unchanged", "benchmark", func(int) *planner.Plan { return largePlan() }, false},
			{"every row changed", "benchmark", func(i int) *planner.Plan {
				if i%2 == 0 {
					return other()
				}
				return largePlan()
			}, false},
			{"unchanged, summary computed", "", func(int) *planner.Plan { return largePlan() }, false},
		} {
			b.Run(bc.name, func(b *testing.B) {
				s := mustOpenAt(b, newDB(b))
				ctx := context.Background()
				rev := mustSave(b, s, largePlan(), 0)
				other() // generated before the clock runs
				i := 0
				for b.Loop() {
					i++
					p := bc.plan(i)
					if bc.new {
						q := *p
						q.ID = ""
						if _, err := s.SavePlan(ctx, &q, 0, bc.summary); err != nil {
							b.Fatal(err)
						}
						continue
					}
					var err error
					if rev, err = s.SavePlan(ctx, p, rev, bc.summary); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(rowCount(largePlan())), "rows/op")
			})
		}
	})
}

func BenchmarkLoadPlan(b *testing.B) {
	onBackends(b, func(b *testing.B, newDB func(testing.TB) string) {
		s := mustOpenAt(b, newDB(b))
		p := largePlan()
		ctx := context.Background()
		if _, err := s.SavePlan(ctx, p, 0, "benchmark"); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, _, err := s.LoadPlan(ctx, p.ID); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(rowCount(p)), "rows/op")
	})
}

// BenchmarkListPlans lists a library of 1,000 plans, what the app's library
// and redlinectl list show.
func BenchmarkListPlans(b *testing.B) {
	const plans = 1000
	onBackends(b, func(b *testing.B, newDB func(testing.TB) string) {
		s := mustOpenAt(b, newDB(b))
		ctx := context.Background()
		imports := make([]PlanImport, plans)
		for i := range imports {
			imports[i] = PlanImport{Plan: planTitled(fmt.Sprintf("Plan %d", i), uint64(i)), Source: "benchmark"}
		}
		if _, err := s.ImportPlans(ctx, imports); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			list, err := s.ListPlans(ctx, ListOptions{})
			if err != nil || len(list) != plans {
				b.Fatalf("%d plans, %v", len(list), err)
			}
		}
	})
}

// rawTable is as wide as an average entity table.
const rawTable = `CREATE TABLE raw (plan INTEGER NOT NULL, position INTEGER NOT NULL, id TEXT NOT NULL,
	title TEXT NOT NULL, kind TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (plan, position)) STRICT, WITHOUT ROWID`

type rawRow struct {
	id, title, kind string
	value           float64
}

func rawRows(n int) []rawRow {
	rows := make([]rawRow, n)
	for i := range rows {
		rows[i] = rawRow{fmt.Sprintf("rl-%05d", i), fmt.Sprintf("Red line %d on loc_ground_incursion", i), "military", float64(i) * 1.5}
	}
	return rows
}

func rawInsert(b *testing.B, s *Store, plan int64, rows []rawRow) {
	ctx := context.Background()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, "INSERT INTO raw (plan, position, id, title, kind, value) VALUES (?, ?, ?, ?, ?, ?)")
	if err != nil {
		b.Fatal(err)
	}
	for i, r := range rows {
		if _, err := st.ExecContext(ctx, plan, int64(i), r.id, r.title, r.kind, r.value); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkRawInsert(b *testing.B) {
	s := mustOpen(b)
	if _, err := s.w.Exec(rawTable); err != nil {
		b.Fatal(err)
	}
	rows := rawRows(rowCount(largePlan()))
	plan := int64(0)
	for b.Loop() {
		plan++
		rawInsert(b, s, plan, rows)
	}
	b.ReportMetric(float64(len(rows)), "rows/op")
}

func BenchmarkRawSelect(b *testing.B) {
	s := mustOpen(b)
	if _, err := s.w.Exec(rawTable); err != nil {
		b.Fatal(err)
	}
	rows := rawRows(rowCount(largePlan()))
	rawInsert(b, s, 1, rows)
	ctx := context.Background()
	out := make([]rawRow, 0, len(rows))
	for b.Loop() {
		out = out[:0]
		tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		st, err := tx.PrepareContext(ctx, "SELECT id, title, kind, value FROM raw WHERE plan = ? ORDER BY position")
		if err != nil {
			b.Fatal(err)
		}
		res, err := st.QueryContext(ctx, int64(1))
		if err != nil {
			b.Fatal(err)
		}
		for res.Next() {
			var r rawRow
			if err := res.Scan(&r.id, &r.title, &r.kind, &r.value); err != nil {
				b.Fatal(err)
			}
			out = append(out, r)
		}
		if err := res.Err(); err != nil {
			b.Fatal(err)
		}
		tx.Rollback()
		if len(out) != len(rows) {
			b.Fatalf("read %d rows, want %d", len(out), len(rows))
		}
	}
	b.ReportMetric(float64(len(rows)), "rows/op")
}

package storage

import (
	"context"
	"fmt"
	"strings"
)

// batchRows is how many rows one INSERT writes. Crossing into SQLite costs
// more per statement than per row, so a large plan is written with a few
// hundred statements rather than tens of thousands; 64 rows keep the widest
// table well under SQLite's limit of bound parameters.
const batchRows = 64

// table describes a child table for the batch writer.
type table struct {
	name string
	cols []string
	// key is how many leading columns form the primary key — (plan,
	// position) or (plan, owner, position) — and so the upsert target; 0
	// writes plain INSERTs.
	key int
}

// owner is the column naming the row's owner in a list of lists.
func (t table) owner() string {
	if t.key == 3 {
		return t.cols[1]
	}
	return ""
}

// insertSQL is a multi-row INSERT of rows rows. A keyed table gets an
// upsert that leaves a row alone when nothing in it changed: re-saving a
// plan rewrites only the rows that differ, and the pages of the others are
// neither dirtied nor copied to the WAL.
func (t table) insertSQL(rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(t.name)
	b.WriteString(" (")
	b.WriteString(strings.Join(t.cols, ", "))
	b.WriteString(") VALUES ")
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	if t.key == 0 {
		return b.String()
	}
	var set, changed []string
	for _, c := range t.cols[t.key:] {
		set = append(set, c+" = excluded."+c)
		changed = append(changed, c+" IS NOT excluded."+c)
	}
	fmt.Fprintf(&b, " ON CONFLICT (%s) DO UPDATE SET %s WHERE %s",
		strings.Join(t.cols[:t.key], ", "), strings.Join(set, ", "), strings.Join(changed, " OR "))
	return b.String()
}

// trimSQL deletes the rows of a list beyond its new length. For a list of
// lists it deletes that many rows by key, (owner, position) pairs: SQLite
// looks each up in the primary key, where ranges joined by OR would scan.
func (t table) trimSQL(rows int) string {
	o := t.owner()
	if o == "" {
		return "DELETE FROM " + t.name + " WHERE plan = ? AND position >= ?"
	}
	return "DELETE FROM " + t.name + " WHERE plan = ? AND (" + o + ", position) IN (VALUES " +
		strings.TrimSuffix(strings.Repeat("(?, ?), ", rows), ", ") + ")"
}

// lengthsSQL reads the stored length of each owner's list.
func (t table) lengthsSQL() string {
	o := t.owner()
	return "SELECT " + o + ", max(position) + 1 FROM " + t.name + " WHERE plan = ? GROUP BY " + o
}

// writerQueries are the statements the batch writer runs on a plan's
// tables, prepared on the writer when the store opens.
func writerQueries() []string {
	var out []string
	for _, t := range childTables {
		out = append(out, t.insertSQL(batchRows), "DELETE FROM "+t.name+" WHERE plan = ?")
		if t.owner() == "" {
			out = append(out, t.trimSQL(0))
		} else {
			out = append(out, t.trimSQL(batchRows), t.lengthsSQL())
		}
	}
	return out
}

// batchWriter writes a plan's lists table by table, batchRows rows per
// statement, over what is stored: rows are upserted by position, then the
// rows beyond each list's new end are deleted. On PostgreSQL each table's
// new rows are compared with the stored ones; those that changed or went
// are deleted, and those that changed or came are written with one COPY
// (changedRows). The first error sticks: later calls do nothing and finish
// returns it, which keeps the writing code a plain list.
type batchWriter struct {
	s    *Store
	ctx  context.Context
	tx   *txn
	plan int64
	// fresh: nothing is stored for this plan yet, so nothing is trimmed.
	fresh bool

	t      table
	full   stmt // the batchRows-row statement of t
	ready  bool // full is prepared
	args   []any
	rows   int
	copied [][]any // PostgreSQL: the rows of t, for COPY
	// A list: its new length. A list of lists: the keys of the rows past
	// the new end of each owner's list.
	n     int
	stale []any
	err   error
}

// list begins writing the n rows of a plan-level list.
func (w *batchWriter) list(t table, n int) {
	w.begin(t)
	w.n = n
}

func (w *batchWriter) begin(t table) {
	w.end()
	w.t, w.full, w.ready = t, stmt{}, false
}

// subLists begins writing a list of lists: newLen(owner) rows for each of
// owners owners. Owners beyond that are gone already: trimming the owners'
// table cascaded to their lists.
func (w *batchWriter) subLists(t table, owners int, newLen func(owner int) int) {
	w.begin(t)
	w.stale = w.stale[:0]
	if w.fresh || w.err != nil || w.s.pg {
		return
	}
	st, err := w.s.stmt(w.ctx, w.tx, t.lengthsSQL())
	if err != nil {
		w.fail(err)
		return
	}
	rows, err := st.QueryContext(w.ctx, w.plan)
	if err != nil {
		w.fail(err)
		return
	}
	defer rows.Close()
	var owner int
	var n int
	for rows.Next() {
		if err := rows.Scan(&owner, &n); err != nil {
			w.fail(err)
			return
		}
		if owner < owners {
			for p := newLen(owner); p < n; p++ {
				w.stale = append(w.stale, int64(owner), int64(p))
			}
		}
	}
	w.fail(rows.Err())
}

func (w *batchWriter) row(vals ...any) {
	if w.err != nil {
		return
	}
	if len(vals) != len(w.t.cols) {
		w.fail(fmt.Errorf("%d values for %d columns", len(vals), len(w.t.cols)))
		return
	}
	if w.s.pg {
		w.copied = append(w.copied, vals)
		return
	}
	w.args = append(w.args, vals...)
	w.rows++
	if w.rows == batchRows {
		var err error
		if !w.ready {
			w.full, err = w.s.stmt(w.ctx, w.tx, w.t.insertSQL(batchRows))
			w.ready = err == nil
		}
		if err == nil {
			_, err = w.full.ExecContext(w.ctx, w.args...)
		}
		w.reset(err)
	}
}

// flush writes the rows left over, fewer than a batch, with one statement;
// on PostgreSQL the table's rows that are new or changed, with one COPY.
func (w *batchWriter) flush() {
	if w.s.pg && w.t.name != "" {
		rows := w.copied
		var err error
		if w.err == nil && !w.fresh {
			rows, err = changedRows(w.ctx, w.tx, w.t, w.plan, rows)
		}
		if err == nil && w.err == nil && len(rows) > 0 {
			err = copyRows(w.ctx, w.tx, w.t, rows)
		}
		w.fail(err)
		clear(w.copied)
		w.copied = w.copied[:0]
		return
	}
	if w.err != nil || w.rows == 0 {
		return
	}
	_, err := w.tx.ExecContext(w.ctx, w.t.insertSQL(w.rows), w.args...)
	w.reset(err)
}

func (w *batchWriter) reset(err error) {
	w.fail(err)
	clear(w.args) // let the values go
	w.args = w.args[:0]
	w.rows = 0
}

func (w *batchWriter) fail(err error) {
	if err != nil && w.err == nil {
		w.err = fmt.Errorf("write %s: %w", w.t.name, err)
	}
}

// end finishes the current table: the last rows, then the trim.
func (w *batchWriter) end() {
	w.flush()
	if w.err != nil || w.fresh || w.t.key == 0 || w.s.pg {
		return
	}
	if w.t.owner() == "" {
		w.trim(0, w.plan, int64(w.n))
		return
	}
	for len(w.stale) > 0 {
		n := min(len(w.stale)/2, batchRows)
		w.trim(n, append([]any{w.plan}, w.stale[:2*n]...)...)
		w.stale = w.stale[2*n:]
	}
}

func (w *batchWriter) trim(rows int, args ...any) {
	st, err := w.s.stmt(w.ctx, w.tx, w.t.trimSQL(rows))
	if err == nil {
		_, err = st.ExecContext(w.ctx, args...)
	}
	w.fail(err)
}

func (w *batchWriter) finish() error {
	w.end()
	return w.err
}

package storage

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"redline/planner"
)

// Readers in several goroutines load, list and page through revisions while
// one writer saves: every plan they see is one whole revision (its title,
// its red lines and its revision number agree), never half of two.
func TestConcurrentReadersAndOneWriter(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	p := smallPlan(4)
	mustSave(t, s, p, 0)
	saves := 60
	if raceEnabled {
		saves = 25
	}
	stamp := func(p *planner.Plan, rev int64) {
		p.Title = fmt.Sprintf("revision %d", rev)
		p.RedLines = append(p.RedLines[:0:0], p.RedLines...)
		for len(p.RedLines) < int(rev%5)+3 {
			p.RedLines = append(p.RedLines, planner.RedLine{ID: fmt.Sprintf("rl-x-%d", len(p.RedLines)),
				Title: "x", Domain: planner.DomainCyber, Severity: 1})
		}
		p.RedLines = p.RedLines[:int(rev%5)+3]
	}

	var done atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	wg.Add(1)
	go func() { // the writer
		defer wg.Done()
		defer done.Store(true)
		rev := int64(1)
		for i := 0; i < saves; i++ {
			stamp(p, rev+1)
			var err error
			if rev, err = s.SavePlan(ctx, p, rev, ""); err != nil {
				errs <- err
				return
			}
		}
	}()
	var reads atomic.Int64
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				got, rev, err := s.LoadPlan(ctx, p.ID)
				if err != nil {
					errs <- err
					return
				}
				if rev > 1 && (got.Title != fmt.Sprintf("revision %d", rev) || len(got.RedLines) != int(rev%5)+3) {
					errs <- fmt.Errorf("torn read: revision %d with title %q and %d red lines", rev, got.Title, len(got.RedLines))
					return
				}
				list, err := s.ListPlans(ctx, ListOptions{})
				if err != nil || len(list) != 1 || list[0].Revision < rev {
					errs <- fmt.Errorf("list %+v after loading revision %d: %v", list, rev, err)
					return
				}
				if revs, err := s.Revisions(ctx, p.ID); err != nil || int64(len(revs)) < rev {
					errs <- fmt.Errorf("%d revisions after loading revision %d: %v", len(revs), rev, err)
					return
				}
				reads.Add(1)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if reads.Load() == 0 {
		t.Error("no read ran beside the writer")
	}
	_, rev := mustLoad(t, s, p.ID)
	if rev != int64(saves)+1 {
		t.Errorf("latest revision %d, want %d", rev, saves+1)
	}
}

// Twenty clients — each a store of its own on one database, as twenty
// laptops of a planning cell — load and save five overlapping plans for a
// minute: every save a client was told succeeded is in the history, as
// that revision, with what that client wrote; every other save was told it
// conflicted; and the run ends (no deadlock). Under the race detector, for
// fifteen seconds.
func TestTwentyClientsSavingOverlappingPlans(t *testing.T) {
	duration := 60 * time.Second
	if raceEnabled {
		duration = 15 * time.Second
	}
	if testing.Short() {
		t.Skip("runs for a minute")
	}
	db := newDatabase(t)
	const clients, plans = 20, 5
	ctx := context.Background()
	first := mustOpenAt(t, db)
	ids := make([]string, plans)
	for i := range ids {
		p := smallPlan(uint64(i + 1))
		mustSave(t, first, p, 0)
		ids[i] = p.ID
	}
	type saved struct {
		plan  string
		rev   int64
		title string
	}
	var mu sync.Mutex
	var won []saved
	conflicts, busy, failures := 0, 0, []error{}
	deadline := time.Now().Add(duration)
	var wg sync.WaitGroup
	for c := range clients {
		s := mustOpenAt(t, db, WithAuthor(fmt.Sprintf("client %d", c)))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; time.Now().Before(deadline); n++ {
				id := ids[(c+n)%plans]
				p, rev, err := s.LoadPlan(ctx, id)
				if err != nil {
					mu.Lock()
					failures = append(failures, fmt.Errorf("client %d load: %w", c, err))
					mu.Unlock()
					return
				}
				p.Title = fmt.Sprintf("client %d, save %d", c, n)
				got, err := s.SavePlan(ctx, p, rev, "")
				mu.Lock()
				switch {
				case err == nil:
					won = append(won, saved{id, got, p.Title})
				case errors.Is(err, ErrConflict):
					conflicts++
				case errors.Is(err, ErrBusy) && !onPostgres:
					busy++
				default:
					failures = append(failures, fmt.Errorf("client %d save: %w", c, err))
				}
				mu.Unlock()
			}
		}()
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(duration + 2*time.Minute):
		t.Fatal("the clients did not finish: a deadlock")
	}
	for _, err := range failures {
		t.Error(err)
	}
	// Every save told it succeeded is in the history, with its text.
	perPlan := map[string]int{}
	for _, w := range won {
		perPlan[w.plan]++
		p, err := first.LoadRevision(ctx, w.plan, w.rev)
		if err != nil || p.Title != w.title {
			t.Errorf("plan %s revision %d: %v %q, want %q", w.plan, w.rev, err, titleOf(p), w.title)
		}
	}
	for _, id := range ids {
		revs, err := first.Revisions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != perPlan[id]+1 {
			t.Errorf("plan %s has %d revisions; %d saves succeeded on top of the first", id, len(revs), perPlan[id])
		}
	}
	if len(won) == 0 || conflicts == 0 {
		t.Errorf("%d saves and %d conflicts: the clients did not overlap", len(won), conflicts)
	}
	t.Logf("%d clients for %v: %d saves, %d conflicts reported, %d refused as busy", clients, duration, len(won), conflicts, busy)
}

func titleOf(p *planner.Plan) string {
	if p == nil {
		return ""
	}
	return p.Title
}

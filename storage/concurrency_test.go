package storage

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

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

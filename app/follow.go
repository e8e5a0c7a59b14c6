package app

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"

	"redline/planner"
	"redline/storage"
)

// Followed runs: a run is driven from one machine at a time — the one that
// holds its driving lock (storage.DriveRun), whose steps, decisions and
// notes are saved — and followed from the others, read-only: a follower's
// view moves as the driver's saves come in (storage.Watch's RunSaved). The
// lock goes when the driver closes the run, quits or loses its connection.

// takeWheel tries to drive the run r shows; when another machine drives it,
// r follows it instead, read-only, and says whose it is.
func (s *exerciseScreen) takeWheel(r *runView) {
	d, err := s.u.store.DriveRun(context.Background(), r.rec.ID, s.u.authorName())
	switch {
	case err == nil:
		r.drive = d
		released := make(chan struct{})
		r.releaseDrive = func() {
			close(released)
			d.Release()
		}
		go func() {
			select {
			case <-d.Lost():
				fyne.Do(func() { r.lostWheel(d.Err()) })
			case <-released:
			}
		}()
	case errors.Is(err, storage.ErrRunDriven):
		r.follow(err.Error())
	default:
		// A store that cannot save the run (a read-only role, a file on a
		// read-only disk) can still show it.
		r.follow("This run cannot be driven from here: " + err.Error())
	}
}

// follow makes the view read-only: it shows the run as its driver saves it
// and takes no step, decision or note of its own.
func (r *runView) follow(why string) {
	r.following = true
	if r.cancelSave != nil {
		r.cancelSave() // what was not saved is not this window's to save any more
		r.cancelSave = nil
	}
	r.dirty = false
	for _, w := range []fyne.Disableable{r.step, r.back, r.title, r.note} {
		w.Disable()
	}
	r.status.SetText("Following, read-only — " + why + ". It moves as they step and decide.")
	r.update()
}

// lostWheel says that this machine no longer drives the run: its
// connection was lost and another may hold the run now. What it had not
// saved yet is dropped, so as not to overwrite the next driver's run.
func (r *runView) lostWheel(err error) {
	if r.s.run != r {
		return
	}
	msg := "This window no longer drives the run"
	if err != nil {
		msg += " (" + err.Error() + ")"
	}
	r.follow(msg + "; close and open it again to drive it")
}

// refollow shows the run again as its driver saved it last, when the open
// run is followed: its position, decisions and notes.
func (s *exerciseScreen) refollow(runID string) {
	r := s.run
	if r == nil || !r.following || r.rec.ID != runID {
		return
	}
	rec, err := s.u.store.LoadRun(context.Background(), runID)
	if err != nil {
		r.status.SetText("Following, read-only — the run could not be read again: " + err.Error())
		return
	}
	ex, err := planner.NewExerciseWith(r.plan, r.cat, planner.ExerciseOptions{Decisions: rec.Decisions})
	if err != nil {
		r.status.SetText(err.Error())
		return
	}
	why := r.status.Text
	room := r.room
	next := newRunView(s, *rec, r.plan, ex)
	next.following = true
	if room != nil {
		// The projector's window stays as it is and shows the new view.
		r.room = nil
		room.r = next
		next.room = room
		next.followers = append(next.followers, room.update)
	}
	s.show(next)
	next.follow(followReason(why))
}

// followReason takes the reason back out of a follower's status line.
func followReason(status string) string {
	const head, tail = "Following, read-only — ", ". It moves as they step and decide."
	if len(status) > len(head)+len(tail) && status[:len(head)] == head && status[len(status)-len(tail):] == tail {
		return status[len(head) : len(status)-len(tail)]
	}
	return "another machine drives this run"
}

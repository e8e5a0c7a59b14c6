package planner

import "time"

// The choices a facilitator records on a response that waits for a decision.
const (
	Approved = "approved"
	Rejected = "rejected"
	Deferred = "deferred"
)

// Choices lists the decision choices in the order a facilitator is offered them.
var Choices = []string{Approved, Rejected, Deferred}

// RunDecision is the players' choice on a response that a crossing put to them
// during a tabletop run.
type RunDecision struct {
	Inject   string
	RedLine  string
	Response string
	Choice   string // Approved, Rejected or Deferred
	Note     string
	// At is the wall-clock time the choice was recorded, AtHours the
	// exercise clock then (the time of the inject played last): together
	// they say how long the room took. AtHours is 0 for a decision stored
	// before the app recorded it.
	At      time.Time
	AtHours float64
}

// RunNote is a free remark taken during a run, at a point of exercise time.
type RunNote struct {
	AtHours float64
	Text    string
	At      time.Time
}

// Package planner is Redline's domain: the plan and its entities, the strict
// loader and canonical writer of the redline-plan/v1 format, the constraint
// checker and the tabletop-exercise engine.
//
// It depends on nothing of ours and imports neither a GUI toolkit nor a
// database driver, so every rule can be tested without a window or a file.
package planner

// PlanFormat is the value of a plan file's "format" key.
const PlanFormat = "redline-plan/v1"

// DefaultClassification is printed when a plan names none.
const DefaultClassification = "UNCLASSIFIED"

// DefaultProfile is the constraint profile a plan is checked against when it
// names none.
const DefaultProfile = "coalition-2025"

// Plan is one redline-plan/v1 document. Field order is the canonical key order
// of the file format; empty optional fields are omitted when written.
type Plan struct {
	Format         string         `json:"format"`
	ID             string         `json:"id,omitempty"`
	Title          string         `json:"title"`
	Classification string         `json:"classification"`
	Phase          Phase          `json:"phase"`
	Profile        string         `json:"profile"`
	Actors         []Actor        `json:"actors,omitempty"`
	Indicators     []Indicator    `json:"indicators,omitempty"`
	RedLines       []RedLine      `json:"red_lines,omitempty"`
	Responses      []Response     `json:"responses,omitempty"`
	Contributions  []Contribution `json:"contributions,omitempty"`
	Links          []Link         `json:"links,omitempty"`
	Terms          []Term         `json:"terms,omitempty"`
	Injects        []Inject       `json:"injects,omitempty"`
	// Sources are documents the plan cites beyond the built-in ones.
	Sources []Source `json:"sources,omitempty"`
}

// Source is a document a plan cites (plan-format.md, Provenance): entries
// name it by id in their sources.
type Source struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	Date      string `json:"date,omitempty"`
	URL       string `json:"url,omitempty"`
}

// Provenance says where an entry comes from: the documents it rests on, and
// what of it is a planning assumption. Red lines, responses, contributions,
// links, terms and injects carry it, as the last keys of their object.
type Provenance struct {
	// Sources are source ids: built-in document file names or ids of the
	// plan's Sources.
	Sources []string `json:"sources,omitempty"`
	// Assumption, when not empty, says what of the entry is assumed rather
	// than sourced.
	Assumption string `json:"assumption,omitempty"`
}

// Sourced reports whether the entry names a source or states an assumption.
func (p Provenance) Sourced() bool { return len(p.Sources) > 0 || p.Assumption != "" }

// Actor is a state, organisation or adversary that plans refer to by code.
type Actor struct {
	Code string    `json:"code"`
	Name string    `json:"name"`
	Kind ActorKind `json:"kind"`
}

// Indicator is something observable about the adversary's conduct.
type Indicator struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	Unit string `json:"unit"`
}

// RedLine is a codified threshold on the adversary's actions.
type RedLine struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Domain    Domain     `json:"domain"`
	Indicator string     `json:"indicator,omitempty"`
	Threshold *Threshold `json:"threshold,omitempty"`
	Severity  int        `json:"severity"`
	Notes     string     `json:"notes,omitempty"`
	Provenance
}

// Threshold says when an observed value crosses a red line: observed Op Value.
type Threshold struct {
	Op    Op      `json:"op"`
	Value float64 `json:"value"`
}

// Holds reports whether observed op value is true.
func (t Threshold) Holds(observed float64) bool {
	switch t.Op {
	case OpGT:
		return observed > t.Value
	case OpGE:
		return observed >= t.Value
	case OpLT:
		return observed < t.Value
	case OpLE:
		return observed <= t.Value
	case OpEQ:
		return observed == t.Value
	}
	return false
}

// Response is an agreed allied action that answers red lines.
type Response struct {
	ID            string         `json:"id"`
	Title         string         `json:"title"`
	Kind          ResponseKind   `json:"kind"`
	Mechanism     Mechanism      `json:"mechanism"`
	Lead          string         `json:"lead"`
	Participants  []string       `json:"participants,omitempty"`
	HoursToEffect float64        `json:"hours_to_effect"`
	Requires      []Precondition `json:"requires,omitempty"`
	Capabilities  []Capability   `json:"capabilities,omitempty"`
	Uses          []string       `json:"uses,omitempty"`
	Provenance
}

// Contribution is what one nation gives: who, what, where, from when.
type Contribution struct {
	ID         string     `json:"id"`
	Nation     string     `json:"nation"`
	Capability Capability `json:"capability"`
	Personnel  int        `json:"personnel,omitempty"`
	AmountEURm float64    `json:"amount_eur_m,omitempty"`
	Location   Location   `json:"location"`
	Activation Activation `json:"activation"`
	Status     Status     `json:"status"`
	Months     *int       `json:"months,omitempty"`
	Provenance
}

// Live reports whether the contribution counts at all: declined ones do not.
func (c *Contribution) Live() bool { return c.Status != StatusDeclined }

// Foreign reports whether the contribution comes from outside Ukraine.
func (c *Contribution) Foreign() bool { return c.Nation != "UA" }

// GroundPresence reports whether the contribution puts people on the ground
// in Ukraine in a role that counts as a deployed force.
func (c *Contribution) GroundPresence() bool {
	return c.Personnel > 0 && c.Capability.Ground() && c.Location.OnTheGround()
}

// Link is one cell of the response matrix.
type Link struct {
	RedLine  string  `json:"red_line"`
	Response string  `json:"response"`
	Trigger  Trigger `json:"trigger"`
	Provenance
}

// Term is the plan's position on a demand that may be on the table.
type Term struct {
	ID     string   `json:"id"`
	Kind   TermKind `json:"kind"`
	Stance Stance   `json:"stance"`
	Value  *float64 `json:"value,omitempty"`
	Notes  string   `json:"notes,omitempty"`
	Provenance
}

// Inject is one scripted event of a tabletop exercise.
type Inject struct {
	ID           string        `json:"id"`
	AtHours      float64       `json:"at_hours"`
	Title        string        `json:"title"`
	Observations []Observation `json:"observations,omitempty"`
	Phase        Phase         `json:"phase,omitempty"`
	// Brief is the narrative read to the players.
	Brief string `json:"brief,omitempty"`
	// When lists the conditions under which the inject plays: all must
	// hold, else it is skipped (a branching script).
	When []Condition `json:"when,omitempty"`
	Provenance
}

// Condition looks back at the injects played before this one: a red line
// crossed, or a response's outcome; Not turns it round. Exactly one of
// RedLine and Response is set, and Outcome goes with Response.
type Condition struct {
	RedLine  string           `json:"red_line,omitempty"`
	Response string           `json:"response,omitempty"`
	Outcome  ConditionOutcome `json:"outcome,omitempty"`
	Not      bool             `json:"not,omitempty"`
}

// ConditionOutcome is what a condition asks of a response.
type ConditionOutcome string

// The outcomes a condition can ask about (exercise.md).
const (
	CondFired    ConditionOutcome = "fired"
	CondBlocked  ConditionOutcome = "blocked"
	CondDecision ConditionOutcome = "decision"
	CondApproved ConditionOutcome = "approved"
	CondRejected ConditionOutcome = "rejected"
	CondOngoing  ConditionOutcome = "ongoing"
)

// ConditionOutcomes lists them in the order of the specification.
var ConditionOutcomes = []ConditionOutcome{CondFired, CondBlocked, CondDecision, CondApproved, CondRejected, CondOngoing}

// Observation is one reading of an indicator reported by an inject.
type Observation struct {
	Indicator string  `json:"indicator"`
	Value     float64 `json:"value"`
}

// Normalize fills the defaults the format defines for absent fields, so that
// a loaded plan and its canonical form agree.
func (p *Plan) Normalize() {
	if p.Format == "" {
		p.Format = PlanFormat
	}
	if p.Classification == "" {
		p.Classification = DefaultClassification
	}
	if p.Profile == "" {
		p.Profile = DefaultProfile
	}
}

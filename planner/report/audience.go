package report

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"redline/planner"
)

// Audience is who a plan summary is written for. It decides what the
// summary leaves out, in one place (Audience.shows, applied when the
// document is built), so that every format leaves out the same.
//
//   - Facilitator, the zero value: everything, with the plan's own
//     classification on the banner.
//   - Participant: a player's copy. No exercise script or anything that
//     gives it away — its injects, findings about them, the count of them,
//     what the script showed in the scorecard — and no facilitator's notes
//     on the red lines. Players must not read the script.
//   - Release: a copy to circulate, under a classification chosen for it.
//     What a participant's copy leaves out, and no notes and no text of
//     the planning assumptions either: an entry still says, by its †, that
//     it rests on an assumption, but not what is assumed.
//
// A copy other than the facilitator's says which it is on its banner:
// "OFFICIAL-SENSITIVE — participant copy".
type Audience struct {
	kind audienceKind
	// classification is a release copy's banner.
	classification string
}

type audienceKind uint8

const (
	facilitator audienceKind = iota
	participant
	release
)

// Facilitator and Participant are the audiences without parameters; a
// release copy is made with Release.
var (
	Facilitator = Audience{}
	Participant = Audience{kind: participant}
)

// Release is a copy to circulate under the given classification, which
// must be a line of 1 to 64 characters (see ParseAudience).
func Release(classification string) Audience {
	return Audience{kind: release, classification: strings.TrimSpace(classification)}
}

// AudienceNames lists the audiences' names, as a usage line shows them.
const AudienceNames = "facilitator|participant|release"

// ParseAudience reads an audience by name, as `redlinectl export
// --audience` takes it, with the classification a release copy carries.
// A release copy needs one; the others take none (they carry the plan's).
func ParseAudience(name, classification string) (Audience, error) {
	switch name {
	case "", "facilitator", "participant":
		if classification != "" {
			return Audience{}, fmt.Errorf("a classification is chosen only for a release copy (--audience release); " +
				"the facilitator's and participants' copies carry the plan's")
		}
		if name == "participant" {
			return Participant, nil
		}
		return Facilitator, nil
	case "release":
		c := strings.TrimSpace(classification)
		switch {
		case c == "":
			return Audience{}, fmt.Errorf("a release copy needs the classification it is released under, such as OFFICIAL")
		case utf8.RuneCountInString(c) > 64:
			return Audience{}, fmt.Errorf("a classification is at most 64 characters, got %d", utf8.RuneCountInString(c))
		}
		if problem := planner.LineProblem(c); problem != "" {
			return Audience{}, fmt.Errorf("classification: %s", problem)
		}
		return Release(c), nil
	}
	return Audience{}, fmt.Errorf("want one of %s, got %q", AudienceNames, name)
}

// Name is the audience's name: "facilitator", "participant" or "release".
func (a Audience) Name() string {
	switch a.kind {
	case participant:
		return "participant"
	case release:
		return "release"
	}
	return "facilitator"
}

// banner is what the copy's banner says: the classification, and which
// copy it is unless it is the facilitator's.
func (a Audience) banner(planClassification string) string {
	switch a.kind {
	case participant:
		return planClassification + " — participant copy"
	case release:
		return a.classification + " — release copy"
	}
	return planClassification
}

// classification is the classification the copy carries.
func (a Audience) classificationOf(planClassification string) string {
	if a.kind == release {
		return a.classification
	}
	return planClassification
}

// shown is what a copy shows, decided once from the audience.
type shown struct {
	// script: the exercise script and what it showed (injects, findings
	// about them, the scorecard's exercise evidence).
	script bool
	// redLineNotes: the notes on red lines, which are the facilitator's.
	redLineNotes bool
	// termNotes: the notes on the negotiation terms.
	termNotes bool
	// assumptions: the text of each planning assumption.
	assumptions bool
}

func (a Audience) shows() shown {
	switch a.kind {
	case participant:
		return shown{termNotes: true, assumptions: true}
	case release:
		return shown{}
	}
	return shown{script: true, redLineNotes: true, termNotes: true, assumptions: true}
}

// forAudience is the plan as the copy may tell it, and the findings it
// may show: without the script, a copy has no injects, and no finding
// about one (its subject would name it); without notes, none on red lines
// or terms. The plan given is not changed; what is left out is left out of
// a shallow copy.
func (s shown) forAudience(p *planner.Plan, findings []planner.Finding) (*planner.Plan, []planner.Finding) {
	if s.script && s.redLineNotes && s.termNotes {
		return p, findings
	}
	q := *p
	if !s.script {
		injects := make(map[string]bool, len(p.Injects))
		for i := range p.Injects {
			injects[p.Injects[i].ID] = true
		}
		q.Injects = nil
		if findings != nil {
			kept := make([]planner.Finding, 0, len(findings))
			for _, f := range findings {
				if !injects[f.Subject] || f.Subject == "" {
					kept = append(kept, f)
				}
			}
			findings = kept
		}
	}
	if !s.redLineNotes {
		q.RedLines = make([]planner.RedLine, len(p.RedLines))
		copy(q.RedLines, p.RedLines)
		for i := range q.RedLines {
			q.RedLines[i].Notes = ""
		}
	}
	if !s.termNotes {
		q.Terms = make([]planner.Term, len(p.Terms))
		copy(q.Terms, p.Terms)
		for i := range q.Terms {
			q.Terms[i].Notes = ""
		}
	}
	return &q, findings
}

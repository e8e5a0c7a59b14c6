package planner

import (
	"fmt"
	"strconv"
)

// DecisionsFormat is the value of a decisions file's "format" key
// (exercise.md, Decisions).
const DecisionsFormat = "redline-decisions/v1"

// DecodeDecisions parses a redline-decisions/v1 document strictly:
//
//	{ "format": "redline-decisions/v1", "decisions": [
//	  { "inject": "inj-2", "red_line": "rl-x", "response": "resp-y", "choice": "approved" } ] }
//
// Every key of a decision is required and no other is allowed; ids have
// the plan's id syntax, and choice is approved, rejected or deferred. A
// missing or empty list is no decision. The same decision (inject, red
// line, response) given twice with two choices is refused, since either
// could be meant; given twice with one choice it counts once. Any problem
// returns a *FormatError naming the JSON path of each, as the plan loader
// does. Whether a decision matches an outcome of a run is the run's
// business: one that matches none is ignored there.
func DecodeDecisions(data []byte) ([]RunDecision, error) {
	root, err := parseJSON(data)
	if err != nil {
		return nil, err
	}
	// Another kind of document (a plan, say) is called that, not a
	// decisions file with a dozen unknown keys.
	if m, ok := root.(map[string]any); ok {
		if format, isString := m["format"].(string); isString && format != DecisionsFormat {
			return nil, single("format", fmt.Sprintf("want %q, got %q; this is not a Redline decisions file of a version this program reads",
				DecisionsFormat, clipForMessage(format)))
		}
	}
	d := &decoder{}
	top, ok := d.object("", root, "a decisions file", "format", "decisions")
	if !ok {
		return nil, d.err()
	}
	top.str("format", true)
	choices := []string{Approved, Rejected, Deferred}
	var out []RunDecision
	type given struct{ out, file int }
	first := map[decisionKey]given{} // where each decision was first given
	for i, v := range top.list("decisions") {
		path := index("decisions", i)
		o, ok := d.object(path, v, "a decision", "inject", "red_line", "response", "choice")
		if !ok {
			continue
		}
		before := len(d.problems) + d.more
		dc := RunDecision{Inject: o.id("inject"), RedLine: o.id("red_line"), Response: o.id("response"),
			Choice: enum(o, "choice", true, choices)}
		if len(d.problems)+d.more != before {
			continue
		}
		k := decisionKey{dc.Inject, dc.RedLine, dc.Response}
		if g, seen := first[k]; seen {
			if out[g.out].Choice != dc.Choice {
				d.fail(path, "decisions[%d] already decides inject %s, red line %s, response %s as %s; keep one of the two",
					g.file, strconv.Quote(dc.Inject), strconv.Quote(dc.RedLine), strconv.Quote(dc.Response), out[g.out].Choice)
			}
			continue
		}
		first[k] = given{len(out), i}
		out = append(out, dc)
	}
	if err := d.err(); err != nil {
		return nil, err
	}
	return out, nil
}

package planner_test

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// referenceEncode is the definition the hand-written writer must match:
// encoding/json, two-space indent, no HTML escaping.
func referenceEncode(t *testing.T, p *planner.Plan) []byte {
	t.Helper()
	q := *p
	q.Normalize()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&q); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestEncodeMatchesEncodingJSON(t *testing.T) {
	ref, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	zero, tiny, huge, neg := 0.0, 1e-7, 1e21, -2.5
	months := 3
	awkward := &planner.Plan{
		Format: planner.PlanFormat, Title: "Quotes \" and \\ backslashes, <html> & tabs\t, \u2028 \u2029, \x01 \x1f, bad \xff byte, Київ, Rzeszów",
		Phase: planner.PhaseWar,
		RedLines: []planner.RedLine{{ID: "a", Title: "\b\f\n\r", Domain: planner.DomainAir, Severity: 3,
			Indicator: "x", Threshold: &planner.Threshold{Op: planner.OpEQ, Value: tiny}}},
		Responses: []planner.Response{{ID: "r", Title: "", Kind: planner.KindCyber, Mechanism: planner.MechanismDenial,
			Lead: "GB", HoursToEffect: huge, Participants: []string{"FR"}, Requires: []planner.Precondition{planner.RequiresCeasefire}}},
		Contributions: []planner.Contribution{{ID: "c", Nation: "FR", Capability: planner.CapNaval, AmountEURm: math.MaxFloat64,
			Location: planner.LocHome, Activation: planner.ActivationImmediate, Status: planner.StatusPledged, Months: &months}},
		Terms: []planner.Term{{ID: "t0", Kind: planner.TermUAForceCap, Stance: planner.StanceReject, Value: &zero},
			{ID: "t1", Kind: planner.TermUAForceCap, Stance: planner.StanceReject, Value: &neg}},
		Injects: []planner.Inject{{ID: "i", AtHours: 1.5, Title: "x", Observations: []planner.Observation{{Indicator: "x", Value: -1e-9}}}},
	}
	plans := map[string]*planner.Plan{
		"reference":       ref,
		"awkward strings": awkward,
		"empty":           {Title: "Empty", Phase: planner.PhaseCeasefire},
		"generated":       planner.Generate(planner.GenSpec{RedLines: 60, Responses: 80, Contributions: 120, Links: 200, Injects: 150, Seed: 3}),
	}
	for name, p := range plans {
		t.Run(name, func(t *testing.T) {
			got, err := planner.Encode(p)
			if err != nil {
				t.Fatal(err)
			}
			if want := referenceEncode(t, p); !bytes.Equal(got, want) {
				t.Errorf("writer output differs from encoding/json:\n got %s\nwant %s", got, want)
			}
		})
	}
}

package storage

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"redline/planner"
)

func intp(i int) *int           { return &i }
func floatp(f float64) *float64 { return &f }

// everyField is a plan with every optional field set, unicode everywhere and
// a draft's faults: a dangling link and use, a duplicate id.
func everyField() *planner.Plan {
	return &planner.Plan{
		Format: planner.PlanFormat, ID: "6f1c2a9e-3b7d-4e15-8c42-7a0d5e9b1f01",
		Title: "Київ — Rzeszów corridor: «reassurance» 🛡", Classification: "RESTRICTED // ĘXERCISE",
		Phase: planner.PhaseSettlement, Profile: "coalition-2025",
		Actors:     []planner.Actor{{Code: "NO", Name: "Norge", Kind: planner.ActorState}, {Code: "WAGNR", Name: "Група Вагнера", Kind: planner.ActorAdversary}},
		Indicators: []planner.Indicator{{Key: "rail_sabotage", Name: "Sabotage of rail lines — Żółć", Unit: "incidents/week"}},
		RedLines: []planner.RedLine{
			{ID: "rl-1", Title: "Наступ на Київ", Domain: planner.DomainLand, Indicator: "loc_ground_incursion",
				Threshold: &planner.Threshold{Op: planner.OpGE, Value: 500.25}, Severity: 5, Notes: "line one\nline two\t\"quoted\""},
			{ID: "rl-2", Title: "Draft without threshold", Domain: planner.DomainHybrid, Severity: 1},
			{ID: "rl-3", Title: "Zero threshold", Domain: planner.DomainNuclear, Indicator: "nuclear_signalling",
				Threshold: &planner.Threshold{Op: planner.OpEQ, Value: 0}, Severity: 3},
			{ID: "rl-1", Title: "Duplicate id", Domain: planner.DomainSea, Severity: 2},
		},
		Responses: []planner.Response{
			{ID: "resp-1", Title: "Sanctions — пакет 18", Kind: planner.KindEconomic, Mechanism: planner.MechanismPunishment, Lead: "FR",
				Participants: []string{"DE", "PL", "NO"}, HoursToEffect: 0.5,
				Requires:     []planner.Precondition{planner.RequiresEUUnanimity, planner.RequiresNATOConsensus},
				Capabilities: []planner.Capability{planner.CapFunding}, Uses: []string{"c-1", "c-missing"}},
			{ID: "resp-2", Title: "Bare", Kind: planner.KindCyber, Mechanism: planner.MechanismDenial, Lead: "GB"},
		},
		Contributions: []planner.Contribution{
			{ID: "c-1", Nation: "PL", Capability: planner.CapGroundTroops, Personnel: 2500, AmountEURm: 12.75,
				Location: planner.LocRear, Activation: planner.ActivationCeasefire, Status: planner.StatusPledged, Months: intp(24)},
			{ID: "c-2", Nation: "GB", Capability: planner.CapISR, Location: planner.LocHome,
				Activation: planner.ActivationImmediate, Status: planner.StatusDeclined},
		},
		Links: []planner.Link{
			{RedLine: "rl-1", Response: "resp-1", Trigger: planner.TriggerAutomatic},
			{RedLine: "rl-ghost", Response: "resp-ghost", Trigger: planner.TriggerConsultation},
		},
		Terms: []planner.Term{
			{ID: "t-1", Kind: planner.TermUAForceCap, Stance: planner.StanceNegotiable, Value: floatp(800000), Notes: "не менше"},
			{ID: "t-2", Kind: planner.TermSanctionsRelief, Stance: planner.StanceReject},
			{ID: "t-3", Kind: planner.TermForeignTroopsBan, Stance: planner.StanceAccept, Value: floatp(0)},
		},
		Injects: []planner.Inject{
			{ID: "inj-1", AtHours: 0, Title: "Ceasefire signed", Phase: planner.PhaseCeasefire},
			{ID: "inj-2", AtHours: 12.5, Title: "Incursion", Observations: []planner.Observation{
				{Indicator: "loc_ground_incursion", Value: 600}, {Indicator: "rail_sabotage", Value: -1.5}}},
			{ID: "inj-3", AtHours: 1e9, Title: "Far future"},
		},
	}
}

// unsetFields is a plan with every optional field absent.
func unsetFields() *planner.Plan {
	return &planner.Plan{
		Format: planner.PlanFormat, ID: "6f1c2a9e-3b7d-4e15-8c42-7a0d5e9b1f02", Title: "Minimal", Phase: planner.PhaseWar,
		RedLines:      []planner.RedLine{{ID: "rl", Title: "t", Domain: planner.DomainAir, Severity: 1}},
		Responses:     []planner.Response{{ID: "r", Title: "t", Kind: planner.KindDiplomatic, Mechanism: planner.MechanismReassurance, Lead: "US"}},
		Contributions: []planner.Contribution{{ID: "c", Nation: "UA", Capability: planner.CapTraining, Location: planner.LocFrontline, Activation: planner.ActivationOnTrigger, Status: planner.StatusConfirmed}},
		Terms:         []planner.Term{{ID: "t", Kind: planner.TermNATOMembershipBan, Stance: planner.StanceReject}},
		Injects:       []planner.Inject{{ID: "i", Title: "t"}},
	}
}

func TestSaveLoadKeepsEveryField(t *testing.T) {
	s := mustOpen(t)
	cases := []struct {
		name string
		plan func(t *testing.T) *planner.Plan
	}{
		{"reference plan", func(t *testing.T) *planner.Plan { return referencePlan(t) }},
		{"every optional field set, unicode, draft faults", func(*testing.T) *planner.Plan { return everyField() }},
		{"every optional field unset", func(*testing.T) *planner.Plan { return unsetFields() }},
		{"empty plan", func(*testing.T) *planner.Plan {
			return &planner.Plan{Title: "Empty", Phase: planner.PhaseCeasefire}
		}},
		{"extreme numbers", func(*testing.T) *planner.Plan {
			p := unsetFields()
			p.ID = ""
			p.RedLines[0].Threshold = &planner.Threshold{Op: planner.OpLT, Value: math.MaxFloat64}
			p.Contributions[0].Personnel = math.MaxInt32
			p.Contributions[0].AmountEURm = 1e-300
			p.Contributions[0].Months = intp(1)
			p.Terms[0].Value = floatp(-math.MaxFloat64)
			p.Injects[0].AtHours = 0.1 + 0.2
			return p
		}},
	}
	for seed := uint64(1); seed <= 12; seed++ {
		spec := planner.GenSpec{RedLines: int(seed * 7 % 23), Responses: int(seed * 5 % 19), Contributions: int(seed * 11 % 29),
			Links: int(seed * 13 % 41), Injects: int(seed * 3 % 17), Seed: seed}
		cases = append(cases, struct {
			name string
			plan func(t *testing.T) *planner.Plan
		}{fmt.Sprintf("generated seed %d (%d red lines, %d links)", seed, spec.RedLines, spec.Links), func(*testing.T) *planner.Plan { return planner.Generate(spec) }})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.plan(t)
			want := mustEncode(t, p)
			rev := mustSave(t, s, p, 0)
			if rev != 1 || p.ID == "" {
				t.Fatalf("first save: revision %d, id %q; want 1 and an id", rev, p.ID)
			}
			got, gotRev := mustLoad(t, s, p.ID)
			if gotRev != 1 {
				t.Errorf("loaded revision %d, want 1", gotRev)
			}
			if p.ID != "" && !strings.Contains(string(want), p.ID) {
				want = mustEncode(t, p) // the id was assigned by the save
			}
			sameEncoding(t, p, got)
			if string(mustEncode(t, got)) != string(want) {
				t.Fatal("the saved plan changed during the save")
			}
			// A second save of the loaded plan changes nothing either.
			mustSave(t, s, got, 1)
			again, _ := mustLoad(t, s, p.ID)
			sameEncoding(t, p, again)
			old, err := s.LoadRevision(context.Background(), p.ID, 1)
			if err != nil {
				t.Fatal(err)
			}
			sameEncoding(t, p, old)
		})
	}
}

func TestLoadPlanOfUnknownIDIsNotFound(t *testing.T) {
	s := mustOpen(t)
	_, _, err := s.LoadPlan(context.Background(), "0b9d3c1e-5a4f-4c2e-9a71-000000000000")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

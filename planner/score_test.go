package planner_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// firm is an answer that makes its red line credible on its own: the
// corners of the grade rule change one thing of it at a time.
func firm() planner.Answer {
	return planner.Answer{Response: "resp-ua", Title: "Reserves counter-attack", Trigger: planner.TriggerAutomatic,
		Mechanism: planner.MechanismDenial, HoursToEffect: 12, Fast: true,
		Backing: planner.Tally{Count: 1, Personnel: 9000}, Confirmed: true, HoldsInWar: true}
}

func TestGradeRuleCorners(t *testing.T) {
	with := func(f func(*planner.Answer)) planner.Answer {
		a := firm()
		f(&a)
		return a
	}
	hollowAnswer := planner.Answer{Title: "Sanctions snapback", Trigger: planner.TriggerConsultation,
		Mechanism: planner.MechanismPunishment, HoursToEffect: 72, Fast: true, Backing: planner.Tally{Count: 1},
		HoldsInWar: true, NeedsEUUnanimity: true}
	tests := []struct {
		name    string
		answers []planner.Answer
		want    planner.Grade
	}{
		{"nothing answers it", nil, planner.GradeHollow},
		{"a fast automatic confirmed denial that holds in war", []planner.Answer{firm()}, planner.GradeCredible},
		{"the same, beside a hollow answer", []planner.Answer{hollowAnswer, firm()}, planner.GradeCredible},
		{"too slow: it still commits", []planner.Answer{with(func(a *planner.Answer) { a.Fast = false })}, planner.GradeFragile},
		{"by consultation: it still defends", []planner.Answer{with(func(a *planner.Answer) { a.Trigger = planner.TriggerConsultation })}, planner.GradeFragile},
		{"backed by pledges", []planner.Answer{with(func(a *planner.Answer) { a.Confirmed = false })}, planner.GradeFragile},
		{"needs a ceasefire", []planner.Answer{with(func(a *planner.Answer) { a.HoldsInWar = false })}, planner.GradeFragile},
		{"needs EU unanimity", []planner.Answer{with(func(a *planner.Answer) { a.NeedsEUUnanimity = true })}, planner.GradeFragile},
		{"needs NATO consensus", []planner.Answer{with(func(a *planner.Answer) { a.NeedsNATOConsensus = true })}, planner.GradeFragile},
		{"needs the US", []planner.Answer{with(func(a *planner.Answer) { a.NeedsUS = true })}, planner.GradeFragile},
		{"punishes instead", []planner.Answer{with(func(a *planner.Answer) { a.Mechanism = planner.MechanismPunishment })}, planner.GradeFragile},
		{"cannot happen", []planner.Answer{with(func(a *planner.Answer) { a.Lost = "it draws on a declined contribution" })}, planner.GradeHollow},
		{"consultation-only punishment behind a veto, backed by pledges", []planner.Answer{hollowAnswer}, planner.GradeHollow},
		{"automatic punishment behind a veto", []planner.Answer{with(func(a *planner.Answer) {
			a.Mechanism, a.NeedsEUUnanimity = planner.MechanismPunishment, true
		})}, planner.GradeHollow},
		{"automatic punishment free of veto", []planner.Answer{with(func(a *planner.Answer) { a.Mechanism = planner.MechanismPunishment })}, planner.GradeFragile},
		{"consultation denial with forces behind it", []planner.Answer{with(func(a *planner.Answer) {
			a.Trigger, a.Confirmed = planner.TriggerConsultation, false
		})}, planner.GradeFragile},
		{"consultation denial with no forces", []planner.Answer{with(func(a *planner.Answer) {
			a.Trigger, a.Backing, a.Confirmed = planner.TriggerConsultation, planner.Tally{}, false
		})}, planner.GradeHollow},
		{"automatic denial behind a veto with no forces", []planner.Answer{with(func(a *planner.Answer) {
			a.NeedsNATOConsensus, a.Backing, a.Confirmed = true, planner.Tally{}, false
		})}, planner.GradeHollow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := planner.GradeOf(tt.answers); got != tt.want {
				t.Errorf("GradeOf = %s, want %s", got, tt.want)
			}
		})
	}
}

// scorePlan scores a plan with one red line, "Ground incursion" (rl-x:
// ground incursion ≥ 500), and the entries of body, drafted for phase.
func scorePlan(t *testing.T, phase, body string, tests ...planner.StressTest) *planner.Scorecard {
	t.Helper()
	return scorePlanWith(t, seeds.DefaultProfile(), phase, body, tests...)
}

func scorePlanWith(t *testing.T, prof *planner.Profile, phase, body string, tests ...planner.StressTest) *planner.Scorecard {
	t.Helper()
	p := decodeScorePlan(t, phase, body)
	return planner.ScoreStress(p, seeds.Catalog(), prof, tests)
}

func decodeScorePlan(t *testing.T, phase, body string) *planner.Plan {
	t.Helper()
	if body != "" {
		body = "," + body
	}
	src := `{"format":"redline-plan/v1","title":"Scorecard test","phase":"` + phase + `",
		"red_lines":[{"id":"rl-x","title":"Ground incursion","domain":"land","indicator":"loc_ground_incursion",
		"threshold":{"op":">=","value":500},"severity":5}]` + body + `}`
	p, err := planner.DecodePlan([]byte(src))
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	return p
}

// response writes a response of the test plans: mechanism, hours, then
// optional "requires" and "uses" lists.
func response(id, mech string, hours float64, requires, uses []string) string {
	q := func(l []string) string {
		b, _ := json.Marshal(l)
		return string(b)
	}
	s := fmt.Sprintf(`{"id":%q,"title":"Answer %s","kind":"military","mechanism":%q,"lead":"GB","hours_to_effect":%g`, id, id, mech, hours)
	if len(requires) > 0 {
		s += `,"requires":` + q(requires)
	}
	if len(uses) > 0 {
		s += `,"uses":` + q(uses)
	}
	return s + "}"
}

func contribution(id, nation, status, activation string, personnel int) string {
	return fmt.Sprintf(`{"id":%q,"nation":%q,"capability":"rapid_reaction","personnel":%d,"location":"second_line","activation":%q,"status":%q}`,
		id, nation, personnel, activation, status)
}

func link(resp, trigger string) string {
	return fmt.Sprintf(`{"red_line":"rl-x","response":%q,"trigger":%q}`, resp, trigger)
}

// entries writes the lists of a test plan.
func entries(responses, contributions, links []string) string {
	var parts []string
	if len(responses) > 0 {
		parts = append(parts, `"responses":[`+strings.Join(responses, ",")+`]`)
	}
	if len(contributions) > 0 {
		parts = append(parts, `"contributions":[`+strings.Join(contributions, ",")+`]`)
	}
	if len(links) > 0 {
		parts = append(parts, `"links":[`+strings.Join(links, ",")+`]`)
	}
	return strings.Join(parts, ",")
}

var (
	confirmedGB   = contribution("c-gb", "GB", "confirmed", "immediate", 8000)
	pledgedFR     = contribution("c-fr", "FR", "pledged", "immediate", 5000)
	conditionalDE = contribution("c-de", "DE", "conditional", "immediate", 3000)
	declinedIT    = contribution("c-it", "IT", "declined", "immediate", 300)
	onCeasefireGB = contribution("c-gb-cf", "GB", "confirmed", "ceasefire", 4000)
	confirmedUS   = contribution("c-us", "US", "confirmed", "immediate", 500)
)

type factorCase struct {
	name   string
	phase  string // "" is ceasefire
	body   string
	want   planner.Level
	saying string // a part of the factor's message
}

func checkFactor(t *testing.T, id planner.FactorID, tests []factorCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			phase := tt.phase
			if phase == "" {
				phase = "ceasefire"
			}
			sc := scorePlan(t, phase, tt.body)
			f := sc.RedLines[0].Factor(id)
			if f.Level != tt.want {
				t.Errorf("%s is %s, want %s: %s", id, f.Level, tt.want, f.Message)
			}
			if !strings.Contains(f.Message, tt.saying) {
				t.Errorf("%s says %q, want it to say %q", id, f.Message, tt.saying)
			}
			if !slices.Equal(f.Sources, id.Sources()) || len(f.Sources) == 0 {
				t.Errorf("%s cites %v, want %v", id, f.Sources, id.Sources())
			}
		})
	}
}

func TestDenialFactor(t *testing.T) {
	checkFactor(t, planner.FactorDenial, []factorCase{
		{name: "denial on a confirmed force", body: entries([]string{response("r1", "denial", 12, nil, []string{"c-gb"})},
			[]string{confirmedGB}, []string{link("r1", "automatic")}), want: planner.LevelStrong,
			saying: "“Answer r1” (1 confirmed contribution, 8,000 personnel)"},
		{name: "denial on a pledge is still denial with forces", body: entries([]string{response("r1", "denial", 12, nil, []string{"c-fr"})},
			[]string{pledgedFR}, []string{link("r1", "consultation")}), want: planner.LevelStrong, saying: "not all confirmed"},
		{name: "denial drawing on nothing", body: entries([]string{response("r1", "denial", 12, nil, nil)}, nil,
			[]string{link("r1", "automatic")}), want: planner.LevelWeak, saying: "a promise without forces"},
		{name: "denial on a declined contribution cannot happen", body: entries([]string{response("r1", "denial", 12, nil, []string{"c-it"})},
			[]string{declinedIT}, []string{link("r1", "automatic")}), want: planner.LevelMissing,
			saying: "“Answer r1” cannot happen, as it draws on the declined “Italy, rapid reaction”"},
		{name: "punishment alone", body: entries([]string{response("r1", "punishment", 12, nil, []string{"c-gb"})},
			[]string{confirmedGB}, []string{link("r1", "automatic")}), want: planner.LevelMissing, saying: "No answer denies"},
		{name: "denial needing a ceasefire in a plan drafted for war", phase: "war",
			body: entries([]string{response("r1", "denial", 12, []string{"ceasefire"}, []string{"c-gb"})},
				[]string{confirmedGB}, []string{link("r1", "automatic")}), want: planner.LevelMissing, saying: "it needs a ceasefire in force"},
		{name: "nothing answers it", body: "", want: planner.LevelMissing, saying: "Nothing answers it."},
	})
}

func TestPrecommitmentFactor(t *testing.T) {
	checkFactor(t, planner.FactorPrecommitment, []factorCase{
		{name: "an automatic link", body: entries([]string{response("r1", "punishment", 12, nil, nil), response("r2", "denial", 1, nil, nil)},
			nil, []string{link("r1", "automatic"), link("r2", "consultation")}), want: planner.LevelStrong,
			saying: "“Answer r1” fires automatically when it is crossed; 1 more answer waits for a coalition decision."},
		{name: "consultation only", body: entries([]string{response("r1", "denial", 12, nil, nil)}, nil,
			[]string{link("r1", "consultation")}), want: planner.LevelWeak, saying: "Every answer waits for a coalition decision"},
		{name: "an automatic link to an answer that cannot happen", body: entries([]string{response("r1", "denial", 12, nil, []string{"c-it"}),
			response("r2", "denial", 1, nil, nil)}, []string{declinedIT}, []string{link("r1", "automatic"), link("r2", "consultation")}),
			want: planner.LevelWeak, saying: "“Answer r1” cannot happen"},
		{name: "a link to a response that does not exist", body: entries(nil, nil, []string{link("resp-gone", "automatic")}),
			want: planner.LevelMissing, saying: `The matrix link to response "resp-gone", which does not exist, counts for nothing.`},
	})
}

func TestSpeedFactor(t *testing.T) {
	// coalition-2025 allows 72 h for a rapid response.
	checkFactor(t, planner.FactorSpeed, []factorCase{
		{name: "automatic at exactly rapid_hours", body: entries([]string{response("r1", "denial", 72, nil, nil)}, nil,
			[]string{link("r1", "automatic")}), want: planner.LevelStrong, saying: "takes effect 72 h after the crossing, within the 72 h"},
		{name: "automatic half an hour late", body: entries([]string{response("r1", "denial", 72.5, nil, nil)}, nil,
			[]string{link("r1", "automatic")}), want: planner.LevelWeak, saying: "takes 72.5 h, more than the 72 h"},
		{name: "the fastest automatic answer counts", body: entries([]string{response("r1", "denial", 200, nil, nil), response("r2", "punishment", 2, nil, nil)},
			nil, []string{link("r1", "automatic"), link("r2", "automatic")}), want: planner.LevelStrong, saying: "“Answer r2” takes effect 2 h"},
		{name: "a fast answer by consultation only", body: entries([]string{response("r1", "denial", 1, nil, nil)}, nil,
			[]string{link("r1", "consultation")}), want: planner.LevelMissing, saying: "once the coalition decides, the fastest, “Answer r1”, takes 1 h"},
		{name: "a fast automatic answer that cannot happen", body: entries([]string{response("r1", "denial", 1, nil, []string{"c-it"})},
			[]string{declinedIT}, []string{link("r1", "automatic")}), want: planner.LevelMissing, saying: "No answer can happen"},
	})
}

func TestSpeedFollowsTheProfile(t *testing.T) {
	prof := profileWith(t, `"params":{"rapid_hours":12}`)
	sc := scorePlanWith(t, prof, "ceasefire", entries([]string{response("r1", "denial", 24, nil, nil)}, nil, []string{link("r1", "automatic")}))
	if f := sc.RedLines[0].Factor(planner.FactorSpeed); f.Level != planner.LevelWeak || !strings.Contains(f.Message, "more than the 12 h") {
		t.Errorf("speed under rapid_hours 12: %s %q", f.Level, f.Message)
	}
}

// profileWith resolves a profile on coalition-2025 with the given keys.
func profileWith(t *testing.T, keys string) *planner.Profile {
	t.Helper()
	f, err := planner.DecodeProfile([]byte(`{"format":"redline-profile/v1","id":"excursion","title":"Excursion","base":"coalition-2025",` + keys + `}`))
	if err != nil {
		t.Fatal(err)
	}
	prof, err := planner.ResolveProfile(f, seeds.Profiles())
	if err != nil {
		t.Fatal(err)
	}
	return prof
}

func TestVetoPointsFactor(t *testing.T) {
	checkFactor(t, planner.FactorVetoPoints, []factorCase{
		{name: "no veto point", body: entries([]string{response("r1", "denial", 12, nil, nil)}, nil, []string{link("r1", "automatic")}),
			want: planner.LevelStrong, saying: "No answer needs EU unanimity or NATO consensus."},
		{name: "EU unanimity beside a free answer names the veto players", body: entries([]string{response("r1", "punishment", 72, []string{"eu_unanimity"}, nil),
			response("r2", "denial", 12, nil, nil)}, nil, []string{link("r1", "automatic"), link("r2", "automatic")}),
			want: planner.LevelWeak, saying: "“Answer r1” needs EU unanimity, which Hungary can veto; “Answer r2” needs neither."},
		{name: "NATO consensus on the only answer", body: entries([]string{response("r1", "reassurance", 24, []string{"nato_consensus"}, nil)}, nil,
			[]string{link("r1", "automatic")}), want: planner.LevelMissing, saying: "which any NATO member can block"},
		{name: "an exposure counts even when the answer is lost to the phase", phase: "war",
			body: entries([]string{response("r1", "denial", 12, []string{"ceasefire", "eu_unanimity"}, nil)}, nil,
				[]string{link("r1", "automatic")}), want: planner.LevelMissing, saying: "Every answer can be vetoed"},
		{name: "an answer lost to a declined contribution is not weighed", body: entries([]string{response("r1", "denial", 12, []string{"eu_unanimity"}, []string{"c-it"})},
			[]string{declinedIT}, []string{link("r1", "automatic")}), want: planner.LevelMissing, saying: "No answer can happen"},
	})
	prof := profileWith(t, `"params":{"veto_players":[]}`)
	sc := scorePlanWith(t, prof, "ceasefire", entries([]string{response("r1", "punishment", 72, []string{"eu_unanimity"}, nil)}, nil,
		[]string{link("r1", "automatic")}))
	if f := sc.RedLines[0].Factor(planner.FactorVetoPoints); !strings.Contains(f.Message, "which any EU member state can veto") {
		t.Errorf("with no veto players: %q", f.Message)
	}
}

func TestBackingFactor(t *testing.T) {
	checkFactor(t, planner.FactorBacking, []factorCase{
		{name: "confirmed alone", body: entries([]string{response("r1", "denial", 12, nil, []string{"c-gb"})}, []string{confirmedGB},
			[]string{link("r1", "automatic")}), want: planner.LevelStrong, saying: "1 confirmed (8,000 personnel). “Answer r1” rests on confirmed contributions alone."},
		{name: "confirmed beside a pledge", body: entries([]string{response("r1", "denial", 12, nil, []string{"c-gb", "c-fr"})}, []string{confirmedGB, pledgedFR},
			[]string{link("r1", "automatic")}), want: planner.LevelWeak, saying: "1 confirmed (8,000 personnel); 1 pledged (5,000 personnel). No answer rests"},
		{name: "conditional", body: entries([]string{response("r1", "denial", 12, nil, []string{"c-de"})}, []string{conditionalDE},
			[]string{link("r1", "automatic")}), want: planner.LevelWeak, saying: "1 conditional (3,000 personnel)"},
		{name: "declined", body: entries([]string{response("r1", "denial", 12, nil, []string{"c-it"})}, []string{declinedIT},
			[]string{link("r1", "automatic")}), want: planner.LevelMissing, saying: "1 declined contribution counts for nothing."},
		{name: "nothing used", body: entries([]string{response("r1", "punishment", 12, nil, nil)}, nil,
			[]string{link("r1", "automatic")}), want: planner.LevelMissing, saying: "a promise without forces"},
		{name: "money", body: entries([]string{response("r1", "punishment", 12, nil, []string{"c-fund"})},
			[]string{`{"id":"c-fund","nation":"DE","capability":"funding","amount_eur_m":8000,"location":"home","activation":"immediate","status":"pledged"}`},
			[]string{link("r1", "automatic")}), want: planner.LevelWeak, saying: "1 pledged (€8,000m)"},
		{name: "a use naming no contribution", body: entries([]string{response("r1", "denial", 12, nil, []string{"c-gb", "c-gone"})}, []string{confirmedGB},
			[]string{link("r1", "automatic")}), want: planner.LevelStrong,
			saying: `“Answer r1” uses contribution "c-gone", which does not exist and counts for nothing.`},
	})
}

func TestUSDependencyFactor(t *testing.T) {
	checkFactor(t, planner.FactorUSDependency, []factorCase{
		{name: "no US", body: entries([]string{response("r1", "denial", 12, nil, []string{"c-gb"})}, []string{confirmedGB},
			[]string{link("r1", "automatic")}), want: planner.LevelStrong, saying: "No answer needs US enablers or a US contribution."},
		{name: "US enablers beside a European answer", body: entries([]string{response("r1", "denial", 12, []string{"us_enablers"}, nil),
			response("r2", "denial", 12, nil, nil)}, nil, []string{link("r1", "automatic"), link("r2", "consultation")}),
			want: planner.LevelWeak, saying: "“Answer r1” needs US enablers; “Answer r2” does without the US."},
		{name: "a US contribution on the only answer", body: entries([]string{response("r1", "denial", 12, nil, []string{"c-us"})}, []string{confirmedUS},
			[]string{link("r1", "automatic")}), want: planner.LevelMissing, saying: "draws on “United States, rapid reaction”"},
		{name: "a declined US contribution is no dependency", body: entries([]string{response("r1", "denial", 12, nil, []string{"c-gb", "c-us-no"}),
			response("r2", "denial", 12, nil, []string{"c-gb"})},
			[]string{confirmedGB, contribution("c-us-no", "US", "declined", "immediate", 0)}, []string{link("r1", "automatic"), link("r2", "automatic")}),
			want: planner.LevelStrong, saying: "No answer needs US enablers"},
	})
}

func TestHoldsInWarFactor(t *testing.T) {
	checkFactor(t, planner.FactorHoldsInWar, []factorCase{
		{name: "immediate forces and no ceasefire needed", body: entries([]string{response("r1", "denial", 12, nil, []string{"c-gb"})}, []string{confirmedGB},
			[]string{link("r1", "automatic")}), want: planner.LevelStrong, saying: "“Answer r1” holds in war; no answer depends on a ceasefire."},
		{name: "one needs a ceasefire", body: entries([]string{response("r1", "denial", 12, []string{"ceasefire"}, nil),
			response("r2", "punishment", 12, nil, nil)}, nil, []string{link("r1", "automatic"), link("r2", "automatic")}),
			want: planner.LevelWeak, saying: "“Answer r2” holds in war; “Answer r1” would not, as it needs a ceasefire in force."},
		{name: "forces that come only with a ceasefire", body: entries([]string{response("r1", "denial", 12, nil, []string{"c-gb-cf"})}, []string{onCeasefireGB},
			[]string{link("r1", "automatic")}), want: planner.LevelMissing,
			saying: "it draws on “United Kingdom, rapid reaction”, which activates only after a ceasefire"},
		{name: "the same in a plan drafted for war", phase: "war", body: entries([]string{response("r1", "denial", 12, nil, []string{"c-gb-cf"})},
			[]string{onCeasefireGB}, []string{link("r1", "automatic")}), want: planner.LevelMissing, saying: "No answer holds in war"},
	})
}

func TestExerciseFactor(t *testing.T) {
	answered := entries([]string{response("r1", "denial", 12, nil, nil)}, nil, []string{link("r1", "automatic")})
	byDecision := entries([]string{response("r1", "denial", 12, nil, nil)}, nil, []string{link("r1", "consultation")})
	inject := func(id string, at float64, value int) string {
		return fmt.Sprintf(`{"id":%q,"at_hours":%g,"title":"Probe %s","observations":[{"indicator":"loc_ground_incursion","value":%d}]}`, id, at, id, value)
	}
	script := func(in ...string) string { return `"injects":[` + strings.Join(in, ",") + `]` }
	checkFactor(t, planner.FactorExercise, []factorCase{
		{name: "no script", body: answered, want: planner.LevelMissing, saying: "The plan has no exercise script"},
		{name: "a script that stays just below the threshold", body: answered + "," + script(inject("i1", 0, 499)),
			want: planner.LevelMissing, saying: "The script never crosses it"},
		{name: "crossed at the threshold and answered", body: answered + "," + script(inject("i1", 6, 500)),
			want: planner.LevelStrong, saying: "The script crosses it at T+6h (“Probe i1”); with no decision taken: “Answer r1” fired, effective T+18h."},
		{name: "crossed and put to the coalition", body: byDecision + "," + script(inject("i1", 6, 500)),
			want: planner.LevelWeak, saying: "no answer got under way there: “Answer r1” went to the coalition for a decision."},
		{name: "crossed twice, answered once", body: answered + "," + script(inject("i1", 6, 500), inject("i2", 8, 0), inject("i3", 10, 900)),
			want: planner.LevelStrong, saying: "and once more; with no decision taken: “Answer r1” fired, effective T+18h. Over all its crossings: 1 fired and 1 already under way."},
		{name: "crossed with nothing to answer", body: script(inject("i1", 6, 500)), want: planner.LevelWeak, saying: "as nothing answers it."},
		{name: "a script the engine refuses", body: answered + "," + `"injects":[{"id":"i1","at_hours":0,"title":"Probe","observations":[{"indicator":"no_such_indicator","value":1}]}]`,
			want: planner.LevelMissing, saying: "cannot be played until the plan's invalid references are fixed"},
	})
	t.Run("a red line without a threshold", func(t *testing.T) {
		p := decodeScorePlan(t, "ceasefire", answered+","+script(inject("i1", 6, 500)))
		p.RedLines[0].Threshold = nil
		f := planner.Score(p, seeds.Catalog(), seeds.DefaultProfile()).RedLines[0].Factor(planner.FactorExercise)
		if f.Level != planner.LevelMissing || !strings.Contains(f.Message, "no indicator and threshold") {
			t.Errorf("%s %q", f.Level, f.Message)
		}
	})
}

// A plan with broken references still scores: what does not resolve counts
// for nothing and is named where it would have counted.
func TestBrokenReferencesScore(t *testing.T) {
	body := entries([]string{response("r1", "denial", 12, nil, []string{"c-gb", "c-gone"})}, []string{confirmedGB},
		[]string{link("r1", "automatic"), link("resp-gone", "automatic"), `{"red_line":"rl-gone","response":"r1","trigger":"automatic"}`}) +
		`,"injects":[{"id":"i1","at_hours":0,"title":"Probe","observations":[{"indicator":"loc_ground_incursion","value":900}]}]`
	sc := scorePlan(t, "ceasefire", body, planner.StressTests...)
	rs := sc.RedLines[0]
	if rs.Grade != planner.GradeCredible {
		t.Errorf("grade %s, want credible: the answer that resolves is firm (%s)", rs.Grade, rs.Why)
	}
	for id, want := range map[planner.FactorID]string{
		planner.FactorPrecommitment: `The matrix link to response "resp-gone", which does not exist, counts for nothing.`,
		planner.FactorBacking:       `uses contribution "c-gone", which does not exist and counts for nothing.`,
		planner.FactorExercise:      "cannot be played until the plan's invalid references are fixed",
	} {
		if f := rs.Factor(id); !strings.Contains(f.Message, want) {
			t.Errorf("%s says %q, want %q", id, f.Message, want)
		}
	}
	if sc.PlanWide.Broken != 3 {
		t.Errorf("broken references %d, want 3", sc.PlanWide.Broken)
	}
	line := sc.PlanWide.Lines[len(sc.PlanWide.Lines)-1]
	if line.Line != "broken-references" || !strings.Contains(line.Message, `The matrix link from red line "rl-gone", which does not exist, to “Answer r1” counts for nothing.`) {
		t.Errorf("plan-wide: %+v", line)
	}
}

package planner

import (
	"slices"
	"strings"
)

// StressTest is an excursion the scorecard is worked out under again, side
// by side with the plan as drafted (SCORECARD.md, Stress tests). Its
// fields combine: each says what stops happening.
type StressTest struct {
	// Name is the test's stable id: "us-holds-back".
	Name string
	// Title says it in a few words: "The US holds back".
	Title string
	// About says in a sentence what the test assumes.
	About string
	// Sources are the built-in documents that make the test worth running.
	Sources []string
	// NoUS: the US gives neither enablers nor contributions; a response
	// that requires US enablers or draws on a US contribution cannot happen.
	NoUS bool
	// War: the phase is war, from the start of the script to its end.
	War bool
	// Fail lists the statuses of contributions that fail, as if declined.
	Fail []Status
	// Veto: responses that need EU unanimity or NATO consensus are vetoed.
	Veto bool
	// Profile, when set, replaces the profile's parameters (rapid_hours,
	// veto_players…).
	Profile *Profile
}

// StressTests are the built-in stress tests, in the order `--stress all`
// runs them.
var StressTests = []StressTest{
	{Name: "us-holds-back", Title: "The US holds back",
		About:   "No US enablers and no US contributions: what requires US enablers or draws on a US contribution does not happen.",
		Sources: []string{Src000, Src001, Src004}, NoUS: true},
	{Name: "war-resumes", Title: "The war resumes",
		About:   "The phase is war throughout: what needs a ceasefire, or draws on a contribution that activates only after one, does not happen.",
		Sources: []string{Src000, Src002}, War: true},
	{Name: "conditional-fail", Title: "Conditional contributions fail",
		About:   "Conditional contributions do not come, as if declined: what draws on one does not happen.",
		Sources: []string{Src002}, Fail: []Status{StatusConditional}},
	{Name: "pledges-fail", Title: "Only confirmed contributions count",
		About:   "Pledged and conditional contributions do not come, as if declined: only confirmed ones count.",
		Sources: []string{Src002, Src003}, Fail: []Status{StatusPledged, StatusConditional}},
	{Name: "veto", Title: "A capital vetoes",
		About:   "Responses that need EU unanimity or NATO consensus are vetoed and do not happen.",
		Sources: []string{Src002}, Veto: true},
}

// StressTestNames lists the built-in stress tests' names.
func StressTestNames() []string {
	names := make([]string, len(StressTests))
	for i := range StressTests {
		names[i] = StressTests[i].Name
	}
	return names
}

// StressTestByName returns the built-in stress test with that name.
func StressTestByName(name string) (StressTest, bool) {
	for _, t := range StressTests {
		if t.Name == name {
			return t, true
		}
	}
	return StressTest{}, false
}

// ProfileStressTest is the excursion of scoring under another profile: its
// parameters (rapid_hours, veto_players…) instead of the plan's. Its name is
// "profile:" and the profile's id.
func ProfileStressTest(prof *Profile) StressTest {
	return StressTest{Name: "profile:" + prof.ID, Title: prof.Title,
		About:   "The parameters of the profile “" + prof.Title + "” instead of the plan's.",
		Sources: []string{}, Profile: prof}
}

// stressContribution is the id of the declined contribution that stands,
// in the plan the exercise engine plays under a stress test, for what the
// test takes away that the engine has no word for (US enablers, a veto). It
// cannot clash with a plan's ids, which have no colon.
const stressContribution = "stress:withheld"

// enginePlan is the plan the exercise engine plays under the test, so that
// the engine blocks what the test stops: a contribution that fails is
// declined; a response the test stops for its requirements draws on a
// declined stand-in (stressContribution); under War the plan's phase is war
// and the script's phase changes are dropped. changed is false when the
// test changes nothing the engine sees; q is then p.
func (t *StressTest) enginePlan(p *Plan) (q *Plan, changed bool) {
	copied := *p
	q = &copied
	if t.War {
		if q.Phase != PhaseWar {
			q.Phase, changed = PhaseWar, true
		}
		for i := range p.Injects {
			if ph := p.Injects[i].Phase; ph != "" && ph != PhaseWar {
				q.Injects = slices.Clone(p.Injects)
				for k := range q.Injects {
					q.Injects[k].Phase = ""
				}
				changed = true
				break
			}
		}
	}
	w := &world{test: t}
	cloned := false
	for i := range p.Contributions {
		c := &p.Contributions[i]
		if w.fails(c) == countsOK || c.Status == StatusDeclined {
			continue
		}
		if !cloned {
			q.Contributions, cloned = slices.Clone(p.Contributions), true
		}
		q.Contributions[i].Status = StatusDeclined
		changed = true
	}
	stopped := func(r *Response) bool {
		for _, req := range r.Requires {
			if t.NoUS && req == RequiresUSEnablers || t.Veto && (req == RequiresEUUnanimity || req == RequiresNATOConsensus) {
				return true
			}
		}
		return false
	}
	var nation string
	for i := range p.Responses {
		r := &p.Responses[i]
		if !stopped(r) {
			continue
		}
		if nation == "" {
			q.Responses = slices.Clone(p.Responses)
			nation = r.Lead
		}
		q.Responses[i].Uses = append([]string{stressContribution}, r.Uses...)
	}
	if nation != "" {
		// The stand-in's nation is a lead the plan already has, so that it
		// is no invalid reference of its own.
		q.Contributions = append(slices.Clip(q.Contributions), Contribution{ID: stressContribution, Nation: nation,
			Capability: CapFunding, Location: LocHome, Activation: ActivationImmediate, Status: StatusDeclined})
		changed = true
	}
	if !changed {
		return p, false
	}
	return q, true
}

// stressReason is how an outcome's reason reads when the engine blocked a
// response on the stand-in.
func (t *StressTest) stressReason() string {
	var what []string
	if t.NoUS {
		what = append(what, "the US withholds its enablers")
	}
	if t.Veto {
		what = append(what, "a veto stops it")
	}
	return "in this test " + strings.Join(what, " and ")
}

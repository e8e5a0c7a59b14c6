package planner_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"redline/planner"
	"redline/seeds"
)

// specRule is one row of the rules table of rules.md, copied by hand so that
// the tests check the implementation against the specification rather than
// against itself.
type specRule struct {
	id       string
	severity planner.Severity
	sources  []string // short document numbers, as rules.md gives them
}

var specRules = []specRule{
	{"duplicate-id", planner.Blocker, nil},
	{"invalid-reference", planner.Blocker, nil},
	{"no-us-ground-troops", planner.Blocker, []string{"001", "002", "003", "004"}},
	{"second-line-only", planner.Blocker, []string{"000", "001", "004"}},
	{"ceasefire-first", planner.Blocker, []string{"002"}},
	{"troops-ban-conflict", planner.Blocker, []string{"004"}},
	{"declined-dependency", planner.Blocker, []string{"002"}},
	{"unanswered-red-line", planner.Blocker, []string{"004"}},
	{"declared-no-troops", planner.Warning, []string{"002"}},
	{"force-size", planner.Warning, []string{"000", "001", "002"}},
	{"punishment-only", planner.Warning, []string{"000", "001"}},
	{"vague-threshold", planner.Warning, []string{"004"}},
	{"capability-gap", planner.Warning, []string{"001", "004"}},
	{"slow-response", planner.Warning, []string{"004"}},
	{"ua-force-cap", planner.Warning, []string{"001", "003"}},
	{"relief-without-snapback", planner.Warning, []string{"000", "002"}},
	{"assurance-not-guarantee", planner.Warning, []string{"003", "004"}},
	{"hesitant-contributor", planner.Advice, []string{"000", "001", "002"}},
	{"no-forward-presence", planner.Advice, []string{"000", "001"}},
	{"open-ended-deployment", planner.Advice, []string{"000", "001"}},
	{"conditional-dependency", planner.Advice, []string{"002"}},
	{"us-enabler-dependency", planner.Advice, []string{"000", "001"}},
	{"eu-unanimity-veto", planner.Advice, []string{"002"}},
	{"air-defense-gap", planner.Advice, []string{"000", "001"}},
	{"unknown-source", planner.Warning, nil},
	{"unsourced-commitment", planner.Advice, nil},
	{"long-range-strike-gap", planner.Advice, []string{"000", "001"}},
}

// planWide are the rules whose subject is the plan as a whole ("").
var planWideRules = []string{"force-size", "assurance-not-guarantee", "no-forward-presence", "air-defense-gap", "long-range-strike-gap"}

func specRuleByID(t testing.TB, id string) specRule {
	t.Helper()
	for _, r := range specRules {
		if r.id == id {
			return r
		}
	}
	t.Fatalf("rule %q is not in rules.md", id)
	return specRule{}
}

// sourceFile maps a short document number ("002") to its file name through
// the seeds' index of documents.
func sourceFile(t testing.TB, short string) string {
	t.Helper()
	srcs, err := seeds.Sources()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		if strings.HasPrefix(s.File, short+"_") {
			return s.File
		}
	}
	t.Fatalf("no source document %s", short)
	return ""
}

func specSources(t testing.TB, id string) []string {
	t.Helper()
	out := []string{}
	for _, s := range specRuleByID(t, id).sources {
		out = append(out, sourceFile(t, s))
	}
	return out
}

// ckFinding is a finding reduced to what the tables assert: (rule, subject, severity).
type ckFinding struct {
	Rule     string
	Subject  string
	Severity planner.Severity
}

func (f ckFinding) String() string { return fmt.Sprintf("%s %s %q", f.Severity, f.Rule, f.Subject) }

func ckTriples(fs []planner.Finding) []ckFinding {
	out := make([]ckFinding, len(fs))
	for i, f := range fs {
		out[i] = ckFinding{f.Rule, f.Subject, f.Severity}
	}
	return out
}

func onlyRule(fs []planner.Finding, rule string) []ckFinding {
	var out []ckFinding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, ckFinding{f.Rule, f.Subject, f.Severity})
		}
	}
	return out
}

func severityRank(s planner.Severity) int {
	switch s {
	case planner.Blocker:
		return 0
	case planner.Warning:
		return 1
	case planner.Advice:
		return 2
	}
	return 99
}

// runCheck runs the checker with the built-in catalogue and asserts the
// invariants every result must keep: sorted by severity, rule, subject; each
// (rule, subject) pair once; a message; the rule's sources from rules.md.
// Severities are not compared with the defaults here, since a profile may
// override them.
func runCheck(t testing.TB, p *planner.Plan, prof *planner.Profile) []planner.Finding {
	t.Helper()
	fs := planner.Check(p, seeds.Catalog(), prof)
	assertInvariants(t, fs)
	return fs
}

// documentNumber is how a message cites one of the five documents: (002).
var documentNumber = regexp.MustCompile(`(?:^|[^0-9,"])(00[0-4])(?:[^0-9_]|$)`)

func assertInvariants(t testing.TB, fs []planner.Finding) {
	t.Helper()
	seen := map[[2]string]bool{}
	for i, f := range fs {
		if severityRank(f.Severity) > 2 {
			t.Errorf("finding %v has severity %q", ckTriples(fs)[i], f.Severity)
		}
		k := [2]string{f.Rule, f.Subject}
		if seen[k] {
			t.Errorf("(%s, %q) appears more than once", f.Rule, f.Subject)
		}
		seen[k] = true
		if strings.TrimSpace(f.Message) == "" {
			t.Errorf("finding %v has no message", ckTriples(fs)[i])
		}
		want := specSources(t, f.Rule)
		if f.Sources == nil || !slices.Equal(f.Sources, want) {
			t.Errorf("finding %v: sources %#v, want %#v", ckTriples(fs)[i], f.Sources, want)
		}
		// A message cites only documents of its rule, and only for what
		// they say: a limit that is a planning assumption (rapid_hours, the
		// force-size floor) is said to be one, not pinned on a document.
		for _, m := range documentNumber.FindAllStringSubmatch(f.Message, -1) {
			cited := m[1]
			if !slices.Contains(specRuleByID(t, f.Rule).sources, cited) {
				t.Errorf("finding %v: message %q cites %s, which is not among the rule's sources", ckTriples(fs)[i], f.Message, cited)
			}
		}
		if slices.Contains(planWideRules, f.Rule) != (f.Subject == "") {
			t.Errorf("finding %v: plan-wide rules and only they have the subject \"\"", ckTriples(fs)[i])
		}
		if i == 0 {
			continue
		}
		a, b := fs[i-1], f
		ra, rb := severityRank(a.Severity), severityRank(b.Severity)
		if ra > rb || ra == rb && (a.Rule > b.Rule || a.Rule == b.Rule && a.Subject >= b.Subject) {
			t.Errorf("findings out of order: %v before %v", ckTriples(fs)[i-1], ckTriples(fs)[i])
		}
	}
}

func monthsPtr(n int) *int { return &n }

// ckBasePlan is a clean plan: under coalition-2025 it draws no finding at all.
// A 30,000-strong British force at the second line (inside 25,000–80,000,
// with a duration), French air defence and British long-range strike from
// outside Ukraine, one precise red line answered automatically by a fast
// military denial response, a rejected term and an inject that observes a
// known indicator.
func ckBasePlan() *planner.Plan {
	return &planner.Plan{
		Format:         planner.PlanFormat,
		Title:          "Clean base",
		Classification: planner.DefaultClassification,
		Phase:          planner.PhaseCeasefire,
		Profile:        planner.DefaultProfile,
		RedLines: []planner.RedLine{{
			ID: "rl-base", Title: "Ground incursion", Domain: planner.DomainLand,
			Indicator: "loc_ground_incursion", Threshold: &planner.Threshold{Op: planner.OpGE, Value: 500}, Severity: 5,
		}},
		Responses: []planner.Response{{
			ID: "resp-base", Title: "Reinforce the second line", Kind: planner.KindMilitary,
			Mechanism: planner.MechanismDenial, Lead: "GB", Participants: []string{"FR"}, HoursToEffect: 24,
			Capabilities: []planner.Capability{planner.CapGroundTroops}, Uses: []string{"c-gb-ground"},
		}},
		Contributions: []planner.Contribution{
			mkC("c-gb-ground", "GB", planner.CapGroundTroops, 30000, planner.LocSecondLine),
			mkC("c-fr-ad", "FR", planner.CapAirDefense, 0, planner.LocNATOTerritory),
			mkC("c-gb-strike", "GB", planner.CapLongRangeStrike, 0, planner.LocHome),
		},
		Links: []planner.Link{{RedLine: "rl-base", Response: "resp-base", Trigger: planner.TriggerAutomatic}},
		Terms: []planner.Term{{ID: "t-base", Kind: planner.TermNATOMembershipBan, Stance: planner.StanceReject}},
		Injects: []planner.Inject{{ID: "inj-base", AtHours: 1, Title: "Probe",
			Observations: []planner.Observation{{Indicator: "loc_ground_incursion", Value: 100}}}},
	}
}

// mkC is a confirmed contribution that takes effect with the ceasefire and
// lasts twelve months, citing document 002 (so that unsourced-commitment
// stays quiet unless a case takes its source away).
func mkC(id, nation string, capability planner.Capability, personnel int, loc planner.Location) planner.Contribution {
	return planner.Contribution{ID: id, Nation: nation, Capability: capability, Personnel: personnel, Location: loc,
		Activation: planner.ActivationCeasefire, Status: planner.StatusConfirmed, Months: monthsPtr(12),
		Provenance: planner.Provenance{Sources: []string{planner.Src002}}}
}

func withStatus(c planner.Contribution, s planner.Status) planner.Contribution {
	c.Status = s
	return c
}
func withAct(c planner.Contribution, a planner.Activation) planner.Contribution {
	c.Activation = a
	return c
}
func asOpenEnded(c planner.Contribution) planner.Contribution { c.Months = nil; return c }
func asDeclined(c planner.Contribution) planner.Contribution {
	return withStatus(c, planner.StatusDeclined)
}
func asImmediate(c planner.Contribution) planner.Contribution {
	return withAct(c, planner.ActivationImmediate)
}
func withMonths(c planner.Contribution, n int) planner.Contribution {
	c.Months = monthsPtr(n)
	return c
}
func withNation(c planner.Contribution, nation string) planner.Contribution {
	c.Nation = nation
	return c
}
func withLoc(c planner.Contribution, loc planner.Location) planner.Contribution {
	c.Location = loc
	return c
}
func withPersonnel(c planner.Contribution, n int) planner.Contribution { c.Personnel = n; return c }
func withCap(c planner.Contribution, capability planner.Capability) planner.Contribution {
	c.Capability = capability
	return c
}

type ckMutation = func(*planner.Plan)

func seq(ms ...ckMutation) ckMutation {
	return func(p *planner.Plan) {
		for _, m := range ms {
			m(p)
		}
	}
}

func addContrib(cs ...planner.Contribution) ckMutation {
	return func(p *planner.Plan) { p.Contributions = append(p.Contributions, cs...) }
}

func addResps(rs ...planner.Response) ckMutation {
	return func(p *planner.Plan) { p.Responses = append(p.Responses, rs...) }
}

func addRedLines(rs ...planner.RedLine) ckMutation {
	return func(p *planner.Plan) { p.RedLines = append(p.RedLines, rs...) }
}

func addLinks(ls ...planner.Link) ckMutation {
	return func(p *planner.Plan) { p.Links = append(p.Links, ls...) }
}

func addTerms(ts ...planner.Term) ckMutation {
	return func(p *planner.Plan) { p.Terms = append(p.Terms, ts...) }
}

func setLinksTo(ls ...planner.Link) ckMutation {
	return func(p *planner.Plan) { p.Links = ls }
}

// editGround edits the base's British ground force (c-gb-ground).
func editGround(f func(planner.Contribution) planner.Contribution) ckMutation {
	return func(p *planner.Plan) { p.Contributions[0] = f(p.Contributions[0]) }
}

// groundSize sets the personnel of the base's British ground force.
func groundSize(n int) ckMutation {
	return editGround(func(c planner.Contribution) planner.Contribution { return withPersonnel(c, n) })
}

// noForeignGround moves the base's British ground force to NATO territory,
// so T is 0.
var noForeignGround = editGround(func(c planner.Contribution) planner.Contribution { return withLoc(c, planner.LocNATOTerritory) })

// editResp edits the base's response (resp-base).
func editResp(f func(*planner.Response)) ckMutation {
	return func(p *planner.Plan) { f(&p.Responses[0]) }
}

// editRedLine edits the base's red line (rl-base).
func editRedLine(f func(*planner.RedLine)) ckMutation {
	return func(p *planner.Plan) { f(&p.RedLines[0]) }
}

func setPhase(ph planner.Phase) ckMutation { return func(p *planner.Plan) { p.Phase = ph } }

func ckLink(rl, mkResp string) planner.Link {
	return planner.Link{RedLine: rl, Response: mkResp, Trigger: planner.TriggerAutomatic}
}

func ckConsult(rl, mkResp string) planner.Link {
	return planner.Link{RedLine: rl, Response: mkResp, Trigger: planner.TriggerConsultation}
}

func preciseRL(id string, severity int) planner.RedLine {
	return planner.RedLine{ID: id, Title: "Red line " + id, Domain: planner.DomainAir, Indicator: "strikes_cities",
		Threshold: &planner.Threshold{Op: planner.OpGE, Value: 20}, Severity: severity}
}

func mkResp(id string, kind planner.ResponseKind, mech planner.Mechanism) planner.Response {
	return planner.Response{ID: id, Title: "Response " + id, Kind: kind, Mechanism: mech, Lead: "FR", HoursToEffect: 12}
}

func mkTerm(id string, kind planner.TermKind, stance planner.Stance) planner.Term {
	return planner.Term{ID: id, Kind: kind, Stance: stance}
}

// withSources lists sources with these ids in the plan.
func withSources(ids ...string) ckMutation {
	return func(p *planner.Plan) {
		for _, id := range ids {
			p.Sources = append(p.Sources, planner.Source{ID: id, Title: "Source " + id})
		}
	}
}

// withWhen sets the conditions of the base's inject (inj-base).
func withWhen(cs ...planner.Condition) ckMutation {
	return func(p *planner.Plan) { p.Injects[0].When = cs }
}

// unsourced takes a contribution's provenance away.
func unsourced(c planner.Contribution) planner.Contribution {
	c.Provenance = planner.Provenance{}
	return c
}

func usesAdd(ids ...string) ckMutation {
	return editResp(func(r *planner.Response) { r.Uses = append(r.Uses, ids...) })
}

// ckRuleCase is one situation for one rule: the mutation of the clean base
// plan, and the subjects the rule must report (none: it must not fire).
type ckRuleCase struct {
	name   string
	mutate ckMutation
	want   []string
}

var (
	gb    = planner.CapGroundTroops
	rrf   = planner.CapRapidReaction
	train = planner.CapTraining
	eng   = planner.CapEngineering
	med   = planner.CapMedical
	ad    = planner.CapAirDefense
	front = planner.LocFrontline
	sec   = planner.LocSecondLine
	rear  = planner.LocRear
	air   = planner.LocUkraineAirspace
	nato  = planner.LocNATOTerritory
	home  = planner.LocHome
	sea   = planner.LocBlackSea
)

var ruleCases = map[string][]ckRuleCase{
	"duplicate-id": {
		{"distinct ids everywhere", nil, nil},
		{"two contributions share an id", addContrib(mkC("c-gb-ground", "FR", planner.CapLogistics, 0, home)), []string{"c-gb-ground"}},
		{"red line and response share an id", addResps(mkResp("rl-base", planner.KindMilitary, planner.MechanismDenial)), []string{"rl-base"}},
		{"term and inject share an id", addTerms(mkTerm("inj-base", planner.TermUAForceCap, planner.StanceReject)), []string{"inj-base"}},
		{"contribution and term share an id", addTerms(mkTerm("c-fr-ad", planner.TermUAForceCap, planner.StanceReject)), []string{"c-fr-ad"}},
		{"two injects share an id", func(p *planner.Plan) {
			p.Injects = append(p.Injects, planner.Inject{ID: "inj-base", AtHours: 2, Title: "Again"})
		}, []string{"inj-base"}},
		{"three entities with one id are one finding", seq(
			addResps(mkResp("t-base", planner.KindMilitary, planner.MechanismDenial)),
			addContrib(mkC("t-base", "FR", planner.CapLogistics, 0, home))), []string{"t-base"}},
		{"two clashing ids are two findings", seq(
			addRedLines(preciseRL("resp-base", 2)),
			addContrib(mkC("c-fr-ad", "FR", planner.CapLogistics, 0, home))), []string{"c-fr-ad", "resp-base"}},
		{"the same link twice is not a duplicate id", addLinks(ckLink("rl-base", "resp-base")), nil},
		{"an actor code equal to an entity id is not a duplicate", func(p *planner.Plan) {
			p.Actors = []planner.Actor{{Code: "XX", Name: "Example", Kind: planner.ActorState}}
			p.Contributions = append(p.Contributions, mkC("XX", "XX", planner.CapFunding, 0, home))
		}, nil},
		{"an indicator key equal to an entity id is not a duplicate", func(p *planner.Plan) {
			p.Indicators = []planner.Indicator{{Key: "rl-base", Name: "Clash", Unit: "n"}}
		}, nil},
		{"sources with ids of their own", withSources("rusi", "iiss"), nil},
		{"a source and a red line share an id: sources share the plan's id space", withSources("rl-base"), []string{"rl-base"}},
		{"a source and an inject share an id", withSources("inj-base"), []string{"inj-base"}},
		{"two sources share an id", withSources("rusi", "iiss", "rusi"), []string{"rusi"}},
		{"a source listed under a built-in document's name is not a duplicate", withSources(planner.Src002), nil},
		{"an entry citing a source is not a second use of its id", seq(withSources("rusi"),
			editRedLine(func(r *planner.RedLine) { r.Sources = []string{"rusi"} })), nil},
	},
	"invalid-reference": {
		{"every reference resolves", nil, nil},
		{"inject conditions that resolve", withWhen(
			planner.Condition{RedLine: "rl-base"},
			planner.Condition{Response: "resp-base", Outcome: planner.CondApproved, Not: true}), nil},
		{"inject condition names a missing red line", withWhen(planner.Condition{RedLine: "rl-missing"}), []string{"inj-base"}},
		{"inject condition names a missing response", withWhen(planner.Condition{Response: "resp-missing", Outcome: planner.CondFired}), []string{"inj-base"}},
		{"a negated condition on a missing red line is still a reference", withWhen(planner.Condition{RedLine: "rl-missing", Not: true}), []string{"inj-base"}},
		{"inject condition's red_line names a response", withWhen(planner.Condition{RedLine: "resp-base"}), []string{"inj-base"}},
		{"inject condition's response names a red line", withWhen(planner.Condition{Response: "rl-base", Outcome: planner.CondFired}), []string{"inj-base"}},
		{"inject condition names a source, not a red line", seq(withSources("rl-src"), withWhen(planner.Condition{RedLine: "rl-src"})), []string{"inj-base"}},
		{"dangling conditions and an unknown observation are one finding", func(p *planner.Plan) {
			p.Injects[0].Observations = append(p.Injects[0].Observations, planner.Observation{Indicator: "rail_sabotage", Value: 3})
			p.Injects[0].When = []planner.Condition{{RedLine: "rl-x"}, {Response: "resp-x", Outcome: planner.CondOngoing}, {RedLine: "rl-x"}}
		}, []string{"inj-base"}},
		{"link to a missing red line", addLinks(ckLink("rl-missing", "resp-base")), []string{"link:rl-missing:resp-base"}},
		{"link to a missing response", addLinks(ckLink("rl-base", "resp-missing")), []string{"link:rl-base:resp-missing"}},
		{"link with both ends missing", addLinks(ckConsult("rl-x", "resp-x")), []string{"link:rl-x:resp-x"}},
		{"the same dangling link twice is one finding", addLinks(ckLink("rl-x", "resp-base"), ckConsult("rl-x", "resp-base")), []string{"link:rl-x:resp-base"}},
		{"response uses a missing contribution", usesAdd("c-missing"), []string{"resp-base"}},
		{"response uses a red line's id: it names no contribution", usesAdd("rl-base"), []string{"resp-base"}},
		{"link whose red_line names a response", addLinks(ckLink("resp-base", "resp-base")), []string{"link:resp-base:resp-base"}},
		{"link whose response names a contribution", addLinks(ckLink("rl-base", "c-gb-ground")), []string{"link:rl-base:c-gb-ground"}},
		{"response lead is not an actor", editResp(func(r *planner.Response) { r.Lead = "XX" }), []string{"resp-base"}},
		{"response participant is not an actor", editResp(func(r *planner.Response) { r.Participants = []string{"FR", "ZZ"} }), []string{"resp-base"}},
		{"contribution nation is not an actor", addContrib(mkC("c-xx", "XX", planner.CapFunding, 0, home)), []string{"c-xx"}},
		{"red line indicator is not in the catalogue", editRedLine(func(r *planner.RedLine) { r.Indicator = "rail_sabotage" }), []string{"rl-base"}},
		{"observation indicator is not in the catalogue: the inject is the subject", func(p *planner.Plan) {
			p.Injects[0].Observations = append(p.Injects[0].Observations, planner.Observation{Indicator: "rail_sabotage", Value: 3})
		}, []string{"inj-base"}},
		{"several bad references in one response are one finding", editResp(func(r *planner.Response) {
			r.Lead = "XX"
			r.Participants = []string{"YY", "ZZ"}
			r.Uses = []string{"c-a", "c-b"}
		}), []string{"resp-base"}},
		{"several bad observations in one inject are one finding", func(p *planner.Plan) {
			p.Injects[0].Observations = []planner.Observation{{Indicator: "a", Value: 1}, {Indicator: "b", Value: 2}, {Indicator: "a", Value: 3}}
		}, []string{"inj-base"}},
		{"bad references across kinds of entity", seq(
			addLinks(ckLink("rl-base", "resp-x")),
			addContrib(mkC("c-xx", "XX", planner.CapFunding, 0, home)),
			editRedLine(func(r *planner.RedLine) { r.Indicator = "nope" }),
		), []string{"c-xx", "link:rl-base:resp-x", "rl-base"}},
		{"actor declared in the plan resolves", func(p *planner.Plan) {
			p.Actors = []planner.Actor{{Code: "XX", Name: "Example", Kind: planner.ActorState}}
			p.Responses[0].Lead = "XX"
			p.Contributions = append(p.Contributions, mkC("c-xx", "XX", planner.CapFunding, 0, home))
		}, nil},
		{"indicator declared in the plan resolves for red lines and observations", func(p *planner.Plan) {
			p.Indicators = []planner.Indicator{{Key: "rail_sabotage", Name: "Rail sabotage", Unit: "incidents/week"}}
			p.RedLines[0].Indicator = "rail_sabotage"
			p.Injects[0].Observations = []planner.Observation{{Indicator: "rail_sabotage", Value: 2}}
		}, nil},
		{"adversary and organisation codes are known actors", editResp(func(r *planner.Response) { r.Lead = "EU"; r.Participants = []string{"NATO", "RU"} }), nil},
		{"a red line without indicator refers to nothing", editRedLine(func(r *planner.RedLine) { r.Indicator = "" }), nil},
		{"using a declined contribution is a resolved reference", seq(
			addContrib(asDeclined(mkC("c-de", "DE", planner.CapLogistics, 0, home))), usesAdd("c-de")), nil},
	},
	"no-us-ground-troops": {
		{"US ground troops at second line", addContrib(mkC("c-us", "US", gb, 5000, sec)), []string{"c-us"}},
		{"US training team at second line", addContrib(mkC("c-us", "US", train, 200, sec)), []string{"c-us"}},
		{"US rapid reaction at the front line", addContrib(mkC("c-us", "US", rrf, 1000, front)), []string{"c-us"}},
		{"US engineers in the rear", addContrib(mkC("c-us", "US", eng, 50, rear)), []string{"c-us"}},
		{"US medics in the rear", addContrib(mkC("c-us", "US", med, 10, rear)), []string{"c-us"}},
		{"US air-defence crews in the rear", addContrib(mkC("c-us", "US", ad, 300, rear)), []string{"c-us"}},
		{"US pledged, one soldier", addContrib(withStatus(mkC("c-us", "US", gb, 1, sec), planner.StatusPledged)), []string{"c-us"}},
		{"US conditional ground troops", addContrib(withStatus(mkC("c-us", "US", gb, 1000, sec), planner.StatusConditional)), []string{"c-us"}},
		{"two US contributions", addContrib(mkC("c-us-2", "US", gb, 1000, sec), mkC("c-us-1", "US", train, 10, rear)), []string{"c-us-1", "c-us-2"}},
		{"US declined ground troops count for nothing", addContrib(asDeclined(mkC("c-us", "US", gb, 5000, sec))), nil},
		{"US intelligence from NATO territory is not ground presence", addContrib(mkC("c-us", "US", planner.CapIntelligence, 500, nato)), nil},
		{"US logistics with personnel in Ukraine is not ground presence", addContrib(mkC("c-us", "US", planner.CapLogistics, 500, rear)), nil},
		{"US ISR at second line is not ground presence", addContrib(mkC("c-us", "US", planner.CapISR, 100, sec)), nil},
		{"US funding staff at the front is not ground presence", addContrib(mkC("c-us", "US", planner.CapFunding, 3, front)), nil},
		{"US air defence in Ukrainian airspace is not ground presence", addContrib(mkC("c-us", "US", ad, 300, air)), nil},
		{"US ground troops on NATO territory", addContrib(mkC("c-us", "US", gb, 5000, nato)), nil},
		{"US ground troops at home", addContrib(mkC("c-us", "US", gb, 5000, home)), nil},
		{"US naval presence in the Black Sea", addContrib(mkC("c-us", "US", gb, 5000, sea)), nil},
		{"US ground troops with no personnel", addContrib(mkC("c-us", "US", gb, 0, sec)), nil},
		{"British ground troops are not US", nil, nil},
	},
	"second-line-only": {
		{"British ground troops at the front line", editGround(func(c planner.Contribution) planner.Contribution { return withLoc(c, front) }), []string{"c-gb-ground"}},
		{"French logistics at the front line: any capability with personnel", addContrib(mkC("c-fr", "FR", planner.CapLogistics, 40, front)), []string{"c-fr"}},
		{"US training at the front line", addContrib(mkC("c-us", "US", train, 10, front)), []string{"c-us"}},
		{"conditional Polish medics at the front line", addContrib(withStatus(mkC("c-pl", "PL", med, 5, front), planner.StatusConditional)), []string{"c-pl"}},
		{"UA is exempt from second-line-only", addContrib(mkC("c-ua", "UA", gb, 800000, front)), nil},
		{"declined British front-line force counts for nothing", addContrib(asDeclined(mkC("c-gb-f", "GB", gb, 1000, front))), nil},
		{"no personnel at the front line", addContrib(mkC("c-fr", "FR", planner.CapFunding, 0, front)), nil},
		{"second line is allowed", nil, nil},
		{"rear is allowed", editGround(func(c planner.Contribution) planner.Contribution { return withLoc(c, rear) }), nil},
		{"Ukrainian airspace is not the front line", addContrib(mkC("c-fr-air", "FR", planner.CapAirPolicing, 50, air)), nil},
	},
	"ceasefire-first": {
		{"war: British ground troops active immediately in Ukraine", seq(setPhase(planner.PhaseWar), editGround(asImmediate)), []string{"c-gb-ground"}},
		{"war: air defence in Ukrainian airspace active immediately", seq(setPhase(planner.PhaseWar),
			addContrib(asImmediate(mkC("c-fr-air", "FR", ad, 200, air)))), []string{"c-fr-air"}},
		{"war: foreign logistics in the rear with no personnel, immediate", seq(setPhase(planner.PhaseWar),
			addContrib(asImmediate(mkC("c-nl", "NL", planner.CapLogistics, 0, rear)))), []string{"c-nl"}},
		{"war: pledged immediate training at the front line", seq(setPhase(planner.PhaseWar),
			addContrib(asImmediate(withStatus(mkC("c-dk", "DK", train, 10, front), planner.StatusPledged)))), []string{"c-dk"}},
		{"war: immediate but ceasefire phase", editGround(asImmediate), nil},
		{"settlement: immediate deployment", seq(setPhase(planner.PhaseSettlement), editGround(asImmediate)), nil},
		{"war: Ukrainian forces are not foreign", seq(setPhase(planner.PhaseWar), addContrib(asImmediate(mkC("c-ua", "UA", gb, 100000, front)))), nil},
		{"war: declined immediate contribution counts for nothing", seq(setPhase(planner.PhaseWar),
			addContrib(asDeclined(asImmediate(mkC("c-it", "IT", gb, 1000, sec))))), nil},
		{"war: immediate from NATO territory is not in Ukraine", seq(setPhase(planner.PhaseWar),
			addContrib(asImmediate(mkC("c-pl", "PL", planner.CapAirPolicing, 100, nato)))), nil},
		{"war: immediate from home is not in Ukraine", seq(setPhase(planner.PhaseWar),
			addContrib(asImmediate(mkC("c-de", "DE", planner.CapFunding, 0, home)))), nil},
		{"war: immediate in the Black Sea is not in Ukraine", seq(setPhase(planner.PhaseWar),
			addContrib(asImmediate(mkC("c-tr", "TR", planner.CapNaval, 400, sea)))), nil},
		{"war: on_trigger activation", seq(setPhase(planner.PhaseWar),
			editGround(func(c planner.Contribution) planner.Contribution { return withAct(c, planner.ActivationOnTrigger) })), nil},
		{"war: ceasefire activation", setPhase(planner.PhaseWar), nil},
	},
	"troops-ban-conflict": {
		{"accepting a foreign troops ban while deploying a force", addTerms(mkTerm("t-ban", planner.TermForeignTroopsBan, planner.StanceAccept)), []string{"t-ban"}},
		{"accepting a ban with a single foreign medic in the rear", seq(noForeignGround,
			addContrib(mkC("c-med", "NL", med, 1, rear)), addTerms(mkTerm("t-ban", planner.TermForeignTroopsBan, planner.StanceAccept))), []string{"t-ban"}},
		{"ban negotiable", addTerms(mkTerm("t-ban", planner.TermForeignTroopsBan, planner.StanceNegotiable)), nil},
		{"ban rejected", addTerms(mkTerm("t-ban", planner.TermForeignTroopsBan, planner.StanceReject)), nil},
		{"ban accepted with T = 0", seq(noForeignGround, addTerms(mkTerm("t-ban", planner.TermForeignTroopsBan, planner.StanceAccept))), nil},
		{"ban accepted with only Ukrainian troops on the ground", seq(noForeignGround,
			addContrib(mkC("c-ua", "UA", gb, 100000, front)), addTerms(mkTerm("t-ban", planner.TermForeignTroopsBan, planner.StanceAccept))), nil},
		{"ban accepted with the foreign force declined", seq(editGround(asDeclined),
			addTerms(mkTerm("t-ban", planner.TermForeignTroopsBan, planner.StanceAccept))), nil},
		{"ban accepted with foreign logistics in Ukraine only", seq(noForeignGround,
			addContrib(mkC("c-log", "NL", planner.CapLogistics, 2000, rear)), addTerms(mkTerm("t-ban", planner.TermForeignTroopsBan, planner.StanceAccept))), nil},
		{"ban accepted with foreign air defence in Ukrainian airspace only", seq(noForeignGround,
			addContrib(mkC("c-air", "FR", ad, 500, air)), addTerms(mkTerm("t-ban", planner.TermForeignTroopsBan, planner.StanceAccept))), nil},
	},
	"declined-dependency": {
		{"response uses a declined contribution", seq(addContrib(asDeclined(mkC("c-it", "IT", train, 100, sec))), usesAdd("c-it")), []string{"resp-base"}},
		{"response uses two declined contributions: one finding", seq(
			addContrib(asDeclined(mkC("c-it", "IT", train, 100, sec)), asDeclined(mkC("c-pl", "PL", gb, 100, sec))),
			usesAdd("c-it", "c-pl")), []string{"resp-base"}},
		{"the response's only contribution is declined", editGround(asDeclined), []string{"resp-base"}},
		{"declined contribution nobody uses", addContrib(asDeclined(mkC("c-it", "IT", train, 100, sec))), nil},
		{"response uses a conditional contribution", seq(addContrib(withStatus(mkC("c-de", "DE", train, 100, nato), planner.StatusConditional)), usesAdd("c-de")), nil},
		{"response uses a missing contribution", usesAdd("c-missing"), nil},
	},
	"unanswered-red-line": {
		{"red line with no link", addRedLines(preciseRL("rl-2", 3)), []string{"rl-2"}},
		{"red line whose only link is dangling is also unanswered", setLinksTo(ckLink("rl-base", "resp-missing")), []string{"rl-base"}},
		{"no links at all", setLinksTo(), []string{"rl-base"}},
		{"link naming a missing red line answers nothing", setLinksTo(ckLink("rl-other", "resp-base")), []string{"rl-base"}},
		{"answered by a consultation link", setLinksTo(ckConsult("rl-base", "resp-base")), nil},
		{"answered by a punishment response only", seq(addResps(mkResp("resp-pun", planner.KindEconomic, planner.MechanismPunishment)),
			setLinksTo(ckLink("rl-base", "resp-pun"))), nil},
		{"a dangling link beside a resolving one", addLinks(ckLink("rl-base", "resp-missing")), nil},
	},
	"declared-no-troops": {
		{"Italian training team at second line", addContrib(mkC("c-it", "IT", train, 200, sec)), []string{"c-it"}},
		{"Polish ground troops in the rear", addContrib(mkC("c-pl", "PL", gb, 2000, rear)), []string{"c-pl"}},
		{"conditional Italian engineers", addContrib(withStatus(mkC("c-it", "IT", eng, 20, rear), planner.StatusConditional)), []string{"c-it"}},
		{"Italy and Poland both", addContrib(mkC("c-pl", "PL", med, 20, rear), mkC("c-it", "IT", ad, 20, rear)), []string{"c-it", "c-pl"}},
		{"Italy declined counts for nothing", addContrib(asDeclined(mkC("c-it", "IT", train, 200, sec))), nil},
		{"Italian training on NATO territory", addContrib(mkC("c-it", "IT", train, 200, nato)), nil},
		{"Polish logistics in the rear is not ground presence", addContrib(mkC("c-pl", "PL", planner.CapLogistics, 2000, rear)), nil},
		{"Polish air defence in Ukrainian airspace is not ground presence", addContrib(mkC("c-pl", "PL", ad, 50, air)), nil},
		{"Italian funding", addContrib(mkC("c-it", "IT", planner.CapFunding, 0, home)), nil},
	},
	"force-size": {
		{"T exactly 25,000 does not fire", groundSize(25000), nil},
		{"T 24,999 fires", groundSize(24999), []string{""}},
		{"T exactly 80,000 does not fire", groundSize(80000), nil},
		{"T 80,001 fires", groundSize(80001), []string{""}},
		{"T 1 fires", groundSize(1), []string{""}},
		{"T = 0 is not force-size", noForeignGround, nil},
		{"T sums several contributions: 20,000 + 5,000 air defence in the rear", seq(groundSize(20000), addContrib(mkC("c-ad", "FR", ad, 5000, rear))), nil},
		{"declined personnel are not counted", seq(groundSize(20000), addContrib(asDeclined(mkC("c-fr", "FR", gb, 60000, sec)))), []string{""}},
		{"Ukrainian personnel are not counted", seq(groundSize(20000), addContrib(mkC("c-ua", "UA", gb, 40000, front))), []string{""}},
		{"logistics personnel in Ukraine are not counted", seq(groundSize(20000), addContrib(mkC("c-log", "NL", planner.CapLogistics, 10000, rear))), []string{""}},
		{"personnel in Ukrainian airspace are not counted", seq(groundSize(20000), addContrib(mkC("c-air", "FR", ad, 5000, air))), []string{""}},
		{"personnel on NATO territory are not counted", seq(groundSize(20000), addContrib(mkC("c-n", "FR", gb, 5000, nato))), []string{""}},
		{"conditional personnel are counted", seq(groundSize(20000), addContrib(withStatus(mkC("c-c", "FR", gb, 5000, rear), planner.StatusConditional))), nil},
		{"US ground troops count too", seq(groundSize(79000), addContrib(mkC("c-us", "US", gb, 1001, sec))), []string{""}},
	},
	"punishment-only": {
		{"red line whose only link is to a punishment response", seq(addRedLines(preciseRL("rl-2", 3)),
			addResps(mkResp("resp-pun", planner.KindEconomic, planner.MechanismPunishment)), addLinks(ckLink("rl-2", "resp-pun"))), []string{"rl-2"}},
		{"two links, both punishment", seq(addRedLines(preciseRL("rl-2", 3)),
			addResps(mkResp("resp-pun", planner.KindEconomic, planner.MechanismPunishment), mkResp("resp-pun2", planner.KindMilitary, planner.MechanismPunishment)),
			addLinks(ckLink("rl-2", "resp-pun"), ckConsult("rl-2", "resp-pun2"))), []string{"rl-2"}},
		{"the base response turned to punishment", editResp(func(r *planner.Response) { r.Mechanism = planner.MechanismPunishment }), []string{"rl-base"}},
		{"a dangling link does not save a punishment-only red line", seq(addRedLines(preciseRL("rl-2", 3)),
			addResps(mkResp("resp-pun", planner.KindEconomic, planner.MechanismPunishment)),
			addLinks(ckLink("rl-2", "resp-pun"), ckLink("rl-2", "resp-missing"))), []string{"rl-2"}},
		{"punishment and denial", seq(addResps(mkResp("resp-pun", planner.KindEconomic, planner.MechanismPunishment)), addLinks(ckLink("rl-base", "resp-pun"))), nil},
		{"reassurance only is not punishment", seq(addRedLines(preciseRL("rl-2", 3)),
			addResps(mkResp("resp-re", planner.KindDiplomatic, planner.MechanismReassurance)), addLinks(ckLink("rl-2", "resp-re"))), nil},
		{"unanswered red line has no links, so it is not punishment-only", addRedLines(preciseRL("rl-2", 3)), nil},
		{"only link dangling: unanswered, not punishment-only", setLinksTo(ckLink("rl-base", "resp-missing")), nil},
	},
	"vague-threshold": {
		{"red line without indicator", editRedLine(func(r *planner.RedLine) { r.Indicator = "" }), []string{"rl-base"}},
		{"red line without threshold", editRedLine(func(r *planner.RedLine) { r.Threshold = nil }), []string{"rl-base"}},
		{"red line with neither: one finding", editRedLine(func(r *planner.RedLine) { r.Indicator = ""; r.Threshold = nil }), []string{"rl-base"}},
		{"two vague red lines", seq(editRedLine(func(r *planner.RedLine) { r.Threshold = nil }),
			addRedLines(planner.RedLine{ID: "rl-a", Title: "Vague", Domain: planner.DomainPolitical, Severity: 1}), addLinks(ckLink("rl-a", "resp-base"))), []string{"rl-a", "rl-base"}},
		{"indicator and threshold set", nil, nil},
		{"unknown indicator with a threshold is not vague", editRedLine(func(r *planner.RedLine) { r.Indicator = "made_up" }), nil},
		{"threshold value zero is still a threshold", editRedLine(func(r *planner.RedLine) { r.Threshold = &planner.Threshold{Op: planner.OpGT, Value: 0} }), nil},
	},
	"capability-gap": {
		{"response needs naval power nobody provides", editResp(func(r *planner.Response) { r.Capabilities = append(r.Capabilities, planner.CapNaval) }), []string{"resp-base"}},
		{"only a declined contribution provides it", seq(addContrib(asDeclined(mkC("c-tr", "TR", planner.CapNaval, 400, sea))),
			editResp(func(r *planner.Response) { r.Capabilities = []planner.Capability{planner.CapNaval} })), []string{"resp-base"}},
		{"two missing capabilities: one finding", editResp(func(r *planner.Response) {
			r.Capabilities = []planner.Capability{planner.CapNaval, planner.CapISR, planner.CapNaval}
		}), []string{"resp-base"}},
		{"the response's own ground force declined", editGround(asDeclined), []string{"resp-base"}},
		{"gaps in two responses", seq(
			addResps(planner.Response{ID: "resp-2", Title: "Cyber", Kind: planner.KindCyber, Mechanism: planner.MechanismDenial, Lead: "EE", HoursToEffect: 1,
				Capabilities: []planner.Capability{planner.CapCyberDefense}}),
			editResp(func(r *planner.Response) { r.Capabilities = []planner.Capability{planner.CapAirlift} })), []string{"resp-2", "resp-base"}},
		{"provided by a conditional contribution", seq(addContrib(withStatus(mkC("c-tr", "TR", planner.CapNaval, 400, sea), planner.StatusConditional)),
			editResp(func(r *planner.Response) { r.Capabilities = []planner.Capability{planner.CapNaval} })), nil},
		{"provided from anywhere, without personnel, not in uses", editResp(func(r *planner.Response) {
			r.Capabilities = []planner.Capability{planner.CapAirDefense, planner.CapLongRangeStrike}
		}), nil},
		{"provided by Ukraine", seq(addContrib(mkC("c-ua", "UA", planner.CapISR, 10, rear)),
			editResp(func(r *planner.Response) { r.Capabilities = []planner.Capability{planner.CapISR} })), nil},
		{"response lists no capabilities", editResp(func(r *planner.Response) { r.Capabilities = nil }), nil},
	},
	"slow-response": {
		{"severity 5, automatic, 73 h", editResp(func(r *planner.Response) { r.HoursToEffect = 73 }), []string{"resp-base"}},
		{"severity 4, automatic, 96 h", seq(editRedLine(func(r *planner.RedLine) { r.Severity = 4 }), editResp(func(r *planner.Response) { r.HoursToEffect = 96 })), []string{"resp-base"}},
		{"just over: 72.5 h", editResp(func(r *planner.Response) { r.HoursToEffect = 72.5 }), []string{"resp-base"}},
		{"two severe red lines link one slow response: one finding", seq(addRedLines(preciseRL("rl-2", 4)), addLinks(ckLink("rl-2", "resp-base")),
			editResp(func(r *planner.Response) { r.HoursToEffect = 200 })), []string{"resp-base"}},
		{"a slow automatic link beside a consultation link", seq(addRedLines(preciseRL("rl-2", 4)), setLinksTo(ckConsult("rl-base", "resp-base"), ckLink("rl-2", "resp-base")),
			editResp(func(r *planner.Response) { r.HoursToEffect = 200 })), []string{"resp-base"}},
		{"exactly rapid_hours does not fire", editResp(func(r *planner.Response) { r.HoursToEffect = 72 }), nil},
		{"severity 3 does not fire", seq(editRedLine(func(r *planner.RedLine) { r.Severity = 3 }), editResp(func(r *planner.Response) { r.HoursToEffect = 500 })), nil},
		{"consultation link does not fire", seq(setLinksTo(ckConsult("rl-base", "resp-base")), editResp(func(r *planner.Response) { r.HoursToEffect = 500 })), nil},
		{"slow response not linked", addResps(planner.Response{ID: "resp-slow", Title: "Slow", Kind: planner.KindEconomic, Mechanism: planner.MechanismPunishment, Lead: "EU", HoursToEffect: 720}), nil},
		{"dangling link to a severe red line does not fire", seq(
			addResps(planner.Response{ID: "resp-slow", Title: "Slow", Kind: planner.KindEconomic, Mechanism: planner.MechanismPunishment, Lead: "EU", HoursToEffect: 720}),
			addLinks(ckLink("rl-missing", "resp-slow"))), nil},
	},
	"ua-force-cap": {
		{"cap on Ukraine's forces accepted", addTerms(mkTerm("t-cap", planner.TermUAForceCap, planner.StanceAccept)), []string{"t-cap"}},
		{"cap accepted with a value", addTerms(planner.Term{ID: "t-cap", Kind: planner.TermUAForceCap, Stance: planner.StanceAccept, Value: new(float64)}), []string{"t-cap"}},
		{"cap negotiable", addTerms(mkTerm("t-cap", planner.TermUAForceCap, planner.StanceNegotiable)), nil},
		{"cap rejected", addTerms(mkTerm("t-cap", planner.TermUAForceCap, planner.StanceReject)), nil},
		{"another demand accepted", addTerms(mkTerm("t-nato", planner.TermNATOMembershipBan, planner.StanceAccept)), nil},
	},
	"relief-without-snapback": {
		{"sanctions relief accepted, no snapback", addTerms(mkTerm("t-relief", planner.TermSanctionsRelief, planner.StanceAccept)), []string{"t-relief"}},
		{"sanctions relief negotiable, no snapback", addTerms(mkTerm("t-relief", planner.TermSanctionsRelief, planner.StanceNegotiable)), []string{"t-relief"}},
		{"economic punishment exists but is not linked", seq(addTerms(mkTerm("t-relief", planner.TermSanctionsRelief, planner.StanceAccept)),
			addResps(mkResp("resp-snap", planner.KindEconomic, planner.MechanismPunishment))), []string{"t-relief"}},
		{"economic punishment linked only through a dangling link", seq(addTerms(mkTerm("t-relief", planner.TermSanctionsRelief, planner.StanceAccept)),
			addResps(mkResp("resp-snap", planner.KindEconomic, planner.MechanismPunishment)), addLinks(ckLink("rl-missing", "resp-snap"))), []string{"t-relief"}},
		{"linked economic reassurance is no snapback", seq(addTerms(mkTerm("t-relief", planner.TermSanctionsRelief, planner.StanceAccept)),
			addResps(mkResp("resp-e", planner.KindEconomic, planner.MechanismReassurance)), addLinks(ckLink("rl-base", "resp-e"))), []string{"t-relief"}},
		{"linked financial punishment is no snapback", seq(addTerms(mkTerm("t-relief", planner.TermSanctionsRelief, planner.StanceAccept)),
			addResps(mkResp("resp-f", planner.KindFinancial, planner.MechanismPunishment)), addLinks(ckLink("rl-base", "resp-f"))), []string{"t-relief"}},
		{"two relief terms", addTerms(mkTerm("t-r2", planner.TermSanctionsRelief, planner.StanceNegotiable), mkTerm("t-r1", planner.TermSanctionsRelief, planner.StanceAccept)),
			[]string{"t-r1", "t-r2"}},
		{"sanctions relief rejected", addTerms(mkTerm("t-relief", planner.TermSanctionsRelief, planner.StanceReject)), nil},
		{"linked economic punishment is a snapback", seq(addTerms(mkTerm("t-relief", planner.TermSanctionsRelief, planner.StanceAccept)),
			addResps(mkResp("resp-snap", planner.KindEconomic, planner.MechanismPunishment)), addLinks(ckLink("rl-base", "resp-snap"))), nil},
		{"snapback linked by consultation counts", seq(addTerms(mkTerm("t-relief", planner.TermSanctionsRelief, planner.StanceNegotiable)),
			addResps(mkResp("resp-snap", planner.KindEconomic, planner.MechanismPunishment)), addLinks(ckConsult("rl-base", "resp-snap"))), nil},
		{"frozen assets release is not sanctions relief", addTerms(mkTerm("t-assets", planner.TermFrozenAssetsRelease, planner.StanceAccept)), nil},
	},
	"assurance-not-guarantee": {
		{"red lines answered only diplomatically", editResp(func(r *planner.Response) { r.Kind = planner.KindDiplomatic }), []string{""}},
		{"military reassurance is not denial", editResp(func(r *planner.Response) { r.Mechanism = planner.MechanismReassurance }), []string{""}},
		{"economic denial is not military", editResp(func(r *planner.Response) { r.Kind = planner.KindEconomic }), []string{""}},
		{"red line with no responses at all", func(p *planner.Plan) { p.Responses = nil }, []string{""}},
		{"military denial in the plan", nil, nil},
		{"military denial response that is not linked still counts", seq(editResp(func(r *planner.Response) { r.Kind = planner.KindDiplomatic }),
			addResps(mkResp("resp-md", planner.KindMilitary, planner.MechanismDenial))), nil},
		{"no red lines: nothing to guarantee", func(p *planner.Plan) {
			p.RedLines = nil
			p.Links = nil
			p.Responses[0].Kind = planner.KindDiplomatic
		}, nil},
	},
	"hesitant-contributor": {
		{"German ground troops at second line", addContrib(mkC("c-de", "DE", gb, 4000, sec)), []string{"c-de"}},
		{"German medics in the rear, conditional", addContrib(withStatus(mkC("c-de", "DE", med, 40, rear), planner.StatusConditional)), []string{"c-de"}},
		{"Germany declined counts for nothing", addContrib(asDeclined(mkC("c-de", "DE", gb, 4000, sec))), nil},
		{"German air defence on NATO territory", addContrib(mkC("c-de", "DE", ad, 400, nato)), nil},
		{"German air defence in Ukrainian airspace", addContrib(mkC("c-de", "DE", ad, 400, air)), nil},
		{"German logistics in the rear", addContrib(mkC("c-de", "DE", planner.CapLogistics, 400, rear)), nil},
	},
	"no-forward-presence": {
		{"T = 0: the force moved to NATO territory", noForeignGround, []string{""}},
		{"only Ukraine on the ground", seq(noForeignGround, addContrib(mkC("c-ua", "UA", gb, 100000, front))), []string{""}},
		{"the only foreign force declined", editGround(asDeclined), []string{""}},
		{"foreign logistics in Ukraine only", seq(noForeignGround, addContrib(mkC("c-log", "NL", planner.CapLogistics, 3000, rear))), []string{""}},
		{"foreign air defence in Ukrainian airspace only", seq(noForeignGround, addContrib(mkC("c-air", "FR", ad, 3000, air))), []string{""}},
		{"foreign force with zero personnel", groundSize(0), []string{""}},
		{"one foreign medic", seq(noForeignGround, addContrib(mkC("c-med", "NL", med, 1, rear))), nil},
		{"a force below force_size_min is still presence", groundSize(100), nil},
	},
	"open-ended-deployment": {
		{"British force without months", editGround(asOpenEnded), []string{"c-gb-ground"}},
		{"pledged training without months", addContrib(asOpenEnded(withStatus(mkC("c-nl", "NL", train, 50, rear), planner.StatusPledged))), []string{"c-nl"}},
		{"US ground troops without months", addContrib(asOpenEnded(mkC("c-us", "US", gb, 50, rear))), []string{"c-us"}},
		{"one month is a duration", editGround(func(c planner.Contribution) planner.Contribution { return withMonths(c, 1) }), nil},
		{"Ukrainian forces are not foreign", addContrib(asOpenEnded(mkC("c-ua", "UA", gb, 100000, front))), nil},
		{"declined open-ended force counts for nothing", addContrib(asOpenEnded(asDeclined(mkC("c-fr", "FR", gb, 5000, sec)))), nil},
		{"open-ended logistics in Ukraine is not ground presence", addContrib(asOpenEnded(mkC("c-log", "NL", planner.CapLogistics, 50, rear))), nil},
		{"open-ended air defence on NATO territory", addContrib(asOpenEnded(mkC("c-ad", "DE", ad, 50, nato))), nil},
		{"open-ended air policing in Ukrainian airspace", addContrib(asOpenEnded(mkC("c-ap", "SE", ad, 50, air))), nil},
	},
	"conditional-dependency": {
		{"response uses a conditional contribution", seq(addContrib(withStatus(mkC("c-de", "DE", planner.CapISR, 10, nato), planner.StatusConditional)), usesAdd("c-de")), []string{"resp-base"}},
		{"the response's own force turned conditional", editGround(func(c planner.Contribution) planner.Contribution { return withStatus(c, planner.StatusConditional) }), []string{"resp-base"}},
		{"response uses pledged and confirmed contributions", seq(addContrib(withStatus(mkC("c-de", "DE", planner.CapISR, 10, nato), planner.StatusPledged)), usesAdd("c-de")), nil},
		{"conditional contribution nobody uses", addContrib(withStatus(mkC("c-de", "DE", planner.CapISR, 10, nato), planner.StatusConditional)), nil},
		{"response uses a declined contribution", seq(addContrib(asDeclined(mkC("c-de", "DE", planner.CapISR, 10, nato))), usesAdd("c-de")), nil},
		{"response uses a missing contribution", usesAdd("c-missing"), nil},
	},
	"us-enabler-dependency": {
		{"response requires US enablers", editResp(func(r *planner.Response) { r.Requires = []planner.Precondition{planner.RequiresUSEnablers} }), []string{"resp-base"}},
		{"among several preconditions", editResp(func(r *planner.Response) {
			r.Requires = []planner.Precondition{planner.RequiresCeasefire, planner.RequiresUSEnablers}
		}), []string{"resp-base"}},
		{"requires a ceasefire and NATO consensus only", editResp(func(r *planner.Response) {
			r.Requires = []planner.Precondition{planner.RequiresCeasefire, planner.RequiresNATOConsensus, planner.RequiresEUUnanimity}
		}), nil},
		{"a US-led response without the precondition", editResp(func(r *planner.Response) { r.Lead = "US" }), nil},
	},
	"eu-unanimity-veto": {
		{"response requires EU unanimity", editResp(func(r *planner.Response) { r.Requires = []planner.Precondition{planner.RequiresEUUnanimity} }), []string{"resp-base"}},
		{"two responses require EU unanimity", seq(
			editResp(func(r *planner.Response) {
				r.Requires = []planner.Precondition{planner.RequiresNATOConsensus, planner.RequiresEUUnanimity}
			}),
			addResps(planner.Response{ID: "resp-eu", Title: "Sanctions", Kind: planner.KindEconomic, Mechanism: planner.MechanismPunishment, Lead: "EU",
				HoursToEffect: 1, Requires: []planner.Precondition{planner.RequiresEUUnanimity}})), []string{"resp-base", "resp-eu"}},
		{"requires NATO consensus", editResp(func(r *planner.Response) { r.Requires = []planner.Precondition{planner.RequiresNATOConsensus} }), nil},
		{"an EU-led response without the precondition", editResp(func(r *planner.Response) { r.Lead = "EU" }), nil},
	},
	"air-defense-gap": {
		{"no air defence at all", func(p *planner.Plan) { p.Contributions = slices.Delete(p.Contributions, 1, 2) }, []string{""}},
		{"the only air defence declined", func(p *planner.Plan) { p.Contributions[1] = asDeclined(p.Contributions[1]) }, []string{""}},
		{"air policing is not air defence", func(p *planner.Plan) { p.Contributions[1] = withCap(p.Contributions[1], planner.CapAirPolicing) }, []string{""}},
		{"air defence from NATO territory without personnel", nil, nil},
		{"conditional air defence", func(p *planner.Plan) { p.Contributions[1] = withStatus(p.Contributions[1], planner.StatusConditional) }, nil},
		{"Ukrainian air defence", func(p *planner.Plan) { p.Contributions[1] = withNation(p.Contributions[1], "UA") }, nil},
	},
	"unknown-source": {
		{"no entry cites a source", nil, nil},
		{"every built-in document", editRedLine(func(r *planner.RedLine) { r.Sources = slices.Clone(planner.BuiltinSources) }), nil},
		{"a source the plan lists", seq(withSources("rusi"), editRedLine(func(r *planner.RedLine) { r.Sources = []string{"rusi", planner.Src004} })), nil},
		{"an empty sources list is none", editRedLine(func(r *planner.RedLine) { r.Sources = []string{} }), nil},
		{"an unknown source on a red line", editRedLine(func(r *planner.RedLine) { r.Sources = []string{"rusi"} }), []string{"rl-base"}},
		{"an unknown source on a response", editResp(func(r *planner.Response) { r.Sources = []string{"rusi"} }), []string{"resp-base"}},
		{"an unknown source on a contribution", editGround(func(c planner.Contribution) planner.Contribution {
			c.Sources = []string{planner.Src002, "rusi"}
			return c
		}), []string{"c-gb-ground"}},
		{"an unknown source on a link: the link is the subject", func(p *planner.Plan) { p.Links[0].Sources = []string{"rusi"} }, []string{"link:rl-base:resp-base"}},
		{"an unknown source on a term", func(p *planner.Plan) { p.Terms[0].Sources = []string{"rusi"} }, []string{"t-base"}},
		{"an unknown source on an inject", func(p *planner.Plan) { p.Injects[0].Sources = []string{"rusi"} }, []string{"inj-base"}},
		{"an entity's id is not a source", editRedLine(func(r *planner.RedLine) { r.Sources = []string{"resp-base"} }), []string{"rl-base"}},
		{"a built-in document's number alone is not its id", editRedLine(func(r *planner.RedLine) { r.Sources = []string{"002"} }), []string{"rl-base"}},
		{"ids are exact: another case is another id", editRedLine(func(r *planner.RedLine) {
			r.Sources = []string{strings.ToUpper(planner.Src002)}
		}), []string{"rl-base"}},
		{"a source the plan lists under another case", seq(withSources("RUSI"), editRedLine(func(r *planner.RedLine) { r.Sources = []string{"rusi"} })), []string{"rl-base"}},
		{"several unknown sources on one entry are one finding", editRedLine(func(r *planner.RedLine) { r.Sources = []string{"a", "b", "a"} }), []string{"rl-base"}},
		{"one finding per entry across kinds", func(p *planner.Plan) {
			p.RedLines[0].Sources = []string{"x"}
			p.Links[0].Sources = []string{"x"}
			p.Injects[0].Sources = []string{"y"}
		}, []string{"inj-base", "link:rl-base:resp-base", "rl-base"}},
		{"a dangling link citing an unknown source", addLinks(planner.Link{RedLine: "rl-x", Response: "resp-x", Trigger: planner.TriggerAutomatic,
			Provenance: planner.Provenance{Sources: []string{"nowhere"}}}), []string{"link:rl-x:resp-x"}},
		{"an assumption cites nothing", editRedLine(func(r *planner.RedLine) { r.Assumption = "rusi says so" }), nil},
	},
	"unsourced-commitment": {
		{"every confirmed contribution cites a document", nil, nil},
		{"a confirmed contribution with neither sources nor assumption", editGround(unsourced), []string{"c-gb-ground"}},
		{"a pledged contribution with neither", editGround(func(c planner.Contribution) planner.Contribution {
			return withStatus(unsourced(c), planner.StatusPledged)
		}), []string{"c-gb-ground"}},
		{"an empty sources list and an empty assumption are none", editGround(func(c planner.Contribution) planner.Contribution {
			c.Sources, c.Assumption = []string{}, ""
			return c
		}), []string{"c-gb-ground"}},
		{"a commitment outside Ukraine counts too", func(p *planner.Plan) { p.Contributions[2] = unsourced(p.Contributions[2]) }, []string{"c-gb-strike"}},
		{"an assumption alone is enough", editGround(func(c planner.Contribution) planner.Contribution {
			c = unsourced(c)
			c.Assumption = "London's figure from the workshop; no document gives it."
			return c
		}), nil},
		{"an assumption of white space is not empty", editGround(func(c planner.Contribution) planner.Contribution {
			c = unsourced(c)
			c.Assumption = " "
			return c
		}), nil},
		{"a source the plan lists is enough", seq(withSources("mod-uk"), editGround(func(c planner.Contribution) planner.Contribution {
			c.Sources = []string{"mod-uk"}
			return c
		})), nil},
		{"an unknown source is still a source (unknown-source says the rest)", editGround(func(c planner.Contribution) planner.Contribution {
			c.Sources = []string{"nowhere"}
			return c
		}), nil},
		{"a conditional contribution is not a commitment", editGround(func(c planner.Contribution) planner.Contribution {
			return withStatus(unsourced(c), planner.StatusConditional)
		}), nil},
		{"a declined contribution is not a commitment", editGround(func(c planner.Contribution) planner.Contribution {
			return asDeclined(unsourced(c))
		}), nil},
		{"each unsourced commitment is its own finding", func(p *planner.Plan) {
			for i := range p.Contributions {
				p.Contributions[i] = unsourced(p.Contributions[i])
			}
		}, []string{"c-fr-ad", "c-gb-ground", "c-gb-strike"}},
	},
	"long-range-strike-gap": {
		{"no long-range strike at all", func(p *planner.Plan) { p.Contributions = p.Contributions[:2] }, []string{""}},
		{"the only long-range strike declined", func(p *planner.Plan) { p.Contributions[2] = asDeclined(p.Contributions[2]) }, []string{""}},
		{"long-range strike at home without personnel", nil, nil},
		{"pledged long-range strike", func(p *planner.Plan) { p.Contributions[2] = withStatus(p.Contributions[2], planner.StatusPledged) }, nil},
		{"Ukrainian long-range strike", func(p *planner.Plan) { p.Contributions[2] = withNation(p.Contributions[2], "UA") }, nil},
	},
}

func TestBasePlanIsClean(t *testing.T) {
	fs := runCheck(t, ckBasePlan(), seeds.DefaultProfile())
	if len(fs) != 0 {
		t.Fatalf("the clean base plan draws findings: %v", ckTriples(fs))
	}
}

func TestRulesMatchSpec(t *testing.T) {
	ids := planner.RuleIDs()
	if len(ids) != len(specRules) {
		t.Fatalf("planner has %d rules, rules.md %d", len(ids), len(specRules))
	}
	for i, sr := range specRules {
		if ids[i] != sr.id {
			t.Errorf("rule %d: %q, want %q (order of rules.md)", i, ids[i], sr.id)
		}
		r := planner.RuleByID(sr.id)
		if r == nil {
			t.Errorf("no rule %q", sr.id)
			continue
		}
		if r.Severity != sr.severity {
			t.Errorf("%s: default severity %s, want %s", sr.id, r.Severity, sr.severity)
		}
		if want := specSources(t, sr.id); !slices.Equal(r.Sources, want) {
			t.Errorf("%s: sources %v, want %v", sr.id, r.Sources, want)
		}
	}
	if planner.RuleByID("no-such-rule") != nil {
		t.Error("RuleByID of an unknown id is not nil")
	}
}

func TestEveryRuleHasCases(t *testing.T) {
	for _, sr := range specRules {
		cases := ruleCases[sr.id]
		fires, quiet := 0, 0
		for _, c := range cases {
			if len(c.want) > 0 {
				fires++
			} else {
				quiet++
			}
		}
		if fires == 0 || quiet == 0 {
			t.Errorf("%s: %d firing and %d quiet cases; want both", sr.id, fires, quiet)
		}
	}
	for id := range ruleCases {
		specRuleByID(t, id)
	}
}

func TestRules(t *testing.T) {
	prof := seeds.DefaultProfile()
	for _, sr := range specRules {
		t.Run(sr.id, func(t *testing.T) {
			if got := onlyRule(runCheck(t, ckBasePlan(), prof), sr.id); len(got) != 0 {
				t.Fatalf("the base plan draws %v", got)
			}
			for _, c := range ruleCases[sr.id] {
				t.Run(c.name, func(t *testing.T) {
					p := ckBasePlan()
					if c.mutate != nil {
						c.mutate(p)
					}
					got := onlyRule(runCheck(t, p, prof), sr.id)
					var want []ckFinding
					for _, s := range c.want {
						want = append(want, ckFinding{sr.id, s, sr.severity})
					}
					if !slices.Equal(got, want) {
						t.Errorf("got %v, want %v", got, want)
					}
				})
			}
		})
	}
}

// TestRuleIsolation pins the whole result of a few cases, so that a rule
// does not leak into neighbouring situations.
func TestRuleIsolation(t *testing.T) {
	prof := seeds.DefaultProfile()
	cases := []struct {
		name   string
		mutate ckMutation
		want   []ckFinding
	}{
		{"US training team at second line", addContrib(mkC("c-us", "US", train, 200, sec)),
			[]ckFinding{{"no-us-ground-troops", "c-us", planner.Blocker}}},
		{"US intelligence from NATO territory draws nothing", addContrib(mkC("c-us", "US", planner.CapIntelligence, 500, nato)), nil},
		{"dangling link only: invalid reference and unanswered red line", setLinksTo(ckLink("rl-base", "resp-missing")),
			[]ckFinding{{"invalid-reference", "link:rl-base:resp-missing", planner.Blocker}, {"unanswered-red-line", "rl-base", planner.Blocker}}},
		{"T = 0: no forward presence, no force-size", noForeignGround,
			[]ckFinding{{"no-forward-presence", "", planner.Advice}}},
		{"war: Ukrainian airspace is in Ukraine but not ground presence", seq(setPhase(planner.PhaseWar),
			addContrib(asImmediate(mkC("c-us-air", "US", ad, 300, air)))),
			[]ckFinding{{"ceasefire-first", "c-us-air", planner.Blocker}}},
		{"Polish front-line troops: three rules", addContrib(asOpenEnded(mkC("c-pl", "PL", gb, 100, front))),
			[]ckFinding{{"second-line-only", "c-pl", planner.Blocker}, {"declared-no-troops", "c-pl", planner.Warning},
				{"open-ended-deployment", "c-pl", planner.Advice}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := ckBasePlan()
			c.mutate(p)
			if got := ckTriples(runCheck(t, p, prof)); !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

// ckMessyPlan breaks many rules at once.
func ckMessyPlan() *planner.Plan {
	p := &planner.Plan{
		Format: planner.PlanFormat, Title: "Messy", Classification: "X", Phase: planner.PhaseWar, Profile: planner.DefaultProfile,
		RedLines: []planner.RedLine{
			{ID: "rl-z", Title: "Z", Domain: planner.DomainLand, Severity: 5},
			{ID: "rl-a", Title: "A", Domain: planner.DomainLand, Indicator: "nope", Severity: 2},
			{ID: "dup", Title: "dup", Domain: planner.DomainSea, Indicator: "strikes_cities", Threshold: &planner.Threshold{Op: planner.OpGT, Value: 1}, Severity: 1},
		},
		Responses: []planner.Response{
			{ID: "resp-b", Title: "B", Kind: planner.KindEconomic, Mechanism: planner.MechanismPunishment, Lead: "XX",
				Participants: []string{"YY"}, HoursToEffect: 100, Uses: []string{"gone", "c-it", "c-de"},
				Requires: []planner.Precondition{planner.RequiresEUUnanimity, planner.RequiresUSEnablers}, Capabilities: []planner.Capability{planner.CapNaval}},
			{ID: "dup", Title: "dup", Kind: planner.KindDiplomatic, Mechanism: planner.MechanismReassurance, Lead: "FR", HoursToEffect: 1},
		},
		Contributions: []planner.Contribution{
			asImmediate(asOpenEnded(mkC("c-us", "US", gb, 3000, front))),
			asDeclined(mkC("c-it", "IT", train, 10, sec)),
			withStatus(mkC("c-de", "DE", med, 10, rear), planner.StatusConditional),
		},
		Links: []planner.Link{ckLink("rl-z", "resp-b"), ckLink("rl-z", "nope"), ckLink("rl-a", "gone")},
		Terms: []planner.Term{
			mkTerm("t-ban", planner.TermForeignTroopsBan, planner.StanceAccept),
			mkTerm("t-cap", planner.TermUAForceCap, planner.StanceAccept),
			mkTerm("t-rel", planner.TermSanctionsRelief, planner.StanceNegotiable),
		},
	}
	return p
}

func TestSortOrderAndDeduplication(t *testing.T) {
	fs := runCheck(t, ckMessyPlan(), seeds.DefaultProfile())
	want := []ckFinding{
		{"ceasefire-first", "c-us", planner.Blocker},
		{"declined-dependency", "resp-b", planner.Blocker},
		{"duplicate-id", "dup", planner.Blocker},
		{"invalid-reference", "link:rl-a:gone", planner.Blocker},
		{"invalid-reference", "link:rl-z:nope", planner.Blocker},
		{"invalid-reference", "resp-b", planner.Blocker},
		{"invalid-reference", "rl-a", planner.Blocker},
		{"no-us-ground-troops", "c-us", planner.Blocker},
		{"second-line-only", "c-us", planner.Blocker},
		{"troops-ban-conflict", "t-ban", planner.Blocker},
		{"unanswered-red-line", "dup", planner.Blocker},
		{"unanswered-red-line", "rl-a", planner.Blocker},
		{"assurance-not-guarantee", "", planner.Warning},
		{"capability-gap", "resp-b", planner.Warning},
		{"force-size", "", planner.Warning},
		{"punishment-only", "rl-z", planner.Warning},
		{"slow-response", "resp-b", planner.Warning},
		{"ua-force-cap", "t-cap", planner.Warning},
		{"vague-threshold", "rl-a", planner.Warning},
		{"vague-threshold", "rl-z", planner.Warning},
		{"air-defense-gap", "", planner.Advice},
		{"conditional-dependency", "resp-b", planner.Advice},
		{"eu-unanimity-veto", "resp-b", planner.Advice},
		{"hesitant-contributor", "c-de", planner.Advice},
		{"long-range-strike-gap", "", planner.Advice},
		{"open-ended-deployment", "c-us", planner.Advice},
		{"us-enabler-dependency", "resp-b", planner.Advice},
	}
	if got := ckTriples(fs); !slices.Equal(got, want) {
		t.Errorf("got\n%v\nwant\n%v", strings.Join(ftStrings(got), "\n"), strings.Join(ftStrings(want), "\n"))
	}
	// Shuffled input gives the same output.
	p := ckMessyPlan()
	slices.Reverse(p.RedLines)
	slices.Reverse(p.Responses)
	slices.Reverse(p.Contributions)
	slices.Reverse(p.Links)
	slices.Reverse(p.Terms)
	if got := ckTriples(runCheck(t, p, seeds.DefaultProfile())); !slices.Equal(got, want) {
		t.Errorf("reordered plan: got %v", got)
	}
	// Checking does not change the plan.
	p, q := ckMessyPlan(), ckMessyPlan()
	runCheck(t, p, seeds.DefaultProfile())
	a, _ := json.Marshal(p)
	b, _ := json.Marshal(q)
	if string(a) != string(b) {
		t.Error("Check changed the plan")
	}
}

func ftStrings(fs []ckFinding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.String()
	}
	return out
}

// A red line subject sorts by byte order: "rl-B" < "rl-a".
func TestSubjectsSortByteWise(t *testing.T) {
	p := ckBasePlan()
	p.RedLines = append(p.RedLines, preciseRL("rl-a", 1), preciseRL("rl-B", 1), preciseRL("rl-10", 1), preciseRL("rl-9", 1))
	got := onlyRule(runCheck(t, p, seeds.DefaultProfile()), "unanswered-red-line")
	var subjects []string
	for _, f := range got {
		subjects = append(subjects, f.Subject)
	}
	if want := []string{"rl-10", "rl-9", "rl-B", "rl-a"}; !slices.Equal(subjects, want) {
		t.Errorf("subjects %v, want %v", subjects, want)
	}
}

func TestFindingJSON(t *testing.T) {
	p := ckBasePlan()
	p.Contributions = append(p.Contributions, mkC("c-gb-ground", "XX", planner.CapFunding, 0, home))
	p.Links = append(p.Links, ckLink("rl-base", "resp-x"))
	p.Contributions = append(p.Contributions, mkC("c-us", "US", gb, 10, sec))
	fs := runCheck(t, p, seeds.DefaultProfile())
	seen := map[string]bool{}
	for _, f := range fs {
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		seen[f.Rule] = true
		switch f.Rule {
		case "duplicate-id", "invalid-reference":
			if !strings.Contains(s, `"sources":[]`) {
				t.Errorf("%s: %s; want \"sources\":[]", f.Rule, s)
			}
		default:
			if strings.Contains(s, `"sources":null`) || strings.Contains(s, `"sources":[]`) {
				t.Errorf("%s: %s; want its sources", f.Rule, s)
			}
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		keys := []string{}
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if want := []string{"message", "rule", "severity", "sources", "subject"}; !slices.Equal(keys, want) {
			t.Errorf("finding keys %v, want %v", keys, want)
		}
	}
	for _, r := range []string{"duplicate-id", "invalid-reference", "no-us-ground-troops"} {
		if !seen[r] {
			t.Errorf("expected a %s finding", r)
		}
	}
	// A finding's sources are its own: changing them leaves the rule alone.
	for _, f := range fs {
		if len(f.Sources) > 0 {
			f.Sources[0] = "changed"
		}
	}
	if planner.RuleByID("no-us-ground-troops").Sources[0] == "changed" {
		t.Error("findings share the rule's sources slice")
	}
}

func TestMessagesNameTheProblem(t *testing.T) {
	prof := seeds.DefaultProfile()
	cases := []struct {
		mutate ckMutation
		rule   string
		want   []string
	}{
		{addContrib(mkC("c-it", "IT", train, 200, sec)), "declared-no-troops", []string{"Ital", "002"}},
		{groundSize(24999), "force-size", []string{"24,999", "25,000"}},
		{groundSize(80001), "force-size", []string{"80,001", "80,000"}},
		{editResp(func(r *planner.Response) { r.Requires = []planner.Precondition{planner.RequiresEUUnanimity} }), "eu-unanimity-veto", []string{"Hungary"}},
		{editResp(func(r *planner.Response) { r.HoursToEffect = 96 }), "slow-response", []string{"96", "72", "“Ground incursion”"}},
		{editResp(func(r *planner.Response) { r.Capabilities = []planner.Capability{planner.CapNaval} }), "capability-gap", []string{"naval"}},
		{addLinks(ckLink("rl-base", "resp-x")), "invalid-reference", []string{"resp-x"}},
		{addContrib(mkC("c-gb-ground", "FR", planner.CapFunding, 0, home)), "duplicate-id", []string{"c-gb-ground"}},
		{withSources("rl-base"), "duplicate-id", []string{"rl-base", "red line", "source"}},
		{withWhen(planner.Condition{RedLine: "rl-gone"}, planner.Condition{Response: "resp-gone", Outcome: planner.CondFired}), "invalid-reference",
			[]string{`red line "rl-gone"`, `response "resp-gone"`, "remove the condition"}},
		{editRedLine(func(r *planner.RedLine) { r.Sources = []string{"rusi", "iiss"} }), "unknown-source",
			[]string{"red line", `"rusi", "iiss"`, "plan's sources", "built-in"}},
		{func(p *planner.Plan) { p.Links[0].Sources = []string{"rusi"} }, "unknown-source", []string{"matrix link", `"rusi"`}},
		{editGround(func(c planner.Contribution) planner.Contribution {
			return withStatus(unsourced(c), planner.StatusPledged)
		}), "unsourced-commitment",
			[]string{"pledged", "ground troops", "United Kingdom", "sources", "assumption"}},
	}
	for _, c := range cases {
		p := ckBasePlan()
		c.mutate(p)
		var msg string
		for _, f := range runCheck(t, p, prof) {
			if f.Rule == c.rule {
				msg = f.Message
			}
		}
		if msg == "" {
			t.Errorf("%s: no finding", c.rule)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: message %q does not mention %q", c.rule, msg, w)
			}
		}
	}
}

func TestForeignGroundPresence(t *testing.T) {
	p := ckBasePlan()
	p.Contributions = append(p.Contributions,
		mkC("a", "UA", gb, 1000, front),
		mkC("b", "FR", planner.CapLogistics, 1000, rear),
		asDeclined(mkC("c", "FR", gb, 1000, rear)),
		mkC("d", "FR", ad, 1000, air),
		mkC("e", "NL", med, 7, rear),
		mkC("f", "US", rrf, 3, front),
	)
	if got := planner.ForeignGroundPresence(p); got != 30010 {
		t.Errorf("T = %d, want 30010", got)
	}
}

func TestEmptyPlan(t *testing.T) {
	p := &planner.Plan{Format: planner.PlanFormat, Title: "Empty", Phase: planner.PhaseWar}
	want := []ckFinding{
		{"air-defense-gap", "", planner.Advice},
		{"long-range-strike-gap", "", planner.Advice},
		{"no-forward-presence", "", planner.Advice},
	}
	if got := ckTriples(runCheck(t, p, seeds.DefaultProfile())); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestReferencePlan(t *testing.T) {
	p, err := seeds.ReferencePlan()
	if err != nil {
		t.Fatal(err)
	}
	fs := runCheck(t, p, seeds.DefaultProfile())
	if n := planner.Count(fs).Blocker; n != 0 {
		t.Errorf("the reference plan has %d blockers: %v", n, ckTriples(fs))
	}
	want := []ckFinding{
		{"capability-gap", "resp-cyber-defence", planner.Warning},
		{"conditional-dependency", "resp-air-shield-ua", planner.Advice},
		{"conditional-dependency", "resp-black-sea-escort", planner.Advice},
		{"conditional-dependency", "resp-infra-guard", planner.Advice},
		{"conditional-dependency", "resp-isr-surge", planner.Advice},
		{"conditional-dependency", "resp-rrf", planner.Advice},
		{"eu-unanimity-veto", "resp-snapback", planner.Advice},
		{"hesitant-contributor", "c-de-training-ua", planner.Advice},
		{"open-ended-deployment", "c-gb-training", planner.Advice},
		{"us-enabler-dependency", "resp-air-shield-ua", planner.Advice},
		{"us-enabler-dependency", "resp-isr-surge", planner.Advice},
		{"us-enabler-dependency", "resp-rrf", planner.Advice},
	}
	if got := ckTriples(fs); !slices.Equal(got, want) {
		t.Errorf("reference plan findings:\n%s\nwant\n%s", strings.Join(ftStrings(got), "\n"), strings.Join(ftStrings(want), "\n"))
	}
	if c := planner.Count(fs); c != (planner.Counts{Blocker: 0, Warning: 1, Advice: 11}) {
		t.Errorf("counts %+v", c)
	}
}

// TestCatalogueResolves: every actor and indicator plan-format.md lists as
// built in resolves, so none of them draws invalid-reference.
func TestCatalogueResolves(t *testing.T) {
	cat := seeds.Catalog()
	kinds := map[planner.ActorKind][]string{
		planner.ActorState: {"UA", "US", "GB", "FR", "DE", "IT", "PL", "RO", "TR", "DK", "NL", "SE", "FI", "NO",
			"EE", "LV", "LT", "CA", "HU", "BE", "ES"},
		planner.ActorOrganisation: {"EU", "NATO"},
		planner.ActorAdversary:    {"RU", "BY"},
	}
	p := ckBasePlan()
	for kind, codes := range kinds {
		for _, code := range codes {
			a, ok := cat.Actor(code)
			if !ok || a.Kind != kind || a.Name == "" {
				t.Errorf("actor %s: %+v, %v; want a named %s", code, a, ok, kind)
			}
			p.Contributions = append(p.Contributions, mkC("c-"+code, code, planner.CapFunding, 0, home))
		}
	}
	units := map[string]string{
		"loc_ground_incursion": "personnel", "border_force_buildup": "personnel", "strikes_cities": "strikes/24h",
		"strikes_energy": "strikes/24h", "nato_airspace_incursions": "incursions/24h", "attacks_on_allied_forces": "attacks",
		"ceasefire_violations": "violations/24h", "black_sea_shipping_attacks": "incidents/week",
		"critical_cyber_attacks": "attacks/week", "nuclear_signalling": "level 0–5",
	}
	for key, unit := range units {
		ind, ok := cat.Indicator(key)
		if !ok || ind.Unit != unit || ind.Name == "" {
			t.Errorf("indicator %s: %+v, %v; want unit %q", key, ind, ok, unit)
		}
		p.RedLines = append(p.RedLines, planner.RedLine{ID: "rl-" + key, Title: key, Domain: planner.DomainHybrid, Indicator: key,
			Threshold: &planner.Threshold{Op: planner.OpGT, Value: 1}, Severity: 1})
		p.Links = append(p.Links, ckLink("rl-"+key, "resp-base"))
		p.Injects[0].Observations = append(p.Injects[0].Observations, planner.Observation{Indicator: key, Value: 1})
	}
	if got := onlyRule(runCheck(t, p, seeds.DefaultProfile()), "invalid-reference"); len(got) != 0 {
		t.Errorf("built-in references draw %v", got)
	}
}

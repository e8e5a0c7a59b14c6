package planner

// The five source documents the rules rest on (../shared/seeds, embedded in
// the seeds package with their titles).
const (
	Src000 = "000_f923c9f84a30883a.txt" // AGI webinar summary on Western security guarantees (2025)
	Src001 = "001_ca407d0b2a761948.txt" // AGI research paper "Deterrence by Self-Defense?" (2025)
	Src002 = "002_158aef14e96d415b.txt" // news analysis of the Paris coalition-of-the-willing summit (2025)
	Src003 = "003_ec855a0bd5c40df6.txt" // opinion column on guarantees needing action (Dec 2025)
	Src004 = "004_b415853973615063.txt" // briefing on stakes, challenges and perspectives (Aug 2025)
)

// BuiltinSources are the ids of the built-in sources (plan-format.md,
// Provenance): the five documents, by file name. A plan cites them without
// listing them.
var BuiltinSources = []string{Src000, Src001, Src002, Src003, Src004}

// IsBuiltinSource reports whether id names one of the built-in sources.
func IsBuiltinSource(id string) bool {
	switch id {
	case Src000, Src001, Src002, Src003, Src004:
		return true
	}
	return false
}

// Rule is one constraint of rules.md: a stable id, its default severity, what
// it checks, and the documents it rests on.
type Rule struct {
	ID       string
	Severity Severity
	// Checks says in a sentence what draws a finding.
	Checks  string
	Sources []string
}

// Rules lists every rule in the order of rules.md.
var Rules = []Rule{
	{"duplicate-id", Blocker, "an id used by more than one entity", []string{}},
	{"invalid-reference", Blocker, "a reference that does not resolve (link ends, uses, actor codes, indicators, inject conditions)", []string{}},
	{"no-us-ground-troops", Blocker, "live ground presence by a nation that sends no ground troops", []string{Src001, Src002, Src003, Src004}},
	{"second-line-only", Blocker, "foreign personnel at the front line", []string{Src000, Src001, Src004}},
	{"ceasefire-first", Blocker, "in war, a foreign contribution in Ukraine that is active immediately", []string{Src002}},
	{"troops-ban-conflict", Blocker, "accepting a ban on foreign troops while the plan deploys them", []string{Src004}},
	{"declined-dependency", Blocker, "a response that draws on a declined contribution", []string{Src002}},
	{"unanswered-red-line", Blocker, "a red line that no response answers", []string{Src004}},
	{"declared-no-troops", Warning, "ground presence by a nation that declared it sends no soldiers", []string{Src002}},
	{"force-size", Warning, "a foreign ground force outside the size range discussed", []string{Src000, Src001, Src002}},
	{"punishment-only", Warning, "a red line answered by punishment alone", []string{Src000, Src001}},
	{"vague-threshold", Warning, "a red line without an indicator or threshold", []string{Src004}},
	{"capability-gap", Warning, "a capability a response needs that no live contribution provides", []string{Src001, Src004}},
	{"slow-response", Warning, "an automatic response to a severe red line that takes too long", []string{Src004}},
	{"ua-force-cap", Warning, "accepting a cap on Ukraine's forces", []string{Src001, Src003}},
	{"relief-without-snapback", Warning, "sanctions relief on the table without an economic punishment to snap back", []string{Src000, Src002}},
	{"assurance-not-guarantee", Warning, "red lines with no military denial response in the plan", []string{Src003, Src004}},
	{"hesitant-contributor", Advice, "ground presence by a nation undecided about troops", []string{Src000, Src001, Src002}},
	{"no-forward-presence", Advice, "no foreign ground presence at all", []string{Src000, Src001}},
	{"open-ended-deployment", Advice, "foreign ground presence without a planned duration", []string{Src000, Src001}},
	{"conditional-dependency", Advice, "a response that draws on a conditional contribution", []string{Src002}},
	{"us-enabler-dependency", Advice, "a response that needs US enablers", []string{Src000, Src001}},
	{"eu-unanimity-veto", Advice, "a response that needs EU unanimity", []string{Src002}},
	{"air-defense-gap", Advice, "no live air-defence contribution", []string{Src000, Src001}},
	{"unknown-source", Warning, "an entry citing a source that is neither the plan's nor built in", []string{}},
	{"unsourced-commitment", Advice, "a confirmed or pledged contribution with neither a source nor an assumption", []string{}},
	{"long-range-strike-gap", Advice, "no live long-range strike contribution", []string{Src000, Src001}},
}

var rulesByID = func() map[string]*Rule {
	m := make(map[string]*Rule, len(Rules))
	for i := range Rules {
		m[Rules[i].ID] = &Rules[i]
	}
	return m
}()

// RuleByID returns the rule with that id, or nil.
func RuleByID(id string) *Rule { return rulesByID[id] }

// RuleIDs lists the rule ids in the order of rules.md.
func RuleIDs() []string {
	ids := make([]string, len(Rules))
	for i, r := range Rules {
		ids[i] = r.ID
	}
	return ids
}

// ShortSource is the three-digit number a message cites a document by.
func ShortSource(file string) string {
	if len(file) >= 3 {
		return file[:3]
	}
	return file
}

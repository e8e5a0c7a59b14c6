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

// Rule is one constraint of rules.md: a stable id, a title, its default severity, what
// it checks, and the documents it rests on.
type Rule struct {
	ID string
	// Title names the rule in a few words, where a person reads it (a
	// summary's findings, a brief): "Capability gap", never the id.
	Title    string
	Severity Severity
	// Checks says in a sentence what draws a finding.
	Checks  string
	Sources []string
}

// Rules lists every rule in the order of rules.md.
var Rules = []Rule{
	{"duplicate-id", "Id used twice", Blocker, "an id used by more than one entity", []string{}},
	{"invalid-reference", "Broken reference", Blocker, "a reference that does not resolve (link ends, uses, actor codes, indicators, inject conditions)", []string{}},
	{"no-us-ground-troops", "Ground troops from a nation that sends none", Blocker, "live ground presence by a nation that sends no ground troops", []string{Src001, Src002, Src003, Src004}},
	{"second-line-only", "Troops at the front line", Blocker, "foreign personnel at the front line", []string{Src000, Src001, Src004}},
	{"ceasefire-first", "In Ukraine before a ceasefire", Blocker, "in war, a foreign contribution in Ukraine that is active immediately", []string{Src002}},
	{"troops-ban-conflict", "Troop ban against the plan's own troops", Blocker, "accepting a ban on foreign troops while the plan deploys them", []string{Src004}},
	{"declined-dependency", "Relies on a declined contribution", Blocker, "a response that draws on a declined contribution", []string{Src002}},
	{"unanswered-red-line", "Unanswered red line", Blocker, "a red line that no response answers", []string{Src004}},
	{"declared-no-troops", "Troops from a nation that said no", Warning, "ground presence by a nation that declared it sends no soldiers", []string{Src002}},
	{"force-size", "Force size out of range", Warning, "a foreign ground force outside the size range discussed", []string{Src000, Src001, Src002}},
	{"punishment-only", "Punishment alone", Warning, "a red line answered by punishment alone", []string{Src000, Src001}},
	{"vague-threshold", "Vague threshold", Warning, "a red line without an indicator or threshold", []string{Src004}},
	{"capability-gap", "Capability gap", Warning, "a capability a response needs that no live contribution provides", []string{Src001, Src004}},
	{"slow-response", "Slow automatic response", Warning, "an automatic response to a severe red line that takes too long", []string{Src004}},
	{"ua-force-cap", "Cap on Ukraine's forces", Warning, "accepting a cap on Ukraine's forces", []string{Src001, Src003}},
	{"relief-without-snapback", "Sanctions relief without a snapback", Warning, "sanctions relief on the table without an economic punishment to snap back", []string{Src000, Src002}},
	{"assurance-not-guarantee", "Assurance, not a guarantee", Warning, "red lines with no military denial response in the plan", []string{Src003, Src004}},
	{"hesitant-contributor", "Hesitant contributor", Advice, "ground presence by a nation undecided about troops", []string{Src000, Src001, Src002}},
	{"no-forward-presence", "No forward presence", Advice, "no foreign ground presence at all", []string{Src000, Src001}},
	{"open-ended-deployment", "Open-ended deployment", Advice, "foreign ground presence without a planned duration", []string{Src000, Src001}},
	{"conditional-dependency", "Relies on a conditional contribution", Advice, "a response that draws on a conditional contribution", []string{Src002}},
	{"us-enabler-dependency", "Needs US enablers", Advice, "a response that needs US enablers", []string{Src000, Src001}},
	{"eu-unanimity-veto", "Needs EU unanimity", Advice, "a response that needs EU unanimity", []string{Src002}},
	{"air-defense-gap", "No air defence", Advice, "no live air-defence contribution", []string{Src000, Src001}},
	{"unknown-source", "Unknown source", Warning, "an entry citing a source that is neither the plan's nor built in", []string{}},
	{"unsourced-commitment", "Unsourced commitment", Advice, "a confirmed or pledged contribution with neither a source nor an assumption", []string{}},
	{"long-range-strike-gap", "No long-range strike", Advice, "no live long-range strike contribution", []string{Src000, Src001}},
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

// RuleTitle is the title of the rule with that id, or the id itself when
// no rule has it.
func RuleTitle(id string) string {
	if r := RuleByID(id); r != nil {
		return r.Title
	}
	return id
}

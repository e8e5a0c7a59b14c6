package planner

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// ProfileFormat is the value of a profile file's "format" key.
const ProfileFormat = "redline-profile/v1"

// Severity ranks a finding: blocker, warning or advice.
type Severity string

const (
	Blocker Severity = "blocker"
	Warning Severity = "warning"
	Advice  Severity = "advice"
	// Off is not a severity a finding carries: in a profile it switches a
	// rule off.
	Off Severity = "off"
)

// Severities lists the severities findings carry, most serious first.
var Severities = []Severity{Blocker, Warning, Advice}

// Rank orders severities: blocker 0, warning 1, advice 2.
func (s Severity) Rank() int {
	switch s {
	case Blocker:
		return 0
	case Warning:
		return 1
	case Advice:
		return 2
	}
	return 3
}

// Params are the facts a profile treats as fixed. Their meaning and defaults
// are in rules.md; the built-in values live in seeds.
type Params struct {
	NoGroundPresence []string // nations that send no ground troops at all
	FrontlineExempt  []string // nations that may hold the front line
	DeclinedTroops   []string // nations that declared they send no soldiers
	HesitantTroops   []string // nations undecided about troops
	ForceSizeMin     float64  // smallest foreign ground force discussed
	ForceSizeMax     float64  // largest foreign ground force discussed
	RapidHours       float64  // hours within which a rapid response must take effect
	VetoPlayers      []string // states that can block EU unanimity
}

// paramDef describes one profile parameter for decoding and overriding.
type paramDef struct {
	name string
	list func(*Params) *[]string
	num  func(*Params) *float64
}

var paramDefs = []paramDef{
	{name: "no_ground_presence", list: func(p *Params) *[]string { return &p.NoGroundPresence }},
	{name: "frontline_exempt", list: func(p *Params) *[]string { return &p.FrontlineExempt }},
	{name: "declined_troops", list: func(p *Params) *[]string { return &p.DeclinedTroops }},
	{name: "hesitant_troops", list: func(p *Params) *[]string { return &p.HesitantTroops }},
	{name: "force_size_min", num: func(p *Params) *float64 { return &p.ForceSizeMin }},
	{name: "force_size_max", num: func(p *Params) *float64 { return &p.ForceSizeMax }},
	{name: "rapid_hours", num: func(p *Params) *float64 { return &p.RapidHours }},
	{name: "veto_players", list: func(p *Params) *[]string { return &p.VetoPlayers }},
}

// ParamNames lists the profile parameters in the order of rules.md.
func ParamNames() []string {
	names := make([]string, len(paramDefs))
	for i, d := range paramDefs {
		names[i] = d.name
	}
	return names
}

// ProfileFile is a redline-profile/v1 document as written: the parameters and
// severities it overrides on top of its base.
type ProfileFile struct {
	Format   string              `json:"format"`
	ID       string              `json:"id"`
	Title    string              `json:"title"`
	Base     string              `json:"base,omitempty"`
	Params   map[string]any      `json:"params,omitempty"` // []string or float64 by parameter
	Severity map[string]Severity `json:"severity,omitempty"`
	// Sources cites the documents behind each parameter (used by the
	// built-in profile; optional elsewhere).
	Sources map[string][]string `json:"sources,omitempty"`
	// Assumptions says, for a parameter whose value is a planning
	// assumption rather than a figure the documents give, what is assumed
	// (parameter name → text of 1 to MaxAssumption characters). A
	// parameter may have both: the sources for what they say, the
	// assumption for the value.
	Assumptions map[string]string `json:"assumptions,omitempty"`
}

// Profile is a resolved profile: every parameter set, and the severity of
// every rule that differs from its default.
type Profile struct {
	ID       string
	Title    string
	Base     string
	Params   Params
	Severity map[string]Severity
	Sources  map[string][]string
	// Assumptions are the file's and its bases' (ProfileFile.Assumptions),
	// the file's taking precedence parameter by parameter.
	Assumptions map[string]string
	// File is the document the profile was resolved from.
	File *ProfileFile
}

// SeverityOf returns the severity a rule's findings carry under this
// profile; ok is false when the profile switches the rule off.
func (p *Profile) SeverityOf(rule *Rule) (Severity, bool) {
	if p != nil {
		if s, found := p.Severity[rule.ID]; found {
			return s, s != Off
		}
	}
	return rule.Severity, true
}

// DecodeProfile parses a redline-profile/v1 document strictly. Unknown
// parameters, rule ids and severities are errors naming their path.
func DecodeProfile(data []byte) (*ProfileFile, error) {
	root, err := parseJSON(data)
	if err != nil {
		return nil, err
	}
	d := &decoder{}
	o, ok := d.object("", root, "a profile", "format", "id", "title", "base", "params", "severity", "sources", "assumptions")
	if !ok {
		return nil, d.err()
	}
	f := &ProfileFile{Format: o.str("format", true)}
	if _, isString := o.m["format"].(string); isString && f.Format != ProfileFormat {
		d.fail("format", "want %q, got %q; this is not a Redline profile", ProfileFormat, clipForMessage(f.Format))
		return nil, d.err()
	}
	f.ID = o.id("id")
	f.Title = o.line("title", true, 1, MaxPlanTitle)
	f.Base = o.str("base", false)
	if v, ok := o.get("params", false); ok {
		names := ParamNames()
		if po, ok := d.object("params", v, "the parameters", names...); ok {
			f.Params = map[string]any{}
			for _, def := range paramDefs {
				if _, present := po.m[def.name]; !present {
					continue
				}
				if def.list != nil {
					codes := po.strings(def.name, actorCodeProblem)
					if codes == nil {
						codes = []string{}
					}
					f.Params[def.name] = codes
				} else if n, ok := po.number(def.name, true, 0); ok {
					f.Params[def.name] = n
				}
			}
		}
	}
	if v, ok := o.get("severity", false); ok {
		if so, ok := d.object("severity", v, "the severities", RuleIDs()...); ok {
			f.Severity = map[string]Severity{}
			for _, id := range sortedKeys(so.m) {
				if RuleByID(id) == nil {
					continue // reported as an unknown key
				}
				if s := enum(so, id, true, []Severity{Blocker, Warning, Advice, Off}); s != "" {
					f.Severity[id] = s
				}
			}
		}
	}
	if v, ok := o.get("sources", false); ok {
		if so, ok := d.object("sources", v, "the parameter sources", ParamNames()...); ok {
			f.Sources = map[string][]string{}
			for _, k := range sortedKeys(so.m) {
				if slices.Contains(ParamNames(), k) {
					f.Sources[k] = so.strings(k, nil)
				}
			}
		}
	}
	if v, ok := o.get("assumptions", false); ok {
		if ao, ok := d.object("assumptions", v, "the parameter assumptions", ParamNames()...); ok {
			f.Assumptions = map[string]string{}
			for _, k := range sortedKeys(ao.m) {
				if slices.Contains(ParamNames(), k) {
					f.Assumptions[k] = ao.text(k, true, 1, MaxAssumption)
				}
			}
		}
	}
	if err := d.err(); err != nil {
		return nil, err
	}
	return f, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ResolveProfile applies a profile file on top of its base. A file without a
// base is a root profile and must set every parameter. bases holds the
// profiles a file may name as its base, by id: the built-in ones, and for
// the store those it holds. A file may not take the id of one of them, or
// what is printed as that profile (coalition-2025, say) would be checked
// with the file's rules.
func ResolveProfile(f *ProfileFile, bases map[string]*Profile) (*Profile, error) {
	if taken, ok := bases[f.ID]; ok {
		return nil, &FormatError{Problems: []Problem{{Path: "id",
			Message: fmt.Sprintf("%q is the id of the profile %q, which this file cannot stand in for; give the file an id of its own (to start from that profile, keep \"base\": %q)",
				clipForMessage(f.ID), clipForMessage(taken.Title), f.ID)}}}
	}
	p := &Profile{ID: f.ID, Title: f.Title, Base: f.Base, File: f, Severity: map[string]Severity{}, Sources: map[string][]string{}, Assumptions: map[string]string{}}
	if f.Base != "" {
		base, ok := bases[f.Base]
		if !ok {
			known := sortedKeys(bases)
			return nil, &FormatError{Problems: []Problem{{Path: "base",
				Message: fmt.Sprintf("unknown base profile %q; known profiles: %s", clipForMessage(f.Base), strings.Join(known, ", "))}}}
		}
		p.Params = base.Params.clone()
		for k, v := range base.Severity {
			p.Severity[k] = v
		}
		for k, v := range base.Sources {
			p.Sources[k] = v
		}
		for k, v := range base.Assumptions {
			p.Assumptions[k] = v
		}
	} else {
		var missing []string
		for _, def := range paramDefs {
			if _, ok := f.Params[def.name]; !ok {
				missing = append(missing, def.name)
			}
		}
		if len(missing) > 0 {
			return nil, &FormatError{Problems: []Problem{{Path: "params",
				Message: "a profile without a base must set every parameter; missing " + strings.Join(missing, ", ")}}}
		}
	}
	// A file built in code rather than decoded is held to the same rules as
	// DecodeProfile: unknown parameters, rule ids and severities are errors,
	// never silently ignored.
	var problems []Problem
	for _, k := range sortedKeys(f.Params) {
		if !slices.Contains(ParamNames(), k) {
			problems = append(problems, Problem{Path: "params." + k,
				Message: "unknown parameter; a profile has " + strings.Join(ParamNames(), ", ")})
		}
	}
	for _, def := range paramDefs {
		v, ok := f.Params[def.name]
		if !ok {
			continue
		}
		path := "params." + def.name
		switch x := v.(type) {
		case []string:
			if def.list == nil {
				problems = append(problems, Problem{Path: path, Message: "want a number, got a list"})
				continue
			}
			*def.list(&p.Params) = slices.Clone(x)
		case float64, int:
			n, isFloat := x.(float64)
			if !isFloat {
				n = float64(x.(int))
			}
			if def.num == nil {
				problems = append(problems, Problem{Path: path, Message: "want a list of actor codes, got a number"})
				continue
			}
			if math.IsNaN(n) || math.IsInf(n, 0) || n < 0 {
				problems = append(problems, Problem{Path: path, Message: "want a number ≥ 0, got " + fmt.Sprint(n)})
				continue
			}
			*def.num(&p.Params) = n
		default:
			want := "a number"
			if def.list != nil {
				want = "a list of actor codes"
			}
			problems = append(problems, Problem{Path: path, Message: fmt.Sprintf("want %s, got %T", want, v)})
		}
	}
	for _, k := range sortedKeys(f.Severity) {
		v := f.Severity[k]
		switch {
		case RuleByID(k) == nil:
			problems = append(problems, Problem{Path: "severity." + k,
				Message: "unknown rule id; rules are " + strings.Join(RuleIDs(), ", ")})
		case v != Blocker && v != Warning && v != Advice && v != Off:
			problems = append(problems, Problem{Path: "severity." + k,
				Message: fmt.Sprintf("want one of blocker warning advice off, got %q", string(v))})
		default:
			p.Severity[k] = v
		}
	}
	for _, k := range sortedKeys(f.Assumptions) {
		v := f.Assumptions[k]
		switch n := len([]rune(v)); {
		case !slices.Contains(ParamNames(), k):
			problems = append(problems, Problem{Path: "assumptions." + k,
				Message: "unknown parameter; a profile has " + strings.Join(ParamNames(), ", ")})
		case n == 0 || n > MaxAssumption:
			problems = append(problems, Problem{Path: "assumptions." + k,
				Message: fmt.Sprintf("want 1 to %d characters saying what is assumed, got %d", MaxAssumption, n)})
		default:
			p.Assumptions[k] = v
		}
	}
	if len(problems) > 0 {
		return nil, &FormatError{Problems: problems}
	}
	for k, v := range f.Sources {
		p.Sources[k] = v
	}
	if p.Params.ForceSizeMax < p.Params.ForceSizeMin {
		return nil, &FormatError{Problems: []Problem{{Path: "params.force_size_max",
			Message: fmt.Sprintf("%s is below force_size_min %s", formatNumber(p.Params.ForceSizeMax), formatNumber(p.Params.ForceSizeMin))}}}
	}
	return p, nil
}

func (p Params) clone() Params {
	q := p
	q.NoGroundPresence = slices.Clone(p.NoGroundPresence)
	q.FrontlineExempt = slices.Clone(p.FrontlineExempt)
	q.DeclinedTroops = slices.Clone(p.DeclinedTroops)
	q.HesitantTroops = slices.Clone(p.HesitantTroops)
	q.VetoPlayers = slices.Clone(p.VetoPlayers)
	return q
}

// isWhole reports whether f has no fractional part (for messages).
func isWhole(f float64) bool { return f == math.Trunc(f) }

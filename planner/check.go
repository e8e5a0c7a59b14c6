package planner

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Finding is one thing the checker says about a plan.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Subject is the id of the entity the finding is about; "" for the plan
	// as a whole; "link:RED_LINE:RESPONSE" for a link.
	Subject string   `json:"subject"`
	Message string   `json:"message"`
	Sources []string `json:"sources"`
}

// Counts tallies findings by severity.
type Counts struct {
	Blocker int `json:"blocker"`
	Warning int `json:"warning"`
	Advice  int `json:"advice"`
}

// Count tallies findings by severity.
func Count(findings []Finding) Counts {
	var c Counts
	for _, f := range findings {
		switch f.Severity {
		case Blocker:
			c.Blocker++
		case Warning:
			c.Warning++
		case Advice:
			c.Advice++
		}
	}
	return c
}

// LinkSubject is the subject of a finding about a link.
func LinkSubject(l Link) string { return "link:" + l.RedLine + ":" + l.Response }

// Check runs every rule of the profile over the plan and returns the
// findings sorted by severity, rule and subject, each (rule, subject) pair at
// most once. cat is the built-in catalogue; the plan's own actors and
// indicators are added to it. A nil profile means the rules' default
// severities and zero parameters.
//
// Check is the one place that decides what is wrong with a plan: the app,
// the reports and redlinectl all show its result.
func Check(p *Plan, cat *Catalog, prof *Profile) []Finding {
	c := newChecker(p, cat, prof)
	c.run()
	slices.SortFunc(c.out, func(a, b Finding) int {
		if ra, rb := a.Severity.Rank(), b.Severity.Rank(); ra != rb {
			return ra - rb
		}
		if a.Rule != b.Rule {
			return strings.Compare(a.Rule, b.Rule)
		}
		return strings.Compare(a.Subject, b.Subject)
	})
	return c.out
}

type findingKey struct{ rule, subject string }

type checker struct {
	p      *Plan
	cat    *Catalog
	prof   *Profile
	params Params

	out  []Finding
	seen map[findingKey]bool

	planIndex
	// linked marks, by response index, the responses that answer a red line
	// through a link whose both ends resolve.
	linked []bool
	// foreignGround is T: personnel of live foreign ground presence.
	foreignGround int
}

func newChecker(p *Plan, cat *Catalog, prof *Profile) *checker {
	c := &checker{
		p:         p,
		cat:       cat.ForPlan(p),
		prof:      prof,
		seen:      make(map[findingKey]bool),
		planIndex: indexPlan(p),
		linked:    make([]bool, len(p.Responses)),
	}
	if prof != nil {
		c.params = prof.Params
	}
	c.foreignGround = ForeignGroundPresence(p)
	for _, l := range c.links {
		if l.ok() {
			c.linked[l.response] = true
		}
	}
	return c
}

// contribution returns the first contribution with that id, or nil.
func (c *checker) contribution(id string) *Contribution {
	if i, ok := c.contributions[id]; ok {
		return &c.p.Contributions[i]
	}
	return nil
}

// ForeignGroundPresence is T of rules.md: the personnel of live foreign
// ground presence in the plan.
func ForeignGroundPresence(p *Plan) int {
	t := 0
	for i := range p.Contributions {
		k := &p.Contributions[i]
		if k.Live() && k.Foreign() && k.GroundPresence() {
			t += k.Personnel
		}
	}
	return t
}

// add records a finding unless the profile switches the rule off or the
// (rule, subject) pair is already there.
func (c *checker) add(ruleID, subject, format string, args ...any) {
	rule := RuleByID(ruleID)
	sev, on := c.prof.SeverityOf(rule)
	if !on {
		return
	}
	k := findingKey{ruleID, subject}
	if c.seen[k] {
		return
	}
	c.seen[k] = true
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	c.out = append(c.out, Finding{Rule: ruleID, Severity: sev, Subject: subject, Message: msg,
		Sources: slices.Clone(rule.Sources)})
}

func (c *checker) on(ruleID string) bool {
	_, on := c.prof.SeverityOf(RuleByID(ruleID))
	return on
}

func (c *checker) run() {
	c.duplicateIDs()
	c.references()
	c.contributionRules()
	c.redLineRules()
	c.responseRules()
	c.termRules()
	c.planRules()
	c.provenanceRules()
}

func (c *checker) duplicateIDs() {
	if !c.on("duplicate-id") {
		return
	}
	p := c.p
	seen := make(map[string]uint8, len(p.RedLines)+len(p.Responses)+len(p.Contributions)+len(p.Terms)+len(p.Injects)+len(p.Sources))
	var dups []string // in order of first repetition
	note := func(id string) {
		n := seen[id]
		if n == 1 {
			dups = append(dups, id)
		}
		if n < 255 {
			seen[id] = n + 1
		}
	}
	for i := range p.RedLines {
		note(p.RedLines[i].ID)
	}
	for i := range p.Responses {
		note(p.Responses[i].ID)
	}
	for i := range p.Contributions {
		note(p.Contributions[i].ID)
	}
	for i := range p.Terms {
		note(p.Terms[i].ID)
	}
	for i := range p.Injects {
		note(p.Injects[i].ID)
	}
	// Source ids share the plan's id space (plan-format.md, Provenance).
	for i := range p.Sources {
		note(p.Sources[i].ID)
	}
	for _, id := range dups {
		c.add("duplicate-id", id,
			"The id %q is used by %d entities (%s), so links and references cannot tell them apart; give each its own id.",
			id, seen[id], strings.Join(c.kindsOf(id), ", "))
	}
}

// kindsOf names the kinds of entity that use an id, once per use.
func (c *checker) kindsOf(id string) []string {
	var kinds []string
	p := c.p
	for i := range p.RedLines {
		if p.RedLines[i].ID == id {
			kinds = append(kinds, "red line")
		}
	}
	for i := range p.Responses {
		if p.Responses[i].ID == id {
			kinds = append(kinds, "response")
		}
	}
	for i := range p.Contributions {
		if p.Contributions[i].ID == id {
			kinds = append(kinds, "contribution")
		}
	}
	for i := range p.Terms {
		if p.Terms[i].ID == id {
			kinds = append(kinds, "term")
		}
	}
	for i := range p.Injects {
		if p.Injects[i].ID == id {
			kinds = append(kinds, "inject")
		}
	}
	for i := range p.Sources {
		if p.Sources[i].ID == id {
			kinds = append(kinds, "source")
		}
	}
	return kinds
}

func (c *checker) references() {
	if !c.on("invalid-reference") {
		return
	}
	for i, l := range c.p.Links {
		rlOK, respOK := c.links[i].redLine >= 0, c.links[i].response >= 0
		switch {
		case !rlOK && !respOK:
			c.add("invalid-reference", LinkSubject(l),
				"This matrix link joins red line %q and response %q, neither of which exists; remove the link or create both.", l.RedLine, l.Response)
		case !rlOK:
			c.add("invalid-reference", LinkSubject(l),
				"This matrix link names red line %q, which does not exist; remove the link or create the red line.", l.RedLine)
		case !respOK:
			c.add("invalid-reference", LinkSubject(l),
				"This matrix link names response %q, which does not exist; remove the link or create the response.", l.Response)
		}
	}
	for i := range c.p.Responses {
		r := &c.p.Responses[i]
		var bad []string
		if _, ok := c.cat.Actor(r.Lead); !ok {
			bad = append(bad, fmt.Sprintf("lead %q is not a known actor", r.Lead))
		}
		for _, code := range r.Participants {
			if _, ok := c.cat.Actor(code); !ok {
				bad = append(bad, fmt.Sprintf("participant %q is not a known actor", code))
			}
		}
		for _, id := range r.Uses {
			if c.contribution(id) == nil {
				bad = append(bad, fmt.Sprintf("it uses contribution %q, which does not exist", id))
			}
		}
		if len(bad) > 0 {
			c.add("invalid-reference", r.ID,
				"In this response %s; pick existing actors and contributions, or add the missing actor to the plan.", strings.Join(bad, "; "))
		}
	}
	for i := range c.p.Contributions {
		k := &c.p.Contributions[i]
		if _, ok := c.cat.Actor(k.Nation); !ok {
			c.add("invalid-reference", k.ID,
				"Nation %q is not a known actor; pick a nation from the catalogue or add it to the plan's actors.", k.Nation)
		}
	}
	for i := range c.p.RedLines {
		r := &c.p.RedLines[i]
		if r.Indicator != "" {
			if _, ok := c.cat.Indicator(r.Indicator); !ok {
				c.add("invalid-reference", r.ID,
					"Indicator %q is not a known indicator; pick one from the catalogue or add it to the plan's indicators.", r.Indicator)
			}
		}
	}
	for i := range c.p.Injects {
		in := &c.p.Injects[i]
		var bad, unknown []string
		for _, o := range in.Observations {
			if _, ok := c.cat.Indicator(o.Indicator); !ok && !slices.Contains(bad, o.Indicator) {
				bad = append(bad, strconv.Quote(o.Indicator))
			}
		}
		for _, cond := range in.When {
			var what string
			if cond.RedLine != "" {
				if _, ok := c.redLines[cond.RedLine]; !ok {
					what = "red line " + strconv.Quote(cond.RedLine)
				}
			} else if _, ok := c.responses[cond.Response]; !ok {
				what = "response " + strconv.Quote(cond.Response)
			}
			if what != "" && !slices.Contains(unknown, what) {
				unknown = append(unknown, what)
			}
		}
		switch {
		case len(bad) > 0 && len(unknown) > 0:
			c.add("invalid-reference", in.ID,
				"This inject observes %s, not a known indicator, and its conditions name %s, which %s not exist; pick indicators from the catalogue or add them to the plan's indicators, and make each condition name an existing red line or response or remove it.",
				strings.Join(bad, ", "), strings.Join(unknown, ", "), plural(len(unknown), "does", "do"))
		case len(bad) > 0:
			c.add("invalid-reference", in.ID,
				"This inject observes %s, not a known indicator; pick one from the catalogue or add it to the plan's indicators.",
				strings.Join(bad, ", "))
		case len(unknown) > 0:
			c.add("invalid-reference", in.ID,
				"This inject plays only if %s, but %s %s not exist, so the condition can never be judged; name an existing red line or response, or remove the condition.",
				plural(len(in.When), "its condition holds", "its conditions hold"), strings.Join(unknown, ", "), plural(len(unknown), "does", "do"))
		}
	}
}

// provenanceRules: unknown-source for every entry citing a source that is
// neither the plan's nor built in, and unsourced-commitment for confirmed
// and pledged contributions that say nothing of where they come from.
func (c *checker) provenanceRules() {
	if c.on("unknown-source") {
		known := make(map[string]bool, len(c.p.Sources))
		for i := range c.p.Sources {
			known[c.p.Sources[i].ID] = true
		}
		check := func(what, subject string, pr *Provenance) {
			var unknown []string
			for _, id := range pr.Sources {
				if !known[id] && !IsBuiltinSource(id) && !slices.Contains(unknown, id) {
					unknown = append(unknown, id)
				}
			}
			if len(unknown) == 0 {
				return
			}
			c.add("unknown-source", subject,
				"This %s cites %s %s, which %s neither one of the plan's sources nor a built-in document, so a briefing cannot say what it rests on; add %s to the plan's sources, or correct %s to one that is there.",
				what, plural(len(unknown), "source", "sources"), quoteList(unknown), plural(len(unknown), "is", "are"),
				pronoun(len(unknown)), plural(len(unknown), "the id", "each id"))
		}
		p := c.p
		for i := range p.RedLines {
			check("red line", p.RedLines[i].ID, &p.RedLines[i].Provenance)
		}
		for i := range p.Responses {
			check("response", p.Responses[i].ID, &p.Responses[i].Provenance)
		}
		for i := range p.Contributions {
			check("contribution", p.Contributions[i].ID, &p.Contributions[i].Provenance)
		}
		for i := range p.Links {
			check("matrix link", LinkSubject(p.Links[i]), &p.Links[i].Provenance)
		}
		for i := range p.Terms {
			check("term", p.Terms[i].ID, &p.Terms[i].Provenance)
		}
		for i := range p.Injects {
			check("inject", p.Injects[i].ID, &p.Injects[i].Provenance)
		}
	}
	for i := range c.p.Contributions {
		k := &c.p.Contributions[i]
		if (k.Status == StatusConfirmed || k.Status == StatusPledged) && !k.Sourced() {
			c.add("unsourced-commitment", k.ID,
				"This %s %s contribution by %s cites no source and states no assumption, so nobody briefed on the plan can tell who committed it or on what basis; add the document it rests on to its sources, or say in its assumption what is assumed.",
				k.Status, strings.ToLower(k.Capability.Label()), c.cat.ActorName(k.Nation))
		}
	}
}

func (c *checker) contributionRules() {
	pr := c.params
	for i := range c.p.Contributions {
		k := &c.p.Contributions[i]
		if !k.Live() {
			continue
		}
		nation := c.cat.ActorName(k.Nation)
		ground := k.GroundPresence()
		if ground && slices.Contains(pr.NoGroundPresence, k.Nation) {
			c.add("no-us-ground-troops", k.ID,
				"%s sends no ground troops under this profile (%s), yet this contribution puts %s in Ukraine; move it to NATO territory or home, or mark it declined.",
				nation, cite("no-us-ground-troops"), c.describe(k))
		}
		if k.Personnel > 0 && k.Location == LocFrontline && !slices.Contains(pr.FrontlineExempt, k.Nation) {
			c.add("second-line-only", k.ID,
				"%s has %s personnel at the front line; allied forces stay on the second line while Ukraine's forces hold the front (%s); move it to the second line or the rear.",
				nation, thousands(k.Personnel), cite("second-line-only"))
		}
		if c.p.Phase == PhaseWar && k.Foreign() && k.Location.InUkraine() && k.Activation == ActivationImmediate {
			c.add("ceasefire-first", k.ID,
				"The plan is drafted for war, but this %s contribution by %s is active in Ukraine immediately; the guarantees take effect only after a ceasefire (%s). Set its activation to ceasefire or move it out of Ukraine.",
				k.Capability.Label(), nation, cite("ceasefire-first"))
		}
		if ground && slices.Contains(pr.DeclinedTroops, k.Nation) {
			c.add("declared-no-troops", k.ID,
				"%s declared it will not send soldiers to Ukraine (%s), yet this contribution puts %s; move it to NATO territory or home, or mark it declined.",
				nation, cite("declared-no-troops"), c.describe(k))
		}
		if ground && slices.Contains(pr.HesitantTroops, k.Nation) {
			c.add("hesitant-contributor", k.ID,
				"%s has not decided whether to send troops (%s); this contribution of %s may not materialise. Confirm it or plan a substitute.",
				nation, cite("hesitant-contributor"), c.describe(k))
		}
		if ground && k.Foreign() && k.Months == nil {
			c.add("open-ended-deployment", k.ID,
				"This deployment of %s has no planned duration (%s); set months so rotations and funding can be planned.",
				c.describe(k), cite("open-ended-deployment"))
		}
	}
}

// describe says what a ground contribution puts where: "8,000 rapid
// reaction personnel at the second line".
func (c *checker) describe(k *Contribution) string {
	return fmt.Sprintf("%s %s personnel at %s", thousands(k.Personnel), strings.ToLower(k.Capability.Label()),
		strings.ToLower(locationPhrase(k.Location)))
}

func locationPhrase(l Location) string {
	switch l {
	case LocFrontline:
		return "the front line"
	case LocSecondLine:
		return "the second line"
	case LocRear:
		return "the rear"
	}
	return l.Label()
}

func (c *checker) redLineRules() {
	// By each id's first red line: how many resolving links answer it and
	// whether any of their responses deters by other means than punishment.
	answers := c.answers(c.p)
	notPunishment := make([]bool, len(c.p.RedLines))
	for _, l := range c.links {
		if l.ok() && c.p.Responses[l.response].Mechanism != MechanismPunishment {
			notPunishment[l.redLine] = true
		}
	}
	for i := range c.p.RedLines {
		r := &c.p.RedLines[i]
		first := c.redLines[r.ID]
		if answers[first] == 0 {
			c.add("unanswered-red-line", r.ID,
				"No response answers this red line, so crossing it triggers nothing (%s); link at least one response in the matrix.",
				cite("unanswered-red-line"))
		} else if !notPunishment[first] {
			c.add("punishment-only", r.ID,
				"Every response to this red line deters by punishment alone; threats of pain without denial did not deter in 2022 (%s). Add a denial response such as reinforcement or air defence.",
				cite("punishment-only"))
		}
		switch {
		case r.Indicator == "" && r.Threshold == nil:
			c.add("vague-threshold", r.ID,
				"This red line has neither an indicator nor a threshold, so nobody can tell when it is crossed and exercises never trigger it (%s); pick an indicator and set a threshold.",
				cite("vague-threshold"))
		case r.Indicator == "":
			c.add("vague-threshold", r.ID,
				"This red line has a threshold but no indicator to compare it with (%s); pick the indicator it watches.",
				cite("vague-threshold"))
		case r.Threshold == nil:
			c.add("vague-threshold", r.ID,
				"This red line watches %q but sets no threshold, so it is never crossed (%s); set the value at which it is crossed.",
				r.Indicator, cite("vague-threshold"))
		}
	}
	// slow-response: an automatic link from a severe red line to a slow response.
	if c.on("slow-response") {
		for i, l := range c.p.Links {
			if !c.links[i].ok() || l.Trigger != TriggerAutomatic {
				continue
			}
			rl, resp := &c.p.RedLines[c.links[i].redLine], &c.p.Responses[c.links[i].response]
			if rl.Severity >= 4 && resp.HoursToEffect > c.params.RapidHours {
				c.add("slow-response", resp.ID,
					"This response fires automatically on the severity-%d red line “%s” but takes %s h to take effect, more than the %s h this profile allows a rapid response (the documents ask for a rapid, concerted answer but give no time, %s; the limit is a planning assumption); shorten its time to effect, link a faster response, or change rapid_hours in the profile.",
					rl.Severity, rl.Title, formatNumber(resp.HoursToEffect), formatNumber(c.params.RapidHours), cite("slow-response"))
			}
		}
	}
}

func (c *checker) responseRules() {
	provided := make(map[Capability]bool)
	for i := range c.p.Contributions {
		if k := &c.p.Contributions[i]; k.Live() {
			provided[k.Capability] = true
		}
	}
	for i := range c.p.Responses {
		r := &c.p.Responses[i]
		var declined, conditional []string
		for _, id := range r.Uses {
			k := c.contribution(id)
			if k == nil {
				continue
			}
			switch k.Status {
			case StatusDeclined:
				declined = append(declined, id)
			case StatusConditional:
				conditional = append(conditional, id)
			}
		}
		if len(declined) > 0 {
			c.add("declined-dependency", r.ID,
				"This response draws on declined %s %s, so it cannot happen as planned (%s); replace %s with a live contribution or remove %s from its uses.",
				plural(len(declined), "contribution", "contributions"), c.contributionNames(declined), cite("declined-dependency"),
				pronoun(len(declined)), pronoun(len(declined)))
		}
		if len(conditional) > 0 {
			c.add("conditional-dependency", r.ID,
				"This response draws on conditional %s %s and works only if the conditions are met (%s); confirm %s or plan an alternative.",
				plural(len(conditional), "contribution", "contributions"), c.contributionNames(conditional), cite("conditional-dependency"),
				pronoun(len(conditional)))
		}
		var gaps []string
		for _, cap := range r.Capabilities {
			if name := lowerFirst(cap.Label()); !provided[cap] && !slices.Contains(gaps, name) {
				gaps = append(gaps, name)
			}
		}
		if len(gaps) > 0 {
			c.add("capability-gap", r.ID,
				"This response needs %s, which no live contribution provides; add a contribution with %s or drop %s from the response.",
				strings.Join(gaps, ", "), plural(len(gaps), "that capability", "those capabilities"), pronoun(len(gaps)))
		}
		if slices.Contains(r.Requires, RequiresUSEnablers) {
			c.add("us-enabler-dependency", r.ID,
				"This response needs US enablers (%s); plan how European contributors fill the gap if Washington holds back.",
				cite("us-enabler-dependency"))
		}
		if slices.Contains(r.Requires, RequiresEUUnanimity) {
			who := "a single member state"
			if vp := c.params.VetoPlayers; len(vp) > 0 {
				names := make([]string, len(vp))
				for i, code := range vp {
					names[i] = c.cat.ActorName(code)
				}
				who = strings.Join(names, ", ")
			}
			c.add("eu-unanimity-veto", r.ID,
				"This response needs EU unanimity, which %s could withhold (the documents report a Hungarian veto of an EU-wide cutoff of Russian oil, %s); prepare a fallback that a coalition of the willing can take without unanimity.",
				who, cite("eu-unanimity-veto"))
		}
	}
}

func (c *checker) termRules() {
	snapback := false
	for i := range c.p.Responses {
		r := &c.p.Responses[i]
		if c.linked[c.responses[r.ID]] && r.Kind == KindEconomic && r.Mechanism == MechanismPunishment {
			snapback = true
			break
		}
	}
	for i := range c.p.Terms {
		t := &c.p.Terms[i]
		switch {
		case t.Kind == TermForeignTroopsBan && t.Stance == StanceAccept && c.foreignGround > 0:
			c.add("troops-ban-conflict", t.ID,
				"The plan accepts a ban on foreign troops while it puts %s foreign personnel on the ground in Ukraine (%s); reject or negotiate the ban, or withdraw the ground contributions.",
				thousands(c.foreignGround), cite("troops-ban-conflict"))
		case t.Kind == TermUAForceCap && t.Stance == StanceAccept:
			c.add("ua-force-cap", t.ID,
				"The plan accepts a cap on Ukraine's armed forces, the core of its own defence; no restriction on them should be part of a deal (%s). Reject the cap or keep it negotiable.",
				cite("ua-force-cap"))
		case t.Kind == TermSanctionsRelief && (t.Stance == StanceAccept || t.Stance == StanceNegotiable) && !snapback:
			c.add("relief-without-snapback", t.ID,
				"Sanctions relief is on the table, but no response linked to a red line is an economic punishment that could snap sanctions back (%s); add and link a sanctions-snapback response.",
				cite("relief-without-snapback"))
		}
	}
}

func (c *checker) planRules() {
	t := c.foreignGround
	pr := c.params
	if t > 0 && float64(t) < pr.ForceSizeMin {
		c.add("force-size", "",
			"The foreign ground presence totals %s personnel, below this profile's floor of %s (Kyiv's later ask for a presence along the contact line, 002; lighter formats such as a training mission or small liaison teams were discussed without figures); add or confirm ground contributions, or lower force_size_min if the plan means a lighter format.",
			thousands(t), formatThousands(pr.ForceSizeMin))
	} else if float64(t) > pr.ForceSizeMax {
		c.add("force-size", "",
			"The foreign ground presence totals %s personnel, above the %s of the largest format discussed (000, 001); scale contributions back or move some out of Ukraine.",
			thousands(t), formatThousands(pr.ForceSizeMax))
	}
	if t == 0 {
		c.add("no-forward-presence", "",
			"The plan puts no foreign personnel on the ground in Ukraine; even the lightest formats discussed are small liaison teams or a training and guarding mission (%s). Add a ground contribution or state why deterrence works without one.",
			cite("no-forward-presence"))
	}
	if len(c.p.RedLines) > 0 {
		denial := false
		for i := range c.p.Responses {
			if r := &c.p.Responses[i]; r.Kind == KindMilitary && r.Mechanism == MechanismDenial {
				denial = true
				break
			}
		}
		if !denial {
			c.add("assurance-not-guarantee", "",
				"The plan has %s but no military response that deters by denial: that is an assurance, not a guarantee (%s). Add a military denial response and link it.",
				plural(len(c.p.RedLines), "one red line", thousands(len(c.p.RedLines))+" red lines"), cite("assurance-not-guarantee"))
		}
	}
	var airDefense, longRange bool
	for i := range c.p.Contributions {
		k := &c.p.Contributions[i]
		if !k.Live() {
			continue
		}
		airDefense = airDefense || k.Capability == CapAirDefense
		longRange = longRange || k.Capability == CapLongRangeStrike
	}
	if !airDefense {
		c.add("air-defense-gap", "",
			"No live contribution provides air defence, one of Ukraine's most pressing gaps (%s); add an air-defence contribution.",
			cite("air-defense-gap"))
	}
	if !longRange {
		c.add("long-range-strike-gap", "",
			"No live contribution provides long-range strike, a gap the documents name beside air defence (%s); add a long-range strike contribution.",
			cite("long-range-strike-gap"))
	}
}

// cite lists a rule's sources by their short numbers: "001, 002".
func cite(ruleID string) string {
	srcs := RuleByID(ruleID).Sources
	short := make([]string, len(srcs))
	for i, s := range srcs {
		short[i] = ShortSource(s)
	}
	return strings.Join(short, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func pronoun(n int) string { return plural(n, "it", "them") }

// contributionNames names contributions as a person knows them, by nation
// and capability: “United Kingdom, rapid reaction”; an id that names none is
// quoted as it is.
func (c *checker) contributionNames(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		if k := c.contribution(id); k != nil {
			q[i] = "“" + c.cat.ActorName(k.Nation) + ", " + lowerFirst(k.Capability.Label()) + "”"
		} else {
			q[i] = strconv.Quote(id)
		}
	}
	return strings.Join(q, ", ")
}

func quoteList(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = strconv.Quote(id)
	}
	return strings.Join(q, ", ")
}

// thousands formats an integer with comma separators: 25,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// formatThousands formats a profile number: whole numbers with separators.
func formatThousands(f float64) string {
	if isWhole(f) && f < 1e15 && f > -1e15 {
		return thousands(int(f))
	}
	return formatNumber(f)
}

// Thousands formats an integer with comma separators, as messages do.
func Thousands(n int) string { return thousands(n) }

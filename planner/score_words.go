package planner

import (
	"math"
	"strconv"
	"strings"
)

// The scorecard's sentences: titles and names, never ids. A reference that
// resolves to nothing is quoted as written, as it has no other name.

// maxNamed is how many names a sentence lists before "and N more".
const maxNamed = 3

// nameList joins names as a sentence does: "A", "A and B", "A, B and C",
// "A, B, C and 2 more".
func nameList(names []string) string {
	if len(names) > maxNamed+1 {
		return strings.Join(names[:maxNamed], ", ") + " and " + strconv.Itoa(len(names)-maxNamed) + " more"
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// phrases collects the phrases a sentence shows — no more than nameList
// and joined show — and counts them all, so that a long list costs no more
// words than a short one. Build a phrase only when wants says so.
type phrases struct {
	shown []string
	total int
}

func (p *phrases) wants() bool {
	p.total++
	return len(p.shown) <= maxNamed
}

func (p *phrases) add(s string) { p.shown = append(p.shown, s) }

// names is nameList over all the phrases counted.
func (p *phrases) names() string {
	if p.total > maxNamed+1 {
		return strings.Join(p.shown[:maxNamed], ", ") + " and " + strconv.Itoa(p.total-maxNamed) + " more"
	}
	return nameList(p.shown)
}

// joined joins the phrases with "; ", the last saying how many more there
// are and what they are: "2 more answers".
func (p *phrases) joined(what string) string {
	if p.total > maxNamed+1 {
		return strings.Join(p.shown[:maxNamed], "; ") + "; " + strconv.Itoa(p.total-maxNamed) + " more " + what
	}
	return strings.Join(p.shown, "; ")
}

// verb picks a verb's form for the subject names: "fires" or "fire".
func verb(names []string, one, many string) string { return plural(len(names), one, many) }

// hours says a time to effect: "72 h".
func hours(h float64) string { return Number(h) + " h" }

// amount says personnel and money: "22,000 personnel and €8,000m"; "" for
// neither.
func amount(t Tally) string {
	var parts []string
	if t.Personnel > 0 {
		parts = append(parts, thousands(t.Personnel)+" personnel")
	}
	if t.AmountEURm > 0 {
		parts = append(parts, "€"+Number(t.AmountEURm)+"m")
	}
	return strings.Join(parts, " and ")
}

// withAmount adds an amount after a count: "2 confirmed (900,000
// personnel)".
func withAmount(s string, t Tally) string {
	if a := amount(t); a != "" {
		return s + " (" + a + ")"
	}
	return s
}

// answerBacking says what backs an answer: "1 confirmed contribution,
// 900,000 personnel".
func answerBacking(a *Answer) string {
	s := plural(a.Backing.Count, "1 contribution", strconv.Itoa(a.Backing.Count)+" contributions")
	if a.Confirmed {
		s = plural(a.Backing.Count, "1 confirmed contribution", strconv.Itoa(a.Backing.Count)+" confirmed contributions")
	} else {
		s += ", not all confirmed"
	}
	if am := amount(a.Backing); am != "" {
		s += ", " + am
	}
	return s
}

// lostList says why answers cannot happen: "“A” cannot happen, as it needs
// a ceasefire in force".
func (s *scorer) lostList(lost []*Answer) string {
	var b strings.Builder
	for i, a := range lost {
		if i == maxNamed {
			b.WriteString("; and " + strconv.Itoa(len(lost)-maxNamed) + " more cannot happen")
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(s.respName(a.resp) + " cannot happen, as " + a.Lost)
	}
	return b.String()
}

// none is the message of a factor for a red line with no answer to weigh:
// nothing answers it, or nothing of it can happen (in the plan as drafted
// when drafted is set, else here).
func (s *scorer) none(answers []Answer, drafted bool) string {
	if len(answers) == 0 {
		return "Nothing answers it."
	}
	var lost []*Answer
	for k := range answers {
		if a := &answers[k]; drafted && !a.drafted || !drafted && !a.CanHappen() {
			lost = append(lost, a)
		}
	}
	return "No answer can happen: " + s.lostList(lost) + "."
}

// explain puts the factors of rs, levelled, in words.
func (s *scorer) explain(w *world, ev *scriptEvidence, i int, evi *rlEvidence, rs *RedLineScore) {
	for k := range rs.Factors {
		f := &rs.Factors[k]
		f.Sources = f.Factor.Sources()
		a := rs.Answers
		switch f.Factor {
		case FactorDenial:
			f.Message = s.denialWords(a, f.Level)
		case FactorPrecommitment:
			f.Message = s.precommitmentWords(a, f.Level, i)
		case FactorSpeed:
			f.Message = s.speedWords(w, a, f.Level)
		case FactorVetoPoints:
			f.Message = s.vetoWords(w, a, f.Level)
		case FactorBacking:
			f.Message = s.backingWords(rs, f.Level)
		case FactorUSDependency:
			f.Message = s.usWords(a, f.Level)
		case FactorHoldsInWar:
			f.Message = s.warWords(a, f.Level)
		case FactorExercise:
			f.Message = s.exerciseWords(ev, &s.p.RedLines[i], evi)
		}
	}
}

func (s *scorer) denialWords(answers []Answer, level Level) string {
	var defend phrases
	var bare, other []string
	var lost []*Answer
	for k := range answers {
		a := &answers[k]
		switch {
		case a.Mechanism != MechanismDenial:
			if a.CanHappen() {
				other = append(other, s.respName(a.resp))
			}
		case !a.CanHappen():
			lost = append(lost, a)
		case a.Backing.Count > 0:
			if defend.wants() {
				defend.add(s.respName(a.resp) + " (" + answerBacking(a) + ")")
			}
		default:
			bare = append(bare, s.respName(a.resp))
		}
	}
	var b strings.Builder
	switch {
	case level == LevelStrong:
		b.WriteString("It is answered by denial with forces behind it: " + defend.names() + ".")
		if len(bare) > 0 {
			b.WriteString(" " + nameList(bare) + " also " + verb(bare, "denies", "deny") + ", with no contribution behind " + plural(len(bare), "it", "them") + ".")
		}
	case level == LevelWeak:
		b.WriteString("Its denial " + plural(len(bare), "answer", "answers") + ", " + nameList(bare) + ", " +
			verb(bare, "draws", "draw") + " on no contribution that counts: a promise without forces invites testing.")
	case len(answers) == 0:
		b.WriteString("Nothing answers it.")
	case len(other) > 0:
		b.WriteString("No answer denies: " + nameList(other) + " " + verb(other, "punishes or reassures", "punish or reassure") +
			", and threats of pain alone did not deter in 2022.")
	default:
		b.WriteString("No denial answer can happen.")
	}
	if len(lost) > 0 {
		b.WriteString(" " + upper(s.lostList(lost)) + ".")
	}
	return b.String()
}

func (s *scorer) precommitmentWords(answers []Answer, level Level, i int) string {
	var auto, consult []string
	var lost []*Answer
	for k := range answers {
		a := &answers[k]
		switch {
		case !a.CanHappen():
			lost = append(lost, a)
		case a.Trigger == TriggerAutomatic:
			auto = append(auto, s.respName(a.resp))
		default:
			consult = append(consult, s.respName(a.resp))
		}
	}
	var b strings.Builder
	switch {
	case level == LevelStrong:
		b.WriteString(nameList(auto) + " " + verb(auto, "fires", "fire") + " automatically when it is crossed")
		if len(consult) > 0 {
			b.WriteString("; " + plural(len(consult), "1 more answer waits", strconv.Itoa(len(consult))+" more wait") + " for a coalition decision")
		}
		b.WriteString(".")
	case level == LevelWeak:
		b.WriteString("Every answer waits for a coalition decision: " + nameList(consult) + "; none fires automatically.")
	case len(answers) == 0:
		b.WriteString("Nothing answers it.")
	default:
		b.WriteString("No answer can happen.")
	}
	if len(lost) > 0 {
		b.WriteString(" " + upper(s.lostList(lost)) + ".")
	}
	n := 0
	for _, li := range s.linksOf(i) {
		if s.ix.links[li].response >= 0 {
			continue
		}
		if n++; n > maxNamed {
			continue
		}
		b.WriteString(" The matrix link to response " + strconv.Quote(s.p.Links[li].Response) + ", which does not exist, counts for nothing.")
	}
	if n > maxNamed {
		b.WriteString(" So do " + strconv.Itoa(n-maxNamed) + " more such links.")
	}
	return strings.TrimSpace(b.String())
}

func (s *scorer) speedWords(w *world, answers []Answer, level Level) string {
	rapid := hours(w.params.RapidHours)
	var fastest, decided *Answer
	for k := range answers {
		a := &answers[k]
		switch {
		case !a.CanHappen():
		case a.Trigger == TriggerAutomatic:
			if fastest == nil || a.HoursToEffect < fastest.HoursToEffect {
				fastest = a
			}
		case decided == nil || a.HoursToEffect < decided.HoursToEffect:
			decided = a
		}
	}
	switch {
	case level == LevelStrong:
		return s.respName(fastest.resp) + " takes effect " + hours(fastest.HoursToEffect) + " after the crossing, within the " + rapid + " of a rapid response."
	case level == LevelWeak:
		return "The fastest automatic answer, " + s.respName(fastest.resp) + ", takes " + hours(fastest.HoursToEffect) + ", more than the " + rapid + " of a rapid response."
	case decided == nil:
		return s.none(answers, false)
	}
	return "No answer fires automatically, so nothing is sure to take effect within the " + rapid + " of a rapid response; once the coalition decides, the fastest, " +
		s.respName(decided.resp) + ", takes " + hours(decided.HoursToEffect) + "."
}

// euVetoers names who can withhold EU unanimity.
func (s *scorer) euVetoers(w *world) string {
	if len(w.params.VetoPlayers) == 0 {
		return "any EU member state"
	}
	names := make([]string, len(w.params.VetoPlayers))
	for i, code := range w.params.VetoPlayers {
		names[i] = s.names.ActorName(code)
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// vetoWords, usWords and warWords explain the exposure factors, which weigh
// the answers of the plan as drafted (Answer.drafted), whatever the test.

func (s *scorer) vetoWords(w *world, answers []Answer, level Level) string {
	var vetoed phrases
	var free []string
	for k := range answers {
		a := &answers[k]
		switch {
		case !a.drafted:
		case a.Vetoed() && !vetoed.wants():
		case a.NeedsEUUnanimity && a.NeedsNATOConsensus:
			vetoed.add(s.respName(a.resp) + " needs EU unanimity, which " + s.euVetoers(w) +
				" can veto, and NATO consensus, which any NATO member can block")
		case a.NeedsEUUnanimity:
			vetoed.add(s.respName(a.resp) + " needs EU unanimity, which " + s.euVetoers(w) + " can veto")
		case a.NeedsNATOConsensus:
			vetoed.add(s.respName(a.resp) + " needs NATO consensus, which any NATO member can block")
		default:
			free = append(free, s.respName(a.resp))
		}
	}
	switch {
	case level == LevelStrong:
		return "No answer needs EU unanimity or NATO consensus."
	case level == LevelWeak:
		return upper(vetoed.joined("likewise")) + "; " + nameList(free) + " " + verb(free, "needs", "need") + " neither."
	case vetoed.total == 0:
		return s.none(answers, true)
	}
	return "Every answer can be vetoed: " + vetoed.joined("likewise") + "."
}

func (s *scorer) usWords(answers []Answer, level Level) string {
	var us phrases
	var free []string
	for k := range answers {
		a := &answers[k]
		switch {
		case !a.drafted:
		case a.NeedsUS && !us.wants():
		case a.NeedsUS:
			var why []string
			if a.usEnablers {
				why = append(why, "needs US enablers")
			}
			if a.usContribution >= 0 {
				why = append(why, "draws on "+s.contributionName(a.usContribution))
			}
			us.add(s.respName(a.resp) + " " + strings.Join(why, " and "))
		default:
			free = append(free, s.respName(a.resp))
		}
	}
	switch {
	case level == LevelStrong:
		return "No answer needs US enablers or a US contribution."
	case level == LevelWeak:
		return upper(us.joined("likewise")) + "; " + nameList(free) + " " + verb(free, "does", "do") + " without the US."
	case us.total == 0:
		return s.none(answers, true)
	}
	return "Every answer depends on the " + s.names.ActorName(usCode) + ": " + us.joined("likewise") + "."
}

func (s *scorer) warWords(answers []Answer, level Level) string {
	var hold []string
	var not phrases
	for k := range answers {
		a := &answers[k]
		switch {
		case !a.drafted:
		case a.WarLost == "":
			hold = append(hold, s.respName(a.resp))
		case not.wants():
			not.add(s.respName(a.resp) + " would not, as " + a.WarLost)
		}
	}
	switch {
	case level == LevelStrong:
		return nameList(hold) + " " + verb(hold, "holds", "hold") + " in war; no answer depends on a ceasefire."
	case level == LevelWeak:
		return nameList(hold) + " " + verb(hold, "holds", "hold") + " in war; " + not.joined("likewise") + "."
	case not.total == 0:
		return s.none(answers, true)
	}
	return "No answer holds in war: " + not.joined("likewise") + "."
}

func (s *scorer) backingWords(rs *RedLineScore, level Level) string {
	b := &rs.Backing
	var parts []string
	add := func(t Tally, status string) {
		if t.Count > 0 {
			parts = append(parts, withAmount(strconv.Itoa(t.Count)+" "+status, t))
		}
	}
	add(b.Confirmed, "confirmed")
	add(b.Pledged, "pledged")
	add(b.Conditional, "conditional")
	var msg strings.Builder
	counted := b.Confirmed.Count + b.Pledged.Count + b.Conditional.Count
	if counted > 0 {
		msg.WriteString("Its answers draw on " + plural(counted, "1 contribution", strconv.Itoa(counted)+" contributions") +
			" that " + plural(counted, "counts", "count") + ": " + strings.Join(parts, "; ") + ".")
	}
	var nothing []string
	if b.Declined.Count > 0 {
		nothing = append(nothing, plural(b.Declined.Count, "1 declined contribution", strconv.Itoa(b.Declined.Count)+" declined contributions"))
	}
	if b.Failed.Count > 0 {
		nothing = append(nothing, plural(b.Failed.Count, "1 contribution that fails in this test", strconv.Itoa(b.Failed.Count)+" contributions that fail in this test"))
	}
	if len(nothing) > 0 {
		msg.WriteString(" " + upper(nameList(nothing)) + " " + plural(b.Declined.Count+b.Failed.Count, "counts", "count") + " for nothing.")
	}
	var confirmed []string
	for k := range rs.Answers {
		if a := &rs.Answers[k]; a.CanHappen() && a.Confirmed {
			confirmed = append(confirmed, s.respName(a.resp))
		}
	}
	switch {
	case level == LevelStrong:
		msg.WriteString(" " + nameList(confirmed) + " " + verb(confirmed, "rests", "rest") + " on confirmed contributions alone.")
	case level == LevelWeak:
		msg.WriteString(" No answer rests on confirmed contributions alone.")
	case len(rs.Answers) == 0:
		msg.WriteString(" Nothing answers it.")
	default:
		msg.WriteString(" No answer that can happen draws on a contribution that counts: a promise without forces.")
	}
	for k := range rs.Answers {
		a := &rs.Answers[k]
		if ids := s.brokenUses[a.resp]; len(ids) > 0 && firstAnswerOf(rs.Answers, k) {
			q := make([]string, len(ids))
			for i, id := range ids {
				q[i] = strconv.Quote(id)
			}
			msg.WriteString(" " + s.respName(a.resp) + " uses " + plural(len(ids), "contribution ", "contributions ") + nameList(q) +
				", which " + plural(len(ids), "does", "do") + " not exist and " + plural(len(ids), "counts", "count") + " for nothing.")
		}
	}
	return strings.TrimSpace(msg.String())
}

// firstAnswerOf reports whether answers[k] is the first of its response,
// so that a response linked twice is named once.
func firstAnswerOf(answers []Answer, k int) bool {
	for i := 0; i < k; i++ {
		if answers[i].resp == answers[k].resp {
			return false
		}
	}
	return true
}

func (s *scorer) exerciseWords(ev *scriptEvidence, r *RedLine, evi *rlEvidence) string {
	switch {
	case ev.unplayed == unplayedNoScript:
		return "The plan has no exercise script, so nothing has tested it."
	case !ev.playable():
		return "The script cannot be played until the plan's invalid references are fixed, so nothing has tested it."
	case r.Indicator == "" || r.Threshold == nil:
		return "It has no indicator and threshold, so no script can cross it."
	case evi.Crossings == 0:
		return "The script never crosses it, so nothing has tested it."
	}
	var b strings.Builder
	b.WriteString("The script crosses it at " + Clock(evi.FirstAt) + " (" + responseName(s.p.Injects[evi.firstInject].Title) + ")")
	if evi.Crossings > 1 {
		b.WriteString(" and " + plural(evi.Crossings-1, "once more", strconv.Itoa(evi.Crossings-1)+" more times"))
	}
	switch {
	case evi.detailIdle && evi.detailInject == evi.firstInject:
		b.WriteString("; no answer got under way there")
	case evi.detailIdle:
		b.WriteString("; at " + Clock(evi.detailAt) + " (" + responseName(s.p.Injects[evi.detailInject].Title) + ") no answer got under way")
	default:
		b.WriteString("; with no decision taken")
	}
	detail := ev.outs[evi.detailFrom:evi.detailTo]
	if len(detail) == 0 {
		b.WriteString(", as nothing answers it.")
	} else {
		var parts phrases
		for _, o := range detail {
			if !parts.wants() {
				continue
			}
			name := "a response"
			if o.resp >= 0 {
				name = s.respName(o.resp)
			}
			switch o.status {
			case Fired:
				parts.add(name + " fired, effective " + Clock(o.effective))
			case Ongoing:
				parts.add(name + " was already under way")
			case Decision:
				parts.add(name + " went to the coalition for a decision")
			case Blocked:
				parts.add(name + " was blocked, as " + s.outcomeReason(ev, o.reason))
			}
		}
		b.WriteString(": " + parts.joined("answers") + ".")
	}
	if evi.Crossings > 1 {
		var counts []string
		for _, c := range []struct {
			n    int
			what string
		}{{evi.Fired, "fired"}, {evi.Ongoing, "already under way"}, {evi.Decision, "put to the coalition"}, {evi.Blocked, "blocked"}} {
			if c.n > 0 {
				counts = append(counts, strconv.Itoa(c.n)+" "+c.what)
			}
		}
		if len(counts) > 0 {
			b.WriteString(" Over all its crossings: " + nameList(counts) + ".")
		}
	}
	return b.String()
}

// why says why a red line has its grade.
func (s *scorer) why(w *world, answers []Answer, grade Grade) string {
	var closest *Answer
	least := 0
	for k := range answers {
		a := &answers[k]
		if !a.CanHappen() {
			continue
		}
		if grade == GradeCredible && a.Firm() {
			return s.respName(a.resp) + " is a firm answer: it denies, fires automatically, takes effect within the " +
				hours(w.params.RapidHours) + " of a rapid response, rests on confirmed contributions alone, holds in war, and needs neither a veto nor the US."
		}
		if n, _ := s.lacks(w, a, false); closest == nil || n < least {
			closest, least = a, n
		}
	}
	switch {
	case closest == nil:
		return s.none(answers, false)
	case grade == GradeHollow:
		return "Every answer that can happen waits for a coalition decision or can be vetoed, and none denies with forces behind it."
	}
	_, lacks := s.lacks(w, closest, true)
	return "No answer is firm. " + s.respName(closest.resp) + " comes closest, but " + nameListAll(lacks) + "."
}

// nameListAll joins every phrase: "a, b and c".
func nameListAll(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// lacks says how many things keep an answer from being firm (Answer.Firm)
// and, with words, what they are.
func (s *scorer) lacks(w *world, a *Answer, words bool) (n int, l []string) {
	lack := func(f func() string) {
		if words {
			l = append(l, f())
		}
		n++
	}
	switch a.Mechanism {
	case MechanismDenial:
	case MechanismPunishment:
		lack(func() string { return "it punishes rather than denies" })
	case MechanismReassurance:
		lack(func() string { return "it reassures rather than denies" })
	default:
		lack(func() string { return "it does not deny" })
	}
	if a.Trigger != TriggerAutomatic {
		lack(func() string { return "it waits for a coalition decision" })
	}
	if !a.Fast {
		lack(func() string {
			return "it takes " + hours(a.HoursToEffect) + ", more than the " + hours(w.params.RapidHours) + " of a rapid response"
		})
	}
	switch {
	case a.Backing.Count == 0:
		lack(func() string { return "no contribution backs it" })
	case !a.Confirmed:
		lack(func() string { return "some of what it draws on is not confirmed" })
	}
	if a.WarLost != "" {
		lack(func() string { return "it would not hold in war (" + a.WarLost + ")" })
	}
	if a.NeedsEUUnanimity {
		lack(func() string { return "it needs EU unanimity" })
	}
	if a.NeedsNATOConsensus {
		lack(func() string { return "it needs NATO consensus" })
	}
	if a.NeedsUS {
		lack(func() string { return "it depends on the US" })
	}
	return n, l
}

// planLines say the plan-wide sums in words.
func (s *scorer) planLines(w *world, pw *PlanWide) []PlanLine {
	n := pw.RedLines
	rl := func(k int) string { return plural(k, "1 red line", strconv.Itoa(k)+" red lines") }
	g := pw.Grades
	lines := []PlanLine{
		{Line: "grades", Message: "Of " + rl(n) + ", " + strconv.Itoa(g.Credible) + " " + plural(g.Credible, "is", "are") + " credible, " +
			strconv.Itoa(g.Fragile) + " fragile and " + strconv.Itoa(g.Hollow) + " hollow.", Sources: []string{}},
	}
	c := pw.Coverage
	cov := rl(c.Denial) + " " + plural(c.Denial, "has", "have") + " a denial answer that can happen, " + strconv.Itoa(c.Punishment) +
		" a punishment answer and " + strconv.Itoa(c.Reassurance) + " a reassurance answer"
	if c.PunishmentOnly > 0 {
		cov += "; " + strconv.Itoa(c.PunishmentOnly) + " " + plural(c.PunishmentOnly, "is", "are") + " answered by punishment alone"
	}
	lines = append(lines, PlanLine{Line: "coverage", Message: upper(cov) + ".", Sources: FactorDenial.Sources()})
	share := 0
	if n > 0 {
		share = int(math.Round(100 * float64(pw.HoldInWar) / float64(n)))
	}
	war := strconv.Itoa(pw.HoldInWar) + " of " + rl(n) + " (" + strconv.Itoa(share) + "%) " + plural(pw.HoldInWar, "holds", "hold") +
		" in war: none of " + plural(pw.HoldInWar, "its", "their") + " answers needs a ceasefire"
	if pw.AnsweredInWar > pw.HoldInWar {
		war += "; " + strconv.Itoa(pw.AnsweredInWar) + " keep at least one answer that would still happen in war"
	}
	lines = append(lines, PlanLine{Line: "holds-in-war", Message: war + ".", Sources: FactorHoldsInWar.Sources()})
	var veto []string
	if v := pw.Veto; v.EUUnanimity > 0 {
		veto = append(veto, upper(s.euVetoers(w))+" can veto "+plural(v.EUUnanimity, "1 response", strconv.Itoa(v.EUUnanimity)+" responses")+
			" that "+plural(v.EUUnanimity, "needs", "need")+" EU unanimity")
	}
	if v := pw.Veto; v.NATOConsensus > 0 {
		veto = append(veto, "any NATO member can block "+plural(v.NATOConsensus, "1 response", strconv.Itoa(v.NATOConsensus)+" responses")+
			" that "+plural(v.NATOConsensus, "needs", "need")+" NATO consensus")
	}
	vmsg := "No response needs EU unanimity or NATO consensus."
	if len(veto) > 0 {
		vmsg = upper(strings.Join(veto, "; ")) + "."
	}
	lines = append(lines, PlanLine{Line: "veto-points", Message: vmsg, Sources: FactorVetoPoints.Sources()})
	if pw.Broken > 0 {
		var b strings.Builder
		b.WriteString(plural(pw.Broken, "1 reference names", strconv.Itoa(pw.Broken)+" references name") + " nothing and " +
			plural(pw.Broken, "counts", "count") + " for nothing.")
		for i, li := range s.orphans {
			if i == maxNamed {
				b.WriteString(" So do " + strconv.Itoa(len(s.orphans)-maxNamed) + " more such links.")
				break
			}
			l := &s.p.Links[li]
			to := strconv.Quote(l.Response)
			if ri := s.ix.links[li].response; ri >= 0 {
				to = responseName(s.p.Responses[ri].Title)
			}
			b.WriteString(" The matrix link from red line " + strconv.Quote(l.RedLine) + ", which does not exist, to " + to + " counts for nothing.")
		}
		lines = append(lines, PlanLine{Line: "broken-references", Message: b.String(), Sources: []string{}})
	}
	return lines
}

// upper capitalises a sentence's first letter (ASCII; names keep theirs).
func upper(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-0x20) + s[1:]
	}
	return s
}

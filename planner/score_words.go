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

// prose is the scorecard's sentences as they are written: one buffer, of
// which each message is a part, so that a scorecard's thousands of
// sentences cost one allocation rather than one for each piece of each.
// A message is a string of what the buffer holds (strings.Builder.String),
// which later writes leave as it is.
type prose struct {
	b strings.Builder
	// capital: the next letter written begins a sentence (sentence).
	capital bool
}

// grow makes room for the sentences of redLines red lines with answers
// answers in all: about 700 bytes a red line and 160 an answer.
func (t *prose) grow(redLines, answers int) { t.b.Grow(700*redLines + 160*answers) }

// begin starts a message: what is written until end is its text.
func (t *prose) begin() int { return t.b.Len() }

// end sets *to to the message begun at from.
func (t *prose) end(from int, to *string) { *to = t.b.String()[from:] }

// endTrimmed is end for a message without the space around it
// (strings.TrimSpace).
func (t *prose) endTrimmed(from int, to *string) { *to = strings.TrimSpace(t.b.String()[from:]) }

// done lets go of the buffer, which the messages keep.
func (t *prose) done() { *t = prose{} }

// s writes a piece of a sentence.
func (t *prose) s(s string) {
	if t.capital {
		t.capitalize(s)
		return
	}
	t.b.WriteString(s)
}

// capitalize writes s, its first letter capitalised when it has one.
func (t *prose) capitalize(s string) {
	if s == "" {
		return
	}
	t.capital = false
	if c := s[0]; c >= 'a' && c <= 'z' {
		t.b.WriteByte(c - 0x20)
		s = s[1:]
	}
	t.b.WriteString(s)
}

// cat writes the pieces of a sentence.
func (t *prose) cat(parts ...string) {
	for _, s := range parts {
		t.s(s)
	}
}

// digits writes a number formatted in p.
func (t *prose) digits(p []byte) {
	t.capital = false
	t.b.Write(p)
}

// sentence writes what write writes with its first letter capitalised
// (ASCII; names keep theirs).
func (t *prose) sentence(write func()) {
	t.capital = true
	write()
	t.capital = false
}

func (t *prose) n(n int) {
	var buf [24]byte
	t.digits(strconv.AppendInt(buf[:0], int64(n), 10))
}

// count says how many of a thing: "1 contribution", "3 contributions".
func (t *prose) count(n int, one, many string) {
	t.n(n)
	t.s(" ")
	t.s(plural(n, one, many))
}

// quoted is how a person knows a response or an inject: its title in
// quotes (responseName).
func (t *prose) quoted(title string) {
	t.s("“")
	t.s(title)
	t.s("”")
}

// hours says a time to effect: "72 h".
func (t *prose) hours(h float64) {
	t.number(h)
	t.s(" h")
}

// number writes f as Number does: "8,000", "2.5".
func (t *prose) number(f float64) {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		t.thousands(int(f))
		return
	}
	var buf [32]byte
	t.digits(strconv.AppendFloat(buf[:0], f, 'f', -1, 64))
}

// thousands writes n as thousands does: "22,000".
func (t *prose) thousands(n int) {
	var buf, out [32]byte
	digits := strconv.AppendInt(buf[:0], int64(n), 10)
	p := out[:0]
	if digits[0] == '-' {
		p = append(p, '-')
		digits = digits[1:]
	}
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			p = append(p, ',')
		}
		p = append(p, d)
	}
	t.digits(p)
}

// clock writes a time of the script as Clock does: "T+18h".
func (t *prose) clock(hours float64) {
	t.s("T+")
	var buf [32]byte
	if hours == math.Trunc(hours) && math.Abs(hours) < 1e15 {
		t.digits(strconv.AppendInt(buf[:0], int64(hours), 10))
	} else {
		t.digits(strconv.AppendFloat(buf[:0], hours, 'g', -1, 64))
	}
	t.s("h")
}

// quote writes s quoted as strconv.Quote does.
func (t *prose) quote(s string) {
	var buf [64]byte
	t.digits(strconv.AppendQuote(buf[:0], s))
}

// list writes n items as a sentence lists names, item(k) writing the k-th
// (k < maxNamed+1): "A", "A and B", "A, B and C", "A, B, C and 2 more".
func (t *prose) list(n int, item func(k int)) {
	if n > maxNamed+1 {
		for k := range maxNamed {
			if k > 0 {
				t.s(", ")
			}
			item(k)
		}
		t.s(" and ")
		t.n(n - maxNamed)
		t.s(" more")
		return
	}
	t.all(n, item)
}

// all writes every one of n items: "a", "a and b", "a, b and c".
func (t *prose) all(n int, item func(k int)) {
	for k := range n {
		switch {
		case k == 0:
		case k == n-1:
			t.s(" and ")
		default:
			t.s(", ")
		}
		item(k)
	}
}

// joined writes n items joined with "; ", the last saying how many more
// there are and what they are: "…; 2 more answers".
func (t *prose) joined(n int, what string, item func(k int)) {
	for k := range min(n, maxNamed+1) {
		if k == maxNamed && n > maxNamed+1 {
			t.s("; ")
			t.n(n - maxNamed)
			t.s(" more ")
			t.s(what)
			return
		}
		if k > 0 {
			t.s("; ")
		}
		item(k)
	}
}

// amount says personnel and money: "22,000 personnel and €8,000m";
// nothing for neither.
func (t *prose) amount(x Tally) {
	if x.Personnel > 0 {
		t.thousands(x.Personnel)
		t.s(" personnel")
	}
	if x.AmountEURm > 0 {
		if x.Personnel > 0 {
			t.s(" and ")
		}
		t.s("€")
		t.number(x.AmountEURm)
		t.s("m")
	}
}

func hasAmount(x Tally) bool { return x.Personnel > 0 || x.AmountEURm > 0 }

// picked are the answers a sentence names: the first that it can show, and
// how many there are in all.
type picked struct {
	a [maxNamed + 1]*Answer
	n int
}

func (p *picked) add(a *Answer) {
	if p.n < len(p.a) {
		p.a[p.n] = a
	}
	p.n++
}

// name writes how a person knows the answer's response: its title in
// quotes.
func (s *scorer) name(a *Answer) { s.text.s(s.respName(a.resp)) }

// respName is how a person knows response i: its title in quotes. The
// names of all responses are worked out together, in one string.
func (s *scorer) respName(i int32) string {
	if s.respNames == nil {
		var b strings.Builder
		n := 0
		for k := range s.p.Responses {
			n += len("“”") + len(s.p.Responses[k].Title)
		}
		b.Grow(n)
		for k := range s.p.Responses {
			b.WriteString("“")
			b.WriteString(s.p.Responses[k].Title)
			b.WriteString("”")
		}
		all := b.String()
		s.respNames = make([]string, len(s.p.Responses))
		at := 0
		for k := range s.p.Responses {
			n := len("“") + len(s.p.Responses[k].Title) + len("”")
			s.respNames[k] = all[at : at+n]
			at += n
		}
	}
	return s.respNames[i]
}

// nameAll lists the answers by name.
func (s *scorer) nameAll(p *picked) { s.text.list(p.n, func(k int) { s.name(p.a[k]) }) }

// answerBacking says what backs an answer: "1 confirmed contribution,
// 900,000 personnel".
func (s *scorer) answerBacking(a *Answer) {
	t := &s.text
	if a.Confirmed {
		t.count(a.Backing.Count, "confirmed contribution", "confirmed contributions")
	} else {
		t.count(a.Backing.Count, "contribution", "contributions")
		t.s(", not all confirmed")
	}
	if hasAmount(a.Backing) {
		t.s(", ")
		t.amount(a.Backing)
	}
}

// lostList says why answers cannot happen: "“A” cannot happen, as it needs
// a ceasefire in force".
func (s *scorer) lostList(lost *picked) {
	t := &s.text
	for k := range lost.n {
		if k == maxNamed {
			t.s("; and ")
			t.n(lost.n - maxNamed)
			t.s(" more cannot happen")
			break
		}
		if k > 0 {
			t.s("; ")
		}
		s.name(lost.a[k])
		t.s(" cannot happen, as ")
		t.s(lost.a[k].Lost)
	}
}

// lostSentence is " " and lostList as a sentence of its own, when any
// answer is lost.
func (s *scorer) lostSentence(lost *picked) {
	if lost.n == 0 {
		return
	}
	t := &s.text
	t.s(" ")
	t.sentence(func() { s.lostList(lost) })
	t.s(".")
}

// none is the message of a factor for a red line with no answer to weigh:
// nothing answers it, or nothing of it can happen (in the plan as drafted
// when drafted is set, else here).
func (s *scorer) none(answers []Answer, drafted bool) {
	if len(answers) == 0 {
		s.text.s("Nothing answers it.")
		return
	}
	var lost picked
	for k := range answers {
		if a := &answers[k]; drafted && !a.drafted || !drafted && !a.CanHappen() {
			lost.add(a)
		}
	}
	s.text.s("No answer can happen: ")
	s.lostList(&lost)
	s.text.s(".")
}

// explain puts the factors of rs, levelled, in words, but the exercise
// evidence (scoreExercise).
func (s *scorer) explain(w *world, i int, rs *RedLineScore) {
	t := &s.text
	for k := range rs.Factors {
		f := &rs.Factors[k]
		a := rs.Answers
		from := t.begin()
		switch f.Factor {
		case FactorDenial:
			s.denialWords(a, f.Level)
		case FactorPrecommitment:
			s.precommitmentWords(a, f.Level, i)
			t.endTrimmed(from, &f.Message)
			continue
		case FactorSpeed:
			s.speedWords(w, a, f.Level)
		case FactorVetoPoints:
			s.vetoWords(w, a, f.Level)
		case FactorBacking:
			s.backingWords(rs, f.Level)
			t.endTrimmed(from, &f.Message)
			continue
		case FactorUSDependency:
			s.usWords(a, f.Level)
		case FactorHoldsInWar:
			s.warWords(a, f.Level)
		default:
			continue
		}
		t.end(from, &f.Message)
	}
}

func (s *scorer) denialWords(answers []Answer, level Level) {
	var defend, bare, other, lost picked
	for k := range answers {
		a := &answers[k]
		switch {
		case a.Mechanism != MechanismDenial:
			if a.CanHappen() {
				other.add(a)
			}
		case !a.CanHappen():
			lost.add(a)
		case a.Backing.Count > 0:
			defend.add(a)
		default:
			bare.add(a)
		}
	}
	t := &s.text
	switch {
	case level == LevelStrong:
		t.s("It is answered by denial with forces behind it: ")
		t.list(defend.n, func(k int) {
			s.name(defend.a[k])
			t.s(" (")
			s.answerBacking(defend.a[k])
			t.s(")")
		})
		t.s(".")
		if bare.n > 0 {
			t.s(" ")
			s.nameAll(&bare)
			t.cat(" also ", plural(bare.n, "denies", "deny"), ", with no contribution behind ", plural(bare.n, "it", "them"), ".")
		}
	case level == LevelWeak:
		t.cat("Its denial ", plural(bare.n, "answer", "answers"), ", ")
		s.nameAll(&bare)
		t.cat(", ", plural(bare.n, "draws", "draw"), " on no contribution that counts: a promise without forces invites testing.")
	case len(answers) == 0:
		t.s("Nothing answers it.")
	case other.n > 0:
		t.s("No answer denies: ")
		s.nameAll(&other)
		t.cat(" ", plural(other.n, "punishes or reassures", "punish or reassure"), ", and threats of pain alone did not deter in 2022.")
	default:
		t.s("No denial answer can happen.")
	}
	s.lostSentence(&lost)
}

func (s *scorer) precommitmentWords(answers []Answer, level Level, i int) {
	var auto, consult, lost picked
	for k := range answers {
		a := &answers[k]
		switch {
		case !a.CanHappen():
			lost.add(a)
		case a.Trigger == TriggerAutomatic:
			auto.add(a)
		default:
			consult.add(a)
		}
	}
	t := &s.text
	switch {
	case level == LevelStrong:
		s.nameAll(&auto)
		t.cat(" ", plural(auto.n, "fires", "fire"), " automatically when it is crossed")
		if consult.n > 0 {
			t.s("; ")
			t.count(consult.n, "more answer waits", "more wait")
			t.s(" for a coalition decision")
		}
		t.s(".")
	case level == LevelWeak:
		t.s("Every answer waits for a coalition decision: ")
		s.nameAll(&consult)
		t.s("; none fires automatically.")
	case len(answers) == 0:
		t.s("Nothing answers it.")
	default:
		t.s("No answer can happen.")
	}
	s.lostSentence(&lost)
	n := 0
	for _, li := range s.linksOf(i) {
		if s.ix.links[li].response >= 0 {
			continue
		}
		if n++; n > maxNamed {
			continue
		}
		t.s(" The matrix link to response ")
		t.quote(s.p.Links[li].Response)
		t.s(", which does not exist, counts for nothing.")
	}
	if n > maxNamed {
		t.s(" So do ")
		t.n(n - maxNamed)
		t.s(" more such links.")
	}
}

func (s *scorer) speedWords(w *world, answers []Answer, level Level) {
	rapid := w.params.RapidHours
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
	t := &s.text
	switch {
	case level == LevelStrong:
		s.name(fastest)
		t.s(" takes effect ")
		t.hours(fastest.HoursToEffect)
		t.s(" after the crossing, within the ")
		t.hours(rapid)
		t.s(" of a rapid response.")
	case level == LevelWeak:
		t.s("The fastest automatic answer, ")
		s.name(fastest)
		t.s(", takes ")
		t.hours(fastest.HoursToEffect)
		t.s(", more than the ")
		t.hours(rapid)
		t.s(" of a rapid response.")
	case decided == nil:
		s.none(answers, false)
	default:
		t.s("No answer fires automatically, so nothing is sure to take effect within the ")
		t.hours(rapid)
		t.s(" of a rapid response; once the coalition decides, the fastest, ")
		s.name(decided)
		t.s(", takes ")
		t.hours(decided.HoursToEffect)
		t.s(".")
	}
}

// euVetoers names who can withhold EU unanimity in w.
func (s *scorer) euVetoers(w *world) string {
	if w.vetoers != "" {
		return w.vetoers
	}
	players := w.params.VetoPlayers
	names := make([]string, len(players))
	for i, code := range players {
		names[i] = s.names.ActorName(code)
	}
	switch len(names) {
	case 0:
		w.vetoers = "any EU member state"
	case 1:
		w.vetoers = names[0]
	default:
		w.vetoers = strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	}
	return w.vetoers
}

// vetoWords, usWords and warWords explain the exposure factors, which weigh
// the answers of the plan as drafted (Answer.drafted), whatever the test.

func (s *scorer) vetoWords(w *world, answers []Answer, level Level) {
	var vetoed, free picked
	for k := range answers {
		switch a := &answers[k]; {
		case !a.drafted:
		case a.Vetoed():
			vetoed.add(a)
		default:
			free.add(a)
		}
	}
	t := &s.text
	phrase := func(k int) {
		a := vetoed.a[k]
		s.name(a)
		switch {
		case a.NeedsEUUnanimity && a.NeedsNATOConsensus:
			t.cat(" needs EU unanimity, which ", s.euVetoers(w), " can veto, and NATO consensus, which any NATO member can block")
		case a.NeedsEUUnanimity:
			t.cat(" needs EU unanimity, which ", s.euVetoers(w), " can veto")
		default:
			t.s(" needs NATO consensus, which any NATO member can block")
		}
	}
	switch {
	case level == LevelStrong:
		t.s("No answer needs EU unanimity or NATO consensus.")
	case level == LevelWeak:
		t.sentence(func() { t.joined(vetoed.n, "likewise", phrase) })
		t.s("; ")
		s.nameAll(&free)
		t.cat(" ", plural(free.n, "needs", "need"), " neither.")
	case vetoed.n == 0:
		s.none(answers, true)
	default:
		t.s("Every answer can be vetoed: ")
		t.joined(vetoed.n, "likewise", phrase)
		t.s(".")
	}
}

func (s *scorer) usWords(answers []Answer, level Level) {
	var us, free picked
	for k := range answers {
		switch a := &answers[k]; {
		case !a.drafted:
		case a.NeedsUS:
			us.add(a)
		default:
			free.add(a)
		}
	}
	t := &s.text
	phrase := func(k int) {
		a := us.a[k]
		s.name(a)
		t.s(" ")
		if a.usEnablers {
			t.s("needs US enablers")
			if a.usContribution >= 0 {
				t.s(" and ")
			}
		}
		if a.usContribution >= 0 {
			t.cat("draws on ", s.contributionName(a.usContribution))
		}
	}
	switch {
	case level == LevelStrong:
		t.s("No answer needs US enablers or a US contribution.")
	case level == LevelWeak:
		t.sentence(func() { t.joined(us.n, "likewise", phrase) })
		t.s("; ")
		s.nameAll(&free)
		t.cat(" ", plural(free.n, "does", "do"), " without the US.")
	case us.n == 0:
		s.none(answers, true)
	default:
		t.cat("Every answer depends on the ", s.names.ActorName(usCode), ": ")
		t.joined(us.n, "likewise", phrase)
		t.s(".")
	}
}

func (s *scorer) warWords(answers []Answer, level Level) {
	var hold, not picked
	for k := range answers {
		switch a := &answers[k]; {
		case !a.drafted:
		case a.WarLost == "":
			hold.add(a)
		default:
			not.add(a)
		}
	}
	t := &s.text
	phrase := func(k int) {
		s.name(not.a[k])
		t.cat(" would not, as ", not.a[k].WarLost)
	}
	switch {
	case level == LevelStrong:
		s.nameAll(&hold)
		t.cat(" ", plural(hold.n, "holds", "hold"), " in war; no answer depends on a ceasefire.")
	case level == LevelWeak:
		s.nameAll(&hold)
		t.cat(" ", plural(hold.n, "holds", "hold"), " in war; ")
		t.joined(not.n, "likewise", phrase)
		t.s(".")
	case not.n == 0:
		s.none(answers, true)
	default:
		t.s("No answer holds in war: ")
		t.joined(not.n, "likewise", phrase)
		t.s(".")
	}
}

func (s *scorer) backingWords(rs *RedLineScore, level Level) {
	b := &rs.Backing
	t := &s.text
	counted := b.Confirmed.Count + b.Pledged.Count + b.Conditional.Count
	if counted > 0 {
		t.s("Its answers draw on ")
		t.count(counted, "contribution", "contributions")
		t.cat(" that ", plural(counted, "counts", "count"), ": ")
		sep := ""
		for _, part := range [...]struct {
			t      Tally
			status string
		}{{b.Confirmed, "confirmed"}, {b.Pledged, "pledged"}, {b.Conditional, "conditional"}} {
			if part.t.Count == 0 {
				continue
			}
			t.s(sep)
			sep = "; "
			t.n(part.t.Count)
			t.cat(" ", part.status)
			if hasAmount(part.t) {
				t.s(" (")
				t.amount(part.t)
				t.s(")")
			}
		}
		t.s(".")
	}
	if b.Declined.Count > 0 || b.Failed.Count > 0 {
		t.s(" ")
		// A count begins the sentence: nothing to capitalise.
		if b.Declined.Count > 0 {
			t.count(b.Declined.Count, "declined contribution", "declined contributions")
		}
		if b.Declined.Count > 0 && b.Failed.Count > 0 {
			t.s(" and ")
		}
		if b.Failed.Count > 0 {
			t.count(b.Failed.Count, "contribution that fails in this test", "contributions that fail in this test")
		}
		t.cat(" ", plural(b.Declined.Count+b.Failed.Count, "counts", "count"), " for nothing.")
	}
	var confirmed picked
	for k := range rs.Answers {
		if a := &rs.Answers[k]; a.CanHappen() && a.Confirmed {
			confirmed.add(a)
		}
	}
	switch {
	case level == LevelStrong:
		t.s(" ")
		s.nameAll(&confirmed)
		t.cat(" ", plural(confirmed.n, "rests", "rest"), " on confirmed contributions alone.")
	case level == LevelWeak:
		t.s(" No answer rests on confirmed contributions alone.")
	case len(rs.Answers) == 0:
		t.s(" Nothing answers it.")
	default:
		t.s(" No answer that can happen draws on a contribution that counts: a promise without forces.")
	}
	if s.brokenUses == nil {
		return
	}
	for k := range rs.Answers {
		a := &rs.Answers[k]
		if ids := s.brokenUses[a.resp]; len(ids) > 0 && firstAnswerOf(rs.Answers, k) {
			t.s(" ")
			s.name(a)
			t.cat(" uses ", plural(len(ids), "contribution ", "contributions "))
			t.list(len(ids), func(j int) { t.quote(ids[j]) })
			n := len(ids)
			t.cat(", which ", plural(n, "does", "do"), " not exist and ", plural(n, "counts", "count"), " for nothing.")
		}
	}
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

func (s *scorer) exerciseWords(ev *scriptEvidence, r *RedLine, evi *rlEvidence) {
	t := &s.text
	switch {
	case ev.unplayed == unplayedNoScript:
		t.s("The plan has no exercise script, so nothing has tested it.")
		return
	case !ev.playable():
		t.s("The script cannot be played until the plan's invalid references are fixed, so nothing has tested it.")
		return
	case r.Indicator == "" || r.Threshold == nil:
		t.s("It has no indicator and threshold, so no script can cross it.")
		return
	case evi.Crossings == 0:
		t.s("The script never crosses it, so nothing has tested it.")
		return
	}
	t.s("The script crosses it at ")
	t.clock(evi.FirstAt)
	t.s(" (")
	t.quoted(s.p.Injects[evi.firstInject].Title)
	t.s(")")
	if more := evi.Crossings - 1; more == 1 {
		t.s(" and once more")
	} else if more > 1 {
		t.s(" and ")
		t.n(more)
		t.s(" more times")
	}
	switch {
	case evi.detailIdle && evi.detailInject == evi.firstInject:
		t.s("; no answer got under way there")
	case evi.detailIdle:
		t.s("; at ")
		t.clock(evi.detailAt)
		t.s(" (")
		t.quoted(s.p.Injects[evi.detailInject].Title)
		t.s(") no answer got under way")
	default:
		t.s("; with no decision taken")
	}
	detail := ev.outs[evi.detailFrom:evi.detailTo]
	if len(detail) == 0 {
		t.s(", as nothing answers it.")
	} else {
		t.s(": ")
		t.joined(len(detail), "answers", func(k int) {
			o := &detail[k]
			if o.resp >= 0 {
				t.s(s.respName(o.resp))
			} else {
				t.s("a response")
			}
			switch o.status {
			case outFired:
				t.s(" fired, effective ")
				t.clock(o.effective)
			case outOngoing:
				t.s(" was already under way")
			case outDecision:
				t.s(" went to the coalition for a decision")
			case outBlocked:
				t.cat(" was blocked, as ", s.outcomeReason(ev, o.reason))
			}
		})
		t.s(".")
	}
	if evi.Crossings > 1 {
		counts := [...]struct {
			n    int
			what string
		}{{evi.Fired, "fired"}, {evi.Ongoing, "already under way"}, {evi.Decision, "put to the coalition"}, {evi.Blocked, "blocked"}}
		var some [len(counts)]int
		n := 0
		for k, c := range counts {
			if c.n > 0 {
				some[n] = k
				n++
			}
		}
		if n > 0 {
			t.s(" Over all its crossings: ")
			t.list(n, func(k int) {
				t.n(counts[some[k]].n)
				t.cat(" ", counts[some[k]].what)
			})
			t.s(".")
		}
	}
}

// why says why a red line has its grade, in *to.
func (s *scorer) why(w *world, answers []Answer, grade Grade, to *string) {
	t := &s.text
	from := t.begin()
	defer t.end(from, to)
	var closest *Answer
	least := 0
	for k := range answers {
		a := &answers[k]
		if !a.CanHappen() {
			continue
		}
		if grade == GradeCredible && a.Firm() {
			s.name(a)
			t.s(" is a firm answer: it denies, fires automatically, takes effect within the ")
			t.hours(w.params.RapidHours)
			t.s(" of a rapid response, rests on confirmed contributions alone, holds in war, and needs neither a veto nor the US.")
			return
		}
		if n := s.lacks(w, a, nil); closest == nil || n < least {
			closest, least = a, n
		}
	}
	switch {
	case closest == nil:
		s.none(answers, false)
	case grade == GradeHollow:
		t.s("Every answer that can happen waits for a coalition decision or can be vetoed, and none denies with forces behind it.")
	default:
		t.s("No answer is firm. ")
		s.name(closest)
		t.s(" comes closest, but ")
		s.lacks(w, closest, t)
		t.s(".")
	}
}

// lacks counts the things that keep an answer from being firm
// (Answer.Firm) and, when t is not nil, writes what they are: "a, b and
// c".
func (s *scorer) lacks(w *world, a *Answer, t *prose) int {
	n, k := 0, 0
	if t != nil {
		n = s.lacks(w, a, nil)
	}
	// next counts one more thing and reports whether to write it, after
	// what separates it from the one before.
	next := func() bool {
		k++
		if t == nil {
			return false
		}
		switch {
		case k == 1:
		case k == n:
			t.s(" and ")
		default:
			t.s(", ")
		}
		return true
	}
	lack := func(what string) {
		if next() {
			t.s(what)
		}
	}
	switch a.Mechanism {
	case MechanismDenial:
	case MechanismPunishment:
		lack("it punishes rather than denies")
	case MechanismReassurance:
		lack("it reassures rather than denies")
	default:
		lack("it does not deny")
	}
	if a.Trigger != TriggerAutomatic {
		lack("it waits for a coalition decision")
	}
	if !a.Fast && next() {
		t.s("it takes ")
		t.hours(a.HoursToEffect)
		t.s(", more than the ")
		t.hours(w.params.RapidHours)
		t.s(" of a rapid response")
	}
	switch {
	case a.Backing.Count == 0:
		lack("no contribution backs it")
	case !a.Confirmed:
		lack("some of what it draws on is not confirmed")
	}
	if a.WarLost != "" && next() {
		t.cat("it would not hold in war (", a.WarLost, ")")
	}
	if a.NeedsEUUnanimity {
		lack("it needs EU unanimity")
	}
	if a.NeedsNATOConsensus {
		lack("it needs NATO consensus")
	}
	if a.NeedsUS {
		lack("it depends on the US")
	}
	return k
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

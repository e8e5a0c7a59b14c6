package planner

import "sync"

// The deterrence scorecard (SCORECARD.md): for each red line, how far its
// answers make it credible — denial, pre-commitment, speed, veto points,
// backing, US dependency, whether it holds in war, and what the plan's own
// exercise script shows — and one grade from a single rule (GradeOf).
//
// It is worked out from the plan alone, plus one run of the plan's script
// through the exercise engine. It is pure and deterministic: the same plan,
// catalogue, profile and stress tests always give the same scorecard.
// References that do not resolve count for nothing and are named where they
// would have counted, so that a draft scores as it stands.

// Level says how far one factor supports a red line's credibility.
type Level string

const (
	LevelStrong  Level = "strong"
	LevelWeak    Level = "weak"
	LevelMissing Level = "missing"
)

// Levels lists the levels, best first.
var Levels = []Level{LevelStrong, LevelWeak, LevelMissing}

// Label is the level's name: "Strong".
func (l Level) Label() string { return labelOf(levelLabels, l) }

var levelLabels = map[Level]string{LevelStrong: "Strong", LevelWeak: "Weak", LevelMissing: "Missing"}

// Grade is a red line's overall credibility (GradeOf).
type Grade string

const (
	GradeCredible Grade = "credible"
	GradeFragile  Grade = "fragile"
	GradeHollow   Grade = "hollow"
)

// Grades lists the grades, best first.
var Grades = []Grade{GradeCredible, GradeFragile, GradeHollow}

// Label is the grade's name: "Credible".
func (g Grade) Label() string { return labelOf(gradeLabels, g) }

var gradeLabels = map[Grade]string{GradeCredible: "Credible", GradeFragile: "Fragile", GradeHollow: "Hollow"}

// FactorID names one factor of the scorecard.
type FactorID string

const (
	FactorDenial        FactorID = "denial"
	FactorPrecommitment FactorID = "pre-commitment"
	FactorSpeed         FactorID = "speed"
	FactorVetoPoints    FactorID = "veto-points"
	FactorBacking       FactorID = "backing"
	FactorUSDependency  FactorID = "us-dependency"
	FactorHoldsInWar    FactorID = "holds-in-war"
	FactorExercise      FactorID = "exercise"
)

// FactorIDs lists the factors in the order a scorecard gives them.
var FactorIDs = []FactorID{FactorDenial, FactorPrecommitment, FactorSpeed, FactorVetoPoints,
	FactorBacking, FactorUSDependency, FactorHoldsInWar, FactorExercise}

// Label is the factor's name: "Veto points".
func (f FactorID) Label() string { return labelOf(factorLabels, f) }

var factorLabels = map[FactorID]string{
	FactorDenial: "Denial", FactorPrecommitment: "Pre-commitment", FactorSpeed: "Speed",
	FactorVetoPoints: "Veto points", FactorBacking: "Backing", FactorUSDependency: "US dependency",
	FactorHoldsInWar: "Holds in war", FactorExercise: "Exercise evidence",
}

// Sources are the built-in documents the factor rests on (SCORECARD.md).
func (f FactorID) Sources() []string { return append([]string{}, factorSources[f]...) }

var factorSources = map[FactorID][]string{
	// Deterrence by denial convinces better than punishment; 2022 failed on
	// threats of punishment; promises without forces invite testing.
	FactorDenial: {Src000, Src001, Src003},
	// Codified red lines whose crossing triggers a concerted response; a
	// guarantee needs action, not a promise to consult.
	FactorPrecommitment: {Src003, Src004},
	// A rapid allied response.
	FactorSpeed: {Src004},
	// Hungary's veto on EU-wide measures.
	FactorVetoPoints: {Src002},
	// "Troops or assistance" pledges versus real commitments.
	FactorBacking: {Src002, Src003},
	// European dependence on US enablers; a volatile US posture.
	FactorUSDependency: {Src000, Src001, Src004},
	// The guarantees take effect only after a ceasefire.
	FactorHoldsInWar: {Src000, Src002},
	// Thresholds, timelines and mobilisation are open questions to test.
	FactorExercise: {Src004},
}

// Factor is one line of a red line's scorecard.
type Factor struct {
	Factor FactorID `json:"factor"`
	Level  Level    `json:"level"`
	// Message says what the plan gives, in the planner's words: titles and
	// names, never ids (a reference that resolves to nothing is quoted as
	// written, since it has no other name).
	Message string `json:"message"`
	// Sources are the built-in documents the factor rests on.
	Sources []string `json:"sources"`
}

// Answer is one response linked to a red line, as the scorecard weighs it
// in one set of circumstances (the plan as drafted, or a stress test).
type Answer struct {
	// Link is the index of the matrix link in the plan's links.
	Link      int
	Response  string
	Title     string
	Trigger   Trigger
	Mechanism Mechanism
	// HoursToEffect is the response's time from decision to effect.
	HoursToEffect float64
	// Lost says why the answer cannot happen here, in words ("it needs a
	// ceasefire in force"); "" when it can.
	Lost string
	// Fast: it takes effect within the profile's rapid_hours.
	Fast bool
	// Backing sums the contributions it draws on that count here (not
	// declined, not failed in a stress test).
	Backing Tally
	// Confirmed: it draws on at least one contribution, and every one it
	// draws on is confirmed.
	Confirmed bool
	// HoldsInWar: nothing but the phase stops it, and it would still
	// happen if the phase turned to war (no ceasefire needed, no
	// contribution that activates only after a ceasefire).
	HoldsInWar bool
	// WarLost says why it would not hold in war ("" when it would).
	WarLost string
	// NeedsEUUnanimity and NeedsNATOConsensus are its veto points.
	NeedsEUUnanimity, NeedsNATOConsensus bool
	// NeedsUS: it requires US enablers or draws on a US contribution (one
	// not declined).
	NeedsUS bool
	// otherLost: something other than the phase stops it.
	otherLost bool
	// usEnablers: it requires US enablers.
	usEnablers bool
	// drafted: no declined contribution stops it, so it is part of the plan
	// as drafted. The exposure factors (veto points, US dependency, holds
	// in war) weigh these answers whatever the stress test, so that a test
	// shows its consequences, not a smaller exposure.
	drafted bool
	// resp is the response's index in the plan.
	resp int32
	// usContribution is the first US contribution it draws on, -1 if none.
	usContribution int32
}

// CanHappen reports whether nothing stops the answer here.
func (a *Answer) CanHappen() bool { return a.Lost == "" }

// Vetoed reports whether one capital can stop the answer: it needs EU
// unanimity or NATO consensus.
func (a *Answer) Vetoed() bool { return a.NeedsEUUnanimity || a.NeedsNATOConsensus }

// Commits reports whether the answer is pre-committed: it can happen, fires
// automatically and no capital can veto it.
func (a *Answer) Commits() bool {
	return a.CanHappen() && a.Trigger == TriggerAutomatic && !a.Vetoed()
}

// Defends reports whether the answer denies with forces behind it: it can
// happen, deters by denial and draws on a contribution that counts.
func (a *Answer) Defends() bool {
	return a.CanHappen() && a.Mechanism == MechanismDenial && a.Backing.Count > 0
}

// Firm reports whether the answer alone makes its red line credible: it
// can happen, denies, fires automatically, takes effect within rapid_hours,
// rests on confirmed contributions alone, holds in war, and neither a veto
// nor the US can take it away.
func (a *Answer) Firm() bool {
	return a.CanHappen() && a.Mechanism == MechanismDenial && a.Trigger == TriggerAutomatic &&
		a.Fast && a.Confirmed && a.HoldsInWar && !a.Vetoed() && !a.NeedsUS
}

// GradeOf is the scorecard's one grade rule (SCORECARD.md):
//
//   - credible: some answer is firm (Answer.Firm);
//   - hollow: no answer either commits (Answer.Commits: automatic, free of
//     veto) or defends (Answer.Defends: denial with forces behind it) —
//     nothing answers, or everything waits on a decision or a veto and
//     nothing denies with forces;
//   - fragile: everything between: something commits or defends, but no
//     answer is firm.
//
// The factors describe; this rule alone grades, the same for the plan as
// drafted and under every stress test.
func GradeOf(answers []Answer) Grade {
	grade := GradeHollow
	for i := range answers {
		a := &answers[i]
		if a.Firm() {
			return GradeCredible
		}
		if a.Commits() || a.Defends() {
			grade = GradeFragile
		}
	}
	return grade
}

// RedLineScore is one red line's scorecard.
type RedLineScore struct {
	RedLine string   `json:"red_line"`
	Title   string   `json:"title"`
	Grade   Grade    `json:"grade"`
	Factors []Factor `json:"factors"`
	// Stress holds the red line's grade under each stress test, in the
	// order they were asked for.
	Stress []StressResult `json:"stress"`
	// Why says in a sentence or two why the grade is what it is.
	Why string `json:"-"`
	// Answers are its linked responses that exist, in link order.
	Answers []Answer `json:"-"`
	// Backing sums the contributions its answers draw on, each once.
	Backing Backing `json:"-"`
	// Exercise is what the plan's script did to it.
	Exercise ExerciseEvidence `json:"-"`
}

// Factor returns the factor with that id.
func (s RedLineScore) Factor(id FactorID) *Factor {
	for i := range s.Factors {
		if s.Factors[i].Factor == id {
			return &s.Factors[i]
		}
	}
	return nil
}

// StressResult is a red line's scorecard under one stress test.
type StressResult struct {
	Name  string `json:"name"`
	Grade Grade  `json:"grade"`
	// Changed lists the factors whose level differs from the plan as
	// drafted, in factor order.
	Changed []FactorID `json:"changed"`
	// Levels are the factors' levels under the test, in the order of the
	// red line's Factors.
	Levels []Level `json:"-"`
	// Answers are the red line's answers as the test has them.
	Answers []Answer `json:"-"`
	run     *stressRun
	redLine int
}

// Backing sums the contributions a red line's answers draw on, each once,
// by status; Failed holds the live ones a stress test takes away, which
// count for nothing there, like the declined ones.
type Backing struct {
	Confirmed, Pledged, Conditional, Declined, Failed Tally
}

// ExerciseEvidence is what one run of the plan's script, with no decision
// taken, did to a red line.
type ExerciseEvidence struct {
	// Played: the script could be played (the plan has injects and no
	// invalid reference).
	Played bool
	// Crossings counts the times the script crossed the red line; FirstAt
	// is the time of the first.
	Crossings int
	FirstAt   float64
	// The outcomes of its answers over all crossings.
	Fired, Ongoing, Decision, Blocked int
	// Idle counts the crossings at which no answer fired or was under way.
	Idle int
}

// Scorecard is a plan's deterrence scorecard.
type Scorecard struct {
	Plan    string `json:"plan"`
	Profile string `json:"profile"`
	// Stress names the stress tests scored beside the plan as drafted.
	Stress   []string       `json:"stress"`
	RedLines []RedLineScore `json:"red_lines"`
	PlanWide PlanWide       `json:"plan_wide"`
	// Tests are the stress tests, in the order of Stress.
	Tests []StressTest `json:"-"`
}

// PlanWide sums up the plan's red lines.
type PlanWide struct {
	RedLines int         `json:"red_lines"`
	Grades   GradeCounts `json:"grades"`
	// Coverage counts the red lines with an answer that can happen by each
	// mechanism.
	Coverage Coverage `json:"coverage"`
	// HoldInWar counts the red lines that hold in war: every answer of
	// the plan as drafted would still happen (factor holds-in-war strong).
	HoldInWar int `json:"hold_in_war"`
	// AnsweredInWar counts the red lines that keep at least one answer
	// that can happen here and would in war.
	AnsweredInWar int       `json:"answered_in_war"`
	Veto          VetoCount `json:"veto"`
	// Broken counts the references the scorecard could not follow: links
	// and uses that name nothing.
	Broken int `json:"broken_references"`
	// Lines say the above in words.
	Lines  []PlanLine       `json:"lines"`
	Stress []PlanWideStress `json:"stress"`
}

// GradeCounts counts red lines by grade.
type GradeCounts struct {
	Credible int `json:"credible"`
	Fragile  int `json:"fragile"`
	Hollow   int `json:"hollow"`
}

func (g *GradeCounts) add(grade Grade) {
	switch grade {
	case GradeCredible:
		g.Credible++
	case GradeFragile:
		g.Fragile++
	case GradeHollow:
		g.Hollow++
	}
}

// Coverage counts red lines by the mechanisms of their answers.
type Coverage struct {
	Denial      int `json:"denial"`
	Punishment  int `json:"punishment"`
	Reassurance int `json:"reassurance"`
	// PunishmentOnly counts the red lines whose answers that can happen
	// all punish.
	PunishmentOnly int `json:"punishment_only"`
}

// VetoCount says who can veto what: the responses answering a red line
// (and not stopped by a declined contribution) that need EU unanimity,
// which the profile's veto players can block, and those that need NATO
// consensus, which any NATO member can.
type VetoCount struct {
	// Players are the profile's veto players, when something needs EU
	// unanimity.
	Players       []string `json:"players"`
	EUUnanimity   int      `json:"eu_unanimity"`
	NATOConsensus int      `json:"nato_consensus"`
}

// PlanLine is one plan-wide line of the scorecard.
type PlanLine struct {
	Line    string   `json:"line"`
	Message string   `json:"message"`
	Sources []string `json:"sources"`
}

// PlanWideStress is the plan-wide sum under one stress test.
type PlanWideStress struct {
	Name     string      `json:"name"`
	Grades   GradeCounts `json:"grades"`
	Coverage Coverage    `json:"coverage"`
	// AnsweredInWar is PlanWide.AnsweredInWar under the test.
	AnsweredInWar int `json:"answered_in_war"`
	// Changed counts the red lines whose grade differs from the plan as
	// drafted.
	Changed int `json:"changed"`
}

// Score works out the deterrence scorecard of p (SCORECARD.md) against the
// profile (nil: zero parameters). cat is the built-in catalogue; the plan's
// own actors are added to it.
func Score(p *Plan, cat *Catalog, prof *Profile) *Scorecard {
	return ScoreStress(p, cat, prof, nil)
}

// ScoreStress works out the scorecard of p as drafted and again under each
// stress test, and sets them side by side: each red line's Stress, and the
// plan-wide Stress, follow the order of tests. Under a test each red line
// is graded and its factors levelled; StressResult.Explain puts it in
// words when asked.
func ScoreStress(p *Plan, cat *Catalog, prof *Profile, tests []StressTest) *Scorecard {
	s := newScorer(p, cat)
	valid := make(chan bool, 1)
	scripts := s.playAll(tests, valid)
	valid <- len(invalidReferences(p, s.names, &s.ix)) == 0
	s.resolve()
	sc := &Scorecard{Plan: p.Title, Stress: make([]string, len(tests)), Tests: tests}
	if prof != nil {
		sc.Profile = prof.ID
	}
	for i := range tests {
		sc.Stress[i] = tests[i].Name
	}
	sc.RedLines, sc.PlanWide = s.score(s.world(nil, prof), scripts)
	sc.PlanWide.Stress = make([]PlanWideStress, 0, len(tests))
	for i := range sc.RedLines {
		sc.RedLines[i].Stress = make([]StressResult, 0, len(tests))
	}
	for k := range tests {
		run := &stressRun{s: s, w: s.world(&tests[k], prof), ev: scripts.run(k + 1)}
		sc.PlanWide.Stress = append(sc.PlanWide.Stress, s.stress(run, sc.RedLines))
	}
	return sc
}

// stressRun is one stress test's world and run of the script, kept so
// that a StressResult can be put in words later.
type stressRun struct {
	s  *scorer
	w  *world
	ev *scriptEvidence
}

// Explain puts the red line's scorecard under the test in words: its
// factors with their messages, why it has its grade, its backing. It is
// worked out when asked, so that a scorecard with many stress tests pays
// for words only where they are read. The result has no Stress.
func (r *StressResult) Explain() RedLineScore {
	if r.run == nil {
		return RedLineScore{}
	}
	s := r.run.s
	s.mu.Lock() // its caches and its text
	defer s.mu.Unlock()
	var rs RedLineScore
	s.scoreOne(r.run.w, r.redLine, s.newWork(len(s.linksOf(r.redLine)), 1), &rs)
	s.scoreExercise(r.run.ev, r.redLine, &rs)
	s.text.done()
	return rs
}

// scorer holds what every set of circumstances shares: the plan's
// references resolved once.
type scorer struct {
	mu  sync.Mutex // StressResult.Explain may be called from any goroutine
	p   *Plan
	cat *Catalog // the built-in catalogue, as the exercise engine takes it
	// names is cat with the plan's own actors.
	names *Catalog
	ix    planIndex
	// rlFrom and rlLinks list, by red line (the first with its id), the
	// indices of the links that name it, in link order.
	rlFrom, rlLinks []int32
	// usesFrom and uses list, by response, the contributions it uses that
	// exist (indices); brokenUses holds, by response, the ids that name none.
	usesFrom, uses []int32
	brokenUses     map[int32][]string
	// orphans are the links whose red line does not exist.
	orphans []int32
	// first is, by red line, the index of the first red line with its id.
	first []int32
	// contributionNames, inactiveLost and failedLost cache, by
	// contribution index, what sentences say of it ("" until first asked);
	// failedLost by why it fails, less failDeclined.
	contributionNames, inactiveLost []string
	failedLost                      [3][]string
	// respNames are the responses' names (respName), nil until first
	// asked.
	respNames []string
	// text holds the sentences being written.
	text prose
}

// newScorer indexes p: what the exercise engine needs of the scorer (names
// and ix), so that the script can be played while resolve does the rest.
func newScorer(p *Plan, cat *Catalog) *scorer {
	return &scorer{p: p, cat: cat, names: cat.ForPlan(p), ix: indexPlan(p)}
}

// resolve lists each red line's links and each response's contributions.
func (s *scorer) resolve() {
	p := s.p
	s.first = make([]int32, len(p.RedLines))
	for i := range p.RedLines {
		s.first[i] = s.ix.redLines[p.RedLines[i].ID]
	}
	s.rlFrom = make([]int32, len(p.RedLines)+1)
	for i, l := range s.ix.links {
		if l.redLine >= 0 {
			s.rlFrom[l.redLine+1]++
		} else {
			s.orphans = append(s.orphans, int32(i))
		}
	}
	for i := 1; i < len(s.rlFrom); i++ {
		s.rlFrom[i] += s.rlFrom[i-1]
	}
	s.rlLinks = make([]int32, s.rlFrom[len(p.RedLines)])
	next := make([]int32, len(p.RedLines))
	copy(next, s.rlFrom)
	for i, l := range s.ix.links {
		if l.redLine >= 0 {
			s.rlLinks[next[l.redLine]] = int32(i)
			next[l.redLine]++
		}
	}
	s.usesFrom = make([]int32, len(p.Responses)+1)
	for i := range p.Responses {
		s.usesFrom[i] = int32(len(s.uses))
		for _, id := range p.Responses[i].Uses {
			if k, ok := s.ix.contributions[id]; ok {
				s.uses = append(s.uses, k)
			} else {
				if s.brokenUses == nil {
					s.brokenUses = map[int32][]string{}
				}
				s.brokenUses[int32(i)] = append(s.brokenUses[int32(i)], id)
			}
		}
	}
	s.usesFrom[len(p.Responses)] = int32(len(s.uses))
}

// linksOf returns the indices of the links that name red line i's id.
func (s *scorer) linksOf(i int) []int32 {
	first := s.first[i]
	return s.rlLinks[s.rlFrom[first]:s.rlFrom[first+1]]
}

// world is one set of circumstances: the plan as drafted (test nil) or a
// stress test.
type world struct {
	test   *StressTest
	params Params
	war    bool
	// vetoers names who can withhold EU unanimity ("" until first asked).
	vetoers string
}

func (s *scorer) world(t *StressTest, prof *Profile) *world {
	w := &world{test: t, war: s.p.Phase == PhaseWar}
	if prof != nil {
		w.params = prof.Params
	}
	if t != nil {
		if t.Profile != nil {
			w.params = t.Profile.Params
		}
		w.war = w.war || t.War
	}
	return w
}

// Why a contribution counts for nothing.
const (
	countsOK uint8 = iota
	failDeclined
	failUSHoldsBack
	failStatus
)

// fails says whether contribution c counts for nothing in w, and why.
func (w *world) fails(c *Contribution) uint8 {
	switch {
	case c.Status == StatusDeclined:
		return failDeclined
	case w.test == nil:
		return countsOK
	case w.test.NoUS && c.Nation == usCode:
		return failUSHoldsBack
	}
	for _, st := range w.test.Fail {
		if c.Status == st {
			return failStatus
		}
	}
	return countsOK
}

// usCode is the United States in the catalogue.
const usCode = "US"

// respEval is what the scorecard makes of one response in one world.
type respEval struct {
	done           bool
	lost, warLost  string
	otherLost      bool
	backing        Tally
	confirmed      bool
	needsUS        bool
	usEnablers     bool
	usContribution int32
	eu, nato       bool
	drafted        bool
}

// evalResponse works out what response i is worth in w.
func (s *scorer) evalResponse(w *world, i int32, out *respEval) {
	p := s.p
	r := &p.Responses[i]
	e := respEval{done: true, usContribution: -1, drafted: true}
	var reqCeasefire bool
	for _, q := range r.Requires {
		switch q {
		case RequiresCeasefire:
			reqCeasefire = true
		case RequiresUSEnablers:
			e.usEnablers = true
		case RequiresEUUnanimity:
			e.eu = true
		case RequiresNATOConsensus:
			e.nato = true
		}
	}
	failed, inactive := int32(-1), int32(-1)
	var failWhy uint8
	allConfirmed := true
	for _, k := range s.uses[s.usesFrom[i]:s.usesFrom[i+1]] {
		c := &p.Contributions[k]
		why := w.fails(c)
		if why == failDeclined {
			e.drafted = false
		} else {
			// What the plan as drafted depends on, whatever the test.
			if c.Activation == ActivationCeasefire && inactive < 0 {
				inactive = k
			}
			if c.Nation == usCode && e.usContribution < 0 {
				e.usContribution = k
			}
		}
		if why != countsOK {
			if failed < 0 {
				failed, failWhy = k, why
			}
			continue
		}
		e.backing.add(c)
		allConfirmed = allConfirmed && c.Status == StatusConfirmed
	}
	e.confirmed = e.backing.Count > 0 && allConfirmed
	e.needsUS = e.usEnablers || e.usContribution >= 0
	switch {
	case reqCeasefire:
		e.warLost = "it needs a ceasefire in force"
	case inactive >= 0:
		e.warLost = s.inactive(inactive)
	}
	t := w.test
	var other string
	switch {
	case failed >= 0:
		other = s.failed(failed, failWhy)
	case t != nil && t.NoUS && e.usEnablers:
		other = "it needs US enablers, which the US withholds in this test"
	case t != nil && t.Veto && e.eu:
		other = "it needs EU unanimity, and in this test a veto stops it"
	case t != nil && t.Veto && e.nato:
		other = "it needs NATO consensus, and in this test a veto stops it"
	}
	e.otherLost = other != ""
	// The order of the exercise engine: a ceasefire needed in war, then a
	// failed contribution, then one not yet active.
	switch {
	case w.war && reqCeasefire:
		e.lost = e.warLost
	case other != "":
		e.lost = other
	case w.war:
		e.lost = e.warLost
	}
	*out = e
}

// inactive says why an answer that draws on contribution k would not
// happen in war: “it draws on “Poland, engineering”, which activates only
// after a ceasefire”. Each is worked out once, whatever the world.
func (s *scorer) inactive(k int32) string {
	if s.inactiveLost == nil {
		s.inactiveLost = make([]string, len(s.p.Contributions))
	}
	if s.inactiveLost[k] == "" {
		s.inactiveLost[k] = "it draws on " + s.contributionName(k) + ", which activates only after a ceasefire"
	}
	return s.inactiveLost[k]
}

// failed says why an answer that draws on contribution k, which counts
// for nothing (why), cannot happen: “it draws on the declined “Spain,
// medical””. Each is worked out once, whatever the world.
func (s *scorer) failed(k int32, why uint8) string {
	cache := &s.failedLost[why-failDeclined]
	if *cache == nil {
		*cache = make([]string, len(s.p.Contributions))
	}
	if (*cache)[k] == "" {
		(*cache)[k] = "it draws on " + s.failedPhrase(k, why)
	}
	return (*cache)[k]
}

// failedPhrase names a contribution that counts for nothing, and why.
func (s *scorer) failedPhrase(k int32, why uint8) string {
	name := s.contributionName(k)
	switch why {
	case failDeclined:
		return "the declined " + name
	case failUSHoldsBack:
		return name + ", which the US withholds in this test"
	}
	return name + ", " + string(s.p.Contributions[k].Status) + ", which fails in this test"
}

// contributionName is how a person knows a contribution: “Poland, air
// defence”.
func (s *scorer) contributionName(k int32) string {
	if s.contributionNames == nil {
		s.contributionNames = make([]string, len(s.p.Contributions))
	}
	if s.contributionNames[k] == "" {
		c := &s.p.Contributions[k]
		s.contributionNames[k] = "“" + s.names.ActorName(c.Nation) + ", " + scoreLowerFirst(c.Capability.Label()) + "”"
	}
	return s.contributionNames[k]
}

// responseName is how a person knows a response: its title in quotes.
func responseName(title string) string { return "“" + title + "”" }

// scoreLowerFirst lowers a label's first letter for the middle of a
// sentence, unless the label is an acronym ("ISR").
func scoreLowerFirst(s string) string {
	if s == "" || len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}

// The level rules, one function per factor (SCORECARD.md). Each reads the
// red line's answers only; the words that explain a level are in
// score_words.go.

func denialLevel(answers []Answer) Level {
	level := LevelMissing
	for k := range answers {
		a := &answers[k]
		if a.Defends() {
			return LevelStrong
		}
		if a.CanHappen() && a.Mechanism == MechanismDenial {
			level = LevelWeak
		}
	}
	return level
}

func precommitmentLevel(answers []Answer) Level {
	level := LevelMissing
	for k := range answers {
		a := &answers[k]
		if a.CanHappen() && a.Trigger == TriggerAutomatic {
			return LevelStrong
		}
		if a.CanHappen() {
			level = LevelWeak
		}
	}
	return level
}

func speedLevel(answers []Answer) Level {
	level := LevelMissing
	for k := range answers {
		a := &answers[k]
		if a.CanHappen() && a.Trigger == TriggerAutomatic {
			if a.Fast {
				return LevelStrong
			}
			level = LevelWeak
		}
	}
	return level
}

func backingLevel(answers []Answer) Level {
	level := LevelMissing
	for k := range answers {
		a := &answers[k]
		if a.CanHappen() && a.Confirmed {
			return LevelStrong
		}
		if a.CanHappen() && a.Backing.Count > 0 {
			level = LevelWeak
		}
	}
	return level
}

// exposureLevel is the rule of the exposure factors (veto points, US
// dependency, holds in war) over the answers of the plan as drafted:
// strong when none is exposed, missing when all are (or there is none),
// weak between.
func exposureLevel(answers []Answer, exposed func(*Answer) bool) Level {
	n, bad := 0, 0
	for k := range answers {
		if a := &answers[k]; a.drafted {
			n++
			bad += b2i(exposed(a))
		}
	}
	switch {
	case n == 0 || bad == n:
		return LevelMissing
	case bad == 0:
		return LevelStrong
	}
	return LevelWeak
}

func vetoExposed(a *Answer) bool { return a.Vetoed() }
func usExposed(a *Answer) bool   { return a.NeedsUS }
func warExposed(a *Answer) bool  { return a.WarLost != "" }

func exerciseLevel(r *RedLine, evi *rlEvidence) Level {
	switch {
	case evi == nil || r.Indicator == "" || r.Threshold == nil || evi.Crossings == 0:
		return LevelMissing
	case evi.Idle > 0:
		return LevelWeak
	}
	return LevelStrong
}

// redLineWork is what scoring red lines in one world needs besides the
// world: the responses worked out so far, a stamp for counting each
// contribution once, and room for the answers, factors and sources of
// every red line.
type redLineWork struct {
	evals   []respEval
	stamp   []int32
	slab    []Answer
	factors []Factor
	sources []string
}

// newWork makes room for answers answers and, when words, the factors of
// redLines red lines.
func (s *scorer) newWork(answers, redLines int) *redLineWork {
	w := &redLineWork{evals: make([]respEval, len(s.p.Responses)), stamp: make([]int32, len(s.p.Contributions)),
		slab: make([]Answer, 0, answers)}
	if redLines > 0 {
		n := 0
		for _, id := range FactorIDs {
			n += len(factorSources[id])
		}
		w.factors = make([]Factor, 0, redLines*len(FactorIDs))
		w.sources = make([]string, 0, redLines*n)
	}
	return w
}

// judged is a red line weighed in one world: its answers, its grade and
// its factors' levels, in the order of FactorIDs (the exercise evidence
// once exercised says it).
type judged struct {
	answers []Answer
	grade   Grade
	levels  [8]Level
}

// at is where factor id is in FactorIDs.
func at(id FactorID) int {
	for k, f := range FactorIDs {
		if f == id {
			return k
		}
	}
	panic("planner: no factor " + string(id))
}

// judge weighs red line i in w: its answers, its grade, its factors'
// levels but the exercise evidence's, which needs the script (exercised).
// base, when not nil, are its answers in another world, of which it keeps
// what the plan says (the answer's link and response) and weighs the rest
// again; else it reads the plan.
func (s *scorer) judge(w *world, i int, work *redLineWork, base []Answer) judged {
	p := s.p
	from := len(work.slab)
	if base != nil {
		work.slab = append(work.slab, base...)
	} else {
		for _, li := range s.linksOf(i) {
			ri := s.ix.links[li].response
			if ri < 0 {
				continue
			}
			resp := &p.Responses[ri]
			work.slab = append(work.slab, Answer{Link: int(li), Response: resp.ID, Title: resp.Title,
				Trigger: p.Links[li].Trigger, Mechanism: resp.Mechanism, HoursToEffect: resp.HoursToEffect, resp: ri})
		}
	}
	j := judged{answers: work.slab[from:len(work.slab):len(work.slab)]}
	for k := range j.answers {
		a := &j.answers[k]
		e := &work.evals[a.resp]
		if !e.done {
			s.evalResponse(w, a.resp, e)
		}
		a.weigh(w, e)
	}
	j.grade = GradeOf(j.answers)
	a := j.answers
	j.levels = [...]Level{
		denialLevel(a), precommitmentLevel(a), speedLevel(a), exposureLevel(a, vetoExposed),
		backingLevel(a), exposureLevel(a, usExposed), exposureLevel(a, warExposed), "",
	}
	return j
}

// exercised says what the script (ev) did to red line i: nil when it was
// not played, and the level of the exercise evidence.
func (s *scorer) exercised(ev *scriptEvidence, i int) (*rlEvidence, Level) {
	var evi *rlEvidence
	if ev.playable() {
		evi = &ev.byRedLine[s.first[i]]
	}
	return evi, exerciseLevel(&s.p.RedLines[i], evi)
}

// weigh sets what the answer is worth in w, its response being worth e
// there.
func (a *Answer) weigh(w *world, e *respEval) {
	a.Lost, a.Fast, a.Backing, a.Confirmed = e.lost, a.HoursToEffect <= w.params.RapidHours, e.backing, e.confirmed
	a.HoldsInWar, a.WarLost = !e.otherLost && e.warLost == "", e.warLost
	a.NeedsEUUnanimity, a.NeedsNATOConsensus, a.NeedsUS = e.eu, e.nato, e.needsUS
	a.otherLost, a.usEnablers, a.drafted, a.usContribution = e.otherLost, e.usEnablers, e.drafted, e.usContribution
}

// scoreOne works out red line i's scorecard in w, in words (written to
// s.text), but for the exercise evidence (scoreExercise).
func (s *scorer) scoreOne(w *world, i int, work *redLineWork, rs *RedLineScore) judged {
	r := &s.p.RedLines[i]
	j := s.judge(w, i, work, nil)
	*rs = RedLineScore{RedLine: r.ID, Title: r.Title, Grade: j.grade, Answers: j.answers}
	from := len(work.factors)
	for k, id := range FactorIDs {
		src := len(work.sources)
		work.sources = append(work.sources, factorSources[id]...)
		work.factors = append(work.factors, Factor{Factor: id, Level: j.levels[k],
			Sources: work.sources[src:len(work.sources):len(work.sources)]})
	}
	rs.Factors = work.factors[from:len(work.factors):len(work.factors)]
	rs.Backing = s.backing(w, rs.Answers, work.stamp, int32(i)+1)
	s.why(w, rs.Answers, rs.Grade, &rs.Why)
	s.explain(w, i, rs)
	return j
}

// scoreExercise sets what the script (ev) did to red line i in its
// scorecard rs, in words.
func (s *scorer) scoreExercise(ev *scriptEvidence, i int, rs *RedLineScore) {
	evi, level := s.exercised(ev, i)
	if evi != nil {
		rs.Exercise = evi.ExerciseEvidence
	}
	f := &rs.Factors[at(FactorExercise)]
	f.Level = level
	from := s.text.begin()
	s.exerciseWords(ev, &s.p.RedLines[i], evi)
	s.text.end(from, &f.Message)
}

// totalAnswers counts the answers of every red line.
func (s *scorer) totalAnswers() int {
	total := 0
	for i := range s.p.RedLines {
		total += len(s.linksOf(i))
	}
	return total
}

// score works out every red line's scorecard in w, in words, and the
// plan-wide sum: first what needs no script, then, once the plan as
// drafted is played (scripts), the exercise evidence.
func (s *scorer) score(w *world, scripts *scripts) ([]RedLineScore, PlanWide) {
	p := s.p
	answers := s.totalAnswers()
	work := s.newWork(answers, len(p.RedLines))
	out := make([]RedLineScore, len(p.RedLines))
	pw := PlanWide{RedLines: len(p.RedLines), Broken: len(s.orphans)}
	for _, uses := range s.brokenUses {
		pw.Broken += len(uses)
	}
	for i := range p.RedLines {
		if int32(i) == s.first[i] {
			for _, li := range s.linksOf(i) {
				pw.Broken += b2i(s.ix.links[li].response < 0)
			}
		}
	}
	s.text.grow(len(p.RedLines), answers)
	vetoSeen := make([]bool, len(p.Responses))
	for i := range p.RedLines {
		j := s.scoreOne(w, i, work, &out[i])
		pw.add(&j, vetoSeen)
	}
	ev := scripts.run(0)
	for i := range out {
		s.scoreExercise(ev, i, &out[i])
	}
	s.text.done()
	pw.Veto.Players = []string{}
	if pw.Veto.EUUnanimity > 0 {
		pw.Veto.Players = append(pw.Veto.Players, w.params.VetoPlayers...)
	}
	pw.Lines = s.planLines(w, &pw)
	pw.Stress = []PlanWideStress{}
	return out, pw
}

// stress weighs every red line under run's test and sets it beside the
// plan as drafted (base): each red line's Stress gets its result, and the
// plan-wide sum under the test is returned.
func (s *scorer) stress(run *stressRun, base []RedLineScore) PlanWideStress {
	n := len(s.p.RedLines)
	work := s.newWork(s.totalAnswers(), 0)
	levels := make([]Level, n*len(FactorIDs))
	changed := make([]FactorID, 0, n*len(FactorIDs))
	pw := PlanWide{}
	sum := PlanWideStress{Name: run.w.test.Name}
	vetoSeen := make([]bool, len(s.p.Responses))
	exercise := at(FactorExercise)
	for i := range base {
		b := &base[i]
		j := s.judge(run.w, i, work, b.Answers)
		_, j.levels[exercise] = s.exercised(run.ev, i)
		pw.add(&j, vetoSeen)
		r := StressResult{Name: run.w.test.Name, Grade: j.grade, Answers: j.answers, run: run, redLine: i}
		r.Levels = levels[i*len(FactorIDs) : (i+1)*len(FactorIDs) : (i+1)*len(FactorIDs)]
		copy(r.Levels, j.levels[:])
		from := len(changed)
		for k := range b.Factors {
			if b.Factors[k].Level != r.Levels[k] {
				changed = append(changed, b.Factors[k].Factor)
			}
		}
		r.Changed = changed[from:len(changed):len(changed)]
		if b.Grade != j.grade {
			sum.Changed++
		}
		b.Stress = append(b.Stress, r)
	}
	sum.Grades, sum.Coverage, sum.AnsweredInWar = pw.Grades, pw.Coverage, pw.AnsweredInWar
	return sum
}

// add counts a red line, weighed, in the plan-wide sum; vetoSeen marks the
// responses whose veto points are counted already.
func (pw *PlanWide) add(j *judged, vetoSeen []bool) {
	pw.Grades.add(j.grade)
	var denial, punishment, reassurance, keeps bool
	if j.levels[at(FactorHoldsInWar)] == LevelStrong {
		pw.HoldInWar++
	}
	for k := range j.answers {
		a := &j.answers[k]
		keeps = keeps || a.HoldsInWar
		if a.drafted && a.Vetoed() && !vetoSeen[a.resp] {
			vetoSeen[a.resp] = true
			if a.NeedsEUUnanimity {
				pw.Veto.EUUnanimity++
			}
			if a.NeedsNATOConsensus {
				pw.Veto.NATOConsensus++
			}
		}
		if !a.CanHappen() {
			continue
		}
		switch a.Mechanism {
		case MechanismDenial:
			denial = true
		case MechanismPunishment:
			punishment = true
		case MechanismReassurance:
			reassurance = true
		}
	}
	pw.Coverage.Denial += b2i(denial)
	pw.Coverage.Punishment += b2i(punishment)
	pw.Coverage.Reassurance += b2i(reassurance)
	pw.Coverage.PunishmentOnly += b2i(punishment && !denial && !reassurance)
	pw.AnsweredInWar += b2i(keeps)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// backing sums the contributions a red line's answers use, each once (stamp
// marks those already counted for this red line).
func (s *scorer) backing(w *world, answers []Answer, stamp []int32, mark int32) Backing {
	var b Backing
	for k := range answers {
		ri := answers[k].resp
		for _, ci := range s.uses[s.usesFrom[ri]:s.usesFrom[ri+1]] {
			if stamp[ci] == mark {
				continue
			}
			stamp[ci] = mark
			c := &s.p.Contributions[ci]
			switch why := w.fails(c); {
			case why == failDeclined:
				b.Declined.add(c)
			case why != countsOK:
				b.Failed.add(c)
			case c.Status == StatusConfirmed:
				b.Confirmed.add(c)
			case c.Status == StatusPledged:
				b.Pledged.add(c)
			case c.Status == StatusConditional:
				b.Conditional.add(c)
			}
		}
	}
	return b
}

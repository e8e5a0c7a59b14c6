package planner

import (
	"fmt"
	"math/rand/v2"
)

// GenSpec sizes a synthetic plan.
type GenSpec struct {
	RedLines      int
	Responses     int
	Contributions int
	Links         int
	Injects       int
	Seed          uint64
}

// LargePlan is the size of the plan the benchmarks measure: about 1,000 red
// lines, 2,000 responses, 5,000 contributions, 10,000 links and 10,000
// injects.
var LargePlan = GenSpec{RedLines: 1000, Responses: 2000, Contributions: 5000, Links: 10000, Injects: 10000, Seed: 1}

// Scaled multiplies every count of the spec by k.
func (s GenSpec) Scaled(k float64) GenSpec {
	m := func(n int) int { return int(float64(n)*k + 0.5) }
	return GenSpec{RedLines: m(s.RedLines), Responses: m(s.Responses), Contributions: m(s.Contributions),
		Links: m(s.Links), Injects: m(s.Injects), Seed: s.Seed}
}

// builtinActorCodes are the nations the generator draws from; all are in the
// built-in catalogue.
var genNations = []string{"UA", "US", "GB", "FR", "DE", "IT", "PL", "RO", "TR", "DK", "NL", "SE", "FI", "NO",
	"EE", "LV", "LT", "CA", "BE", "ES"}

// genIndicators are the built-in indicator keys, with a plausible range of
// readings for each.
var genIndicators = []struct {
	key string
	max float64
}{
	{"loc_ground_incursion", 5000}, {"border_force_buildup", 150000}, {"strikes_cities", 200},
	{"strikes_energy", 100}, {"nato_airspace_incursions", 30}, {"attacks_on_allied_forces", 20},
	{"ceasefire_violations", 500}, {"black_sea_shipping_attacks", 10}, {"critical_cyber_attacks", 40},
	{"nuclear_signalling", 5},
}

// Generate writes a synthetic plan of the given size. It is valid: it loads,
// every reference resolves and ids are unique, so it can be checked and
// exercised. The same spec always gives the same plan. Some entries cite
// sources (built-in or the plan's own) or state an assumption, and some
// injects have a brief and conditions on earlier red lines and responses.
func Generate(s GenSpec) *Plan {
	rng := rand.New(rand.NewPCG(s.Seed, 0x5eed))
	p := &Plan{
		Format:         PlanFormat,
		ID:             fmt.Sprintf("00000000-0000-4000-8000-%012d", s.Seed%1e12),
		Title:          fmt.Sprintf("Generated plan — %d red lines, %d responses, %d contributions", s.RedLines, s.Responses, s.Contributions),
		Classification: "UNCLASSIFIED // SYNTHETIC",
		Phase:          PhaseCeasefire,
		Profile:        DefaultProfile,
	}
	pick := func(n int) int { return rng.IntN(n) }
	// A large plan watches many things: beyond the ten built-in indicators it
	// declares its own, about one per ten red lines, so that each indicator
	// carries a handful of red lines whatever the plan's size.
	type watched struct {
		key string
		max float64
	}
	indicators := make([]watched, 0, len(genIndicators))
	for _, ind := range genIndicators {
		indicators = append(indicators, watched{ind.key, ind.max})
	}
	for i := len(indicators); i < s.RedLines/10; i++ {
		key := fmt.Sprintf("gen_indicator_%04d", i)
		p.Indicators = append(p.Indicators, Indicator{Key: key, Name: fmt.Sprintf("Synthetic indicator %d", i+1), Unit: "events/24h"})
		indicators = append(indicators, watched{key, float64(10 * (1 + pick(100)))})
	}
	for i := 0; i < s.Contributions; i++ {
		c := Contribution{
			ID:         fmt.Sprintf("c-%05d", i),
			Nation:     genNations[pick(len(genNations))],
			Capability: Capabilities[pick(len(Capabilities))],
			Location:   Locations[pick(len(Locations))],
			Activation: Activations[pick(len(Activations))],
			Status:     Statuses[pick(len(Statuses))],
		}
		if c.Capability == CapFunding {
			c.AmountEURm = float64(10 * (1 + pick(500)))
		} else {
			c.Personnel = 10 * pick(200)
		}
		if pick(3) > 0 {
			m := 6 * (1 + pick(8))
			c.Months = &m
		}
		p.Contributions = append(p.Contributions, c)
	}
	for i := 0; i < s.RedLines; i++ {
		ind := indicators[i%len(indicators)]
		r := RedLine{
			ID:       fmt.Sprintf("rl-%05d", i),
			Title:    fmt.Sprintf("Red line %d on %s", i+1, ind.key),
			Domain:   Domains[pick(len(Domains))],
			Severity: 1 + pick(5),
		}
		if pick(20) > 0 { // a few drafts without a threshold
			r.Indicator = ind.key
			r.Threshold = &Threshold{Op: []Op{OpGE, OpGT, OpGE, OpGE, OpEQ}[pick(5)], Value: float64(1 + pick(int(ind.max)))}
		}
		p.RedLines = append(p.RedLines, r)
	}
	for i := 0; i < s.Responses; i++ {
		r := Response{
			ID:            fmt.Sprintf("resp-%05d", i),
			Title:         fmt.Sprintf("Response %d", i+1),
			Kind:          ResponseKinds[pick(len(ResponseKinds))],
			Mechanism:     Mechanisms[pick(len(Mechanisms))],
			Lead:          genNations[1+pick(len(genNations)-1)],
			HoursToEffect: float64(pick(240)),
		}
		for j := pick(3); j > 0; j-- {
			r.Participants = append(r.Participants, genNations[1+pick(len(genNations)-1)])
		}
		if pick(3) == 0 {
			r.Requires = append(r.Requires, Preconditions[pick(len(Preconditions))])
		}
		for j := pick(3); j > 0; j-- {
			r.Capabilities = append(r.Capabilities, Capabilities[pick(len(Capabilities))])
		}
		if s.Contributions > 0 {
			for j := pick(4); j > 0; j-- {
				r.Uses = append(r.Uses, p.Contributions[pick(s.Contributions)].ID)
			}
		}
		p.Responses = append(p.Responses, r)
	}
	if s.RedLines > 0 && s.Responses > 0 {
		links := min(s.Links, s.RedLines*s.Responses)
		seen := make(map[[2]int]bool, links)
		for len(p.Links) < links {
			// Every red line gets links first, then random cells.
			rl := len(p.Links)
			if rl >= s.RedLines {
				rl = pick(s.RedLines)
			}
			cell := [2]int{rl, pick(s.Responses)}
			if seen[cell] {
				continue
			}
			seen[cell] = true
			p.Links = append(p.Links, Link{RedLine: p.RedLines[cell[0]].ID, Response: p.Responses[cell[1]].ID,
				Trigger: Triggers[pick(len(Triggers))]})
		}
	}
	for i, k := range TermKinds {
		t := Term{ID: fmt.Sprintf("term-%02d", i), Kind: k, Stance: Stances[pick(len(Stances))]}
		p.Terms = append(p.Terms, t)
	}
	at := 0.0
	for i := 0; i < s.Injects; i++ {
		in := Inject{ID: fmt.Sprintf("inj-%05d", i), AtHours: at, Title: fmt.Sprintf("Inject %d", i+1)}
		for j := 1 + pick(3); j > 0; j-- {
			ind := indicators[pick(len(indicators))]
			in.Observations = append(in.Observations, Observation{Indicator: ind.key, Value: float64(pick(int(ind.max) + 1))})
		}
		switch pick(50) {
		case 0:
			in.Phase = PhaseWar
		case 1:
			in.Phase = PhaseCeasefire
		}
		p.Injects = append(p.Injects, in)
		if pick(4) > 0 {
			at += float64(1 + pick(6))
		}
	}
	addProvenance(p, s.Seed)
	return p
}

// addProvenance gives some of the plan's entries sources and assumptions,
// and some injects a brief and conditions. It draws from a random source of
// its own, so that the rest of the plan is what it was before plans had
// provenance.
func addProvenance(p *Plan, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x50c5))
	pick := func(n int) int { return rng.IntN(n) }
	cite := []string{Src000, Src001, Src002, Src003, Src004}
	for i := pick(4); i > 0; i-- {
		n := len(p.Sources) + 1
		src := Source{ID: fmt.Sprintf("src-%02d", n), Title: fmt.Sprintf("Synthetic source %d", n)}
		if pick(2) == 0 {
			src.Publisher = "Synthetic Institute"
			src.Date = fmt.Sprintf("2025-%02d", 1+pick(12))
			src.URL = fmt.Sprintf("https://example.org/sources/%d", n)
		}
		p.Sources = append(p.Sources, src)
		cite = append(cite, src.ID)
	}
	prov := func(what string, i int) Provenance {
		var pr Provenance
		if pick(4) == 0 {
			first := pick(len(cite))
			pr.Sources = []string{cite[first]}
			if second := pick(len(cite)); pick(3) == 0 && second != first {
				pr.Sources = append(pr.Sources, cite[second])
			}
		}
		if pick(6) == 0 {
			pr.Assumption = fmt.Sprintf("Synthetic assumption about %s %d.", what, i+1)
		}
		return pr
	}
	for i := range p.RedLines {
		p.RedLines[i].Provenance = prov("red line", i)
	}
	for i := range p.Responses {
		p.Responses[i].Provenance = prov("response", i)
	}
	for i := range p.Contributions {
		p.Contributions[i].Provenance = prov("contribution", i)
	}
	for i := range p.Links {
		p.Links[i].Provenance = prov("link", i)
	}
	for i := range p.Terms {
		p.Terms[i].Provenance = prov("term", i)
	}
	for i := range p.Injects {
		in := &p.Injects[i]
		in.Provenance = prov("inject", i)
		if pick(5) == 0 {
			in.Brief = fmt.Sprintf("Synthetic brief for inject %d:\nthe coalition cell reports what was observed.", i+1)
		}
		if i == 0 || pick(8) != 0 || len(p.RedLines)+len(p.Responses) == 0 {
			continue
		}
		for j := 1 + pick(2); j > 0; j-- {
			var c Condition
			if k := pick(len(p.RedLines) + len(p.Responses)); k < len(p.RedLines) {
				c.RedLine = p.RedLines[k].ID
			} else {
				c.Response = p.Responses[k-len(p.RedLines)].ID
				c.Outcome = ConditionOutcomes[pick(len(ConditionOutcomes))]
			}
			c.Not = pick(3) == 0
			in.When = append(in.When, c)
		}
	}
}

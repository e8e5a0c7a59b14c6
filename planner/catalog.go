package planner

// Catalog is the reference vocabulary plans refer to: the actors and the
// indicators that exist without being declared in a plan. The built-in one
// lives in the seeds package; a plan adds its own on top (Plan.Actors,
// Plan.Indicators).
type Catalog struct {
	Actors     []Actor
	Indicators []Indicator

	actors     map[string]int
	indicators map[string]int
}

// NewCatalog indexes actors and indicators. Later entries with the same code
// or key replace earlier ones.
func NewCatalog(actors []Actor, indicators []Indicator) *Catalog {
	c := &Catalog{
		actors:     make(map[string]int, len(actors)),
		indicators: make(map[string]int, len(indicators)),
	}
	for _, a := range actors {
		if i, ok := c.actors[a.Code]; ok {
			c.Actors[i] = a
			continue
		}
		c.actors[a.Code] = len(c.Actors)
		c.Actors = append(c.Actors, a)
	}
	for _, ind := range indicators {
		if i, ok := c.indicators[ind.Key]; ok {
			c.Indicators[i] = ind
			continue
		}
		c.indicators[ind.Key] = len(c.Indicators)
		c.Indicators = append(c.Indicators, ind)
	}
	return c
}

// ForPlan returns the catalogue a plan sees: this one plus the plan's own
// actors and indicators, which win on a clash.
func (c *Catalog) ForPlan(p *Plan) *Catalog {
	if c == nil {
		return NewCatalog(p.Actors, p.Indicators)
	}
	if len(p.Actors) == 0 && len(p.Indicators) == 0 {
		return c
	}
	actors := append(append(make([]Actor, 0, len(c.Actors)+len(p.Actors)), c.Actors...), p.Actors...)
	indicators := append(append(make([]Indicator, 0, len(c.Indicators)+len(p.Indicators)), c.Indicators...), p.Indicators...)
	return NewCatalog(actors, indicators)
}

// Actor looks an actor up by code.
func (c *Catalog) Actor(code string) (Actor, bool) {
	if c == nil {
		return Actor{}, false
	}
	i, ok := c.actors[code]
	if !ok {
		return Actor{}, false
	}
	return c.Actors[i], true
}

// Indicator looks an indicator up by key.
func (c *Catalog) Indicator(key string) (Indicator, bool) {
	if c == nil {
		return Indicator{}, false
	}
	i, ok := c.indicators[key]
	if !ok {
		return Indicator{}, false
	}
	return c.Indicators[i], true
}

// ActorName is the actor's name, or its code when it is unknown.
func (c *Catalog) ActorName(code string) string {
	if a, ok := c.Actor(code); ok && a.Name != "" {
		return a.Name
	}
	return code
}

package storage

import (
	"context"
	"database/sql"
	"fmt"

	"redline/planner"
)

// The queries that read a plan's tables, in position order.
const (
	qActors        = "SELECT code, name, kind FROM plan_actors WHERE plan = ? ORDER BY position"
	qIndicators    = "SELECT key, name, unit FROM plan_indicators WHERE plan = ? ORDER BY position"
	qLinks         = "SELECT red_line, response, trigger, assumption FROM links WHERE plan = ? ORDER BY position"
	qTerms         = "SELECT id, kind, stance, value, notes, assumption FROM terms WHERE plan = ? ORDER BY position"
	qParticipants  = "SELECT response, actor FROM response_participants WHERE plan = ? ORDER BY response, position"
	qRequirements  = "SELECT response, precondition FROM response_requirements WHERE plan = ? ORDER BY response, position"
	qCapabilities  = "SELECT response, capability FROM response_capabilities WHERE plan = ? ORDER BY response, position"
	qUses          = "SELECT response, contribution FROM response_uses WHERE plan = ? ORDER BY response, position"
	qInjects       = "SELECT id, at_hours, title, phase, brief, assumption FROM injects WHERE plan = ? ORDER BY position"
	qObservations  = "SELECT inject, indicator, value FROM observations WHERE plan = ? ORDER BY inject, position"
	qRedLines      = "SELECT id, title, domain, indicator, threshold_op, threshold_value, severity, notes, assumption FROM red_lines WHERE plan = ? ORDER BY position"
	qResponses     = "SELECT id, title, kind, mechanism, lead, hours_to_effect, assumption FROM responses WHERE plan = ? ORDER BY position"
	qContributions = "SELECT id, nation, capability, personnel, amount_eur_m, location, activation, status, months, assumption FROM contributions WHERE plan = ? ORDER BY position"

	qRedLineSources      = "SELECT red_line, source FROM red_line_sources WHERE plan = ? ORDER BY red_line, position"
	qResponseSources     = "SELECT response, source FROM response_sources WHERE plan = ? ORDER BY response, position"
	qContributionSources = "SELECT contribution, source FROM contribution_sources WHERE plan = ? ORDER BY contribution, position"
	qLinkSources         = "SELECT link, source FROM link_sources WHERE plan = ? ORDER BY link, position"
	qTermSources         = "SELECT term, source FROM term_sources WHERE plan = ? ORDER BY term, position"
	qInjectSources       = "SELECT inject, source FROM inject_sources WHERE plan = ? ORDER BY inject, position"
	qConditions          = "SELECT inject, red_line, response, outcome, negated FROM inject_conditions WHERE plan = ? ORDER BY inject, position"
	qPlanSources         = "SELECT id, title, publisher, date, url FROM plan_sources WHERE plan = ? ORDER BY position"
)

// qPlan reads a plan's row.
const qPlan = `SELECT pk, format, title, classification, phase, profile, revision,
	red_lines, responses, contributions, links, injects FROM plans WHERE id = ?`

// planQueries are the queries readPlan runs, prepared on the writer when the
// store opens (SavePlan reads the previous revision for its summary).
var planQueries = []string{qPlan, qActors, qIndicators, qRedLines, qResponses, qParticipants, qRequirements, qCapabilities,
	qUses, qContributions, qLinks, qTerms, qInjects, qObservations,
	qRedLineSources, qResponseSources, qContributionSources, qLinkSources, qTermSources, qInjectSources, qConditions, qPlanSources}

// planReader reads a plan's tables within one transaction.
type planReader struct {
	s     *Store
	ctx   context.Context
	tx    *txn
	write bool
}

func (r *planReader) stmt(query string) (stmt, error) {
	if r.write {
		return r.s.stmt(r.ctx, r.tx, query)
	}
	return r.s.readStmt(r.ctx, r.tx, query)
}

func (r *planReader) queryRow(query string, args ...any) *sql.Row {
	st, err := r.stmt(query)
	if err != nil {
		return r.tx.QueryRowContext(r.ctx, query, args...) // reports the same error
	}
	return st.QueryRowContext(r.ctx, args...)
}

// each runs query for plan pk and calls scan for every row, in position
// order.
func (r *planReader) each(query string, pk int64, scan func(rows *sql.Rows) error) error {
	st, err := r.stmt(query)
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(r.ctx, pk)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// children fills p's lists from the child tables.
func (r *planReader) children(p *planner.Plan, h *planHeader) error {
	pk := h.pk
	var s1, s2, s3 string
	err := r.each(qActors, pk, func(rows *sql.Rows) error {
		if err := rows.Scan(&s1, &s2, &s3); err != nil {
			return err
		}
		p.Actors = append(p.Actors, planner.Actor{Code: s1, Name: s2, Kind: planner.ActorKind(s3)})
		return nil
	})
	if err != nil {
		return err
	}
	err = r.each(qIndicators, pk, func(rows *sql.Rows) error {
		if err := rows.Scan(&s1, &s2, &s3); err != nil {
			return err
		}
		p.Indicators = append(p.Indicators, planner.Indicator{Key: s1, Name: s2, Unit: s3})
		return nil
	})
	if err != nil {
		return err
	}
	if err := r.redLines(p, h); err != nil {
		return err
	}
	if err := r.responses(p, h); err != nil {
		return err
	}
	if err := r.contributions(p, h); err != nil {
		return err
	}
	if h.links > 0 {
		p.Links = make([]planner.Link, 0, h.links)
	}
	var assumption sql.NullString
	err = r.each(qLinks, pk, func(rows *sql.Rows) error {
		if err := rows.Scan(&s1, &s2, &s3, &assumption); err != nil {
			return err
		}
		p.Links = append(p.Links, planner.Link{RedLine: s1, Response: s2, Trigger: planner.Trigger(s3),
			Provenance: planner.Provenance{Assumption: assumption.String}})
		return nil
	})
	if err != nil {
		return err
	}
	err = r.each(qTerms, pk, func(rows *sql.Rows) error {
		var t planner.Term
		var value sql.NullFloat64
		var notes sql.NullString
		if err := rows.Scan(&t.ID, &s1, &s2, &value, &notes, &assumption); err != nil {
			return err
		}
		t.Kind, t.Stance, t.Notes, t.Assumption = planner.TermKind(s1), planner.Stance(s2), notes.String, assumption.String
		if value.Valid {
			t.Value = &value.Float64
		}
		p.Terms = append(p.Terms, t)
		return nil
	})
	if err != nil {
		return err
	}
	if err := r.injects(p, h); err != nil {
		return err
	}
	return r.provenance(p, h)
}

// provenance reads the sources each entry cites and the plan's own
// sources (schema v3).
func (r *planReader) provenance(p *planner.Plan, h *planHeader) error {
	for _, l := range []struct {
		query string
		n     int
		set   func(i int, l []string)
	}{
		{qRedLineSources, len(p.RedLines), func(i int, l []string) { p.RedLines[i].Sources = l }},
		{qResponseSources, len(p.Responses), func(i int, l []string) { p.Responses[i].Sources = l }},
		{qContributionSources, len(p.Contributions), func(i int, l []string) { p.Contributions[i].Sources = l }},
		{qLinkSources, len(p.Links), func(i int, l []string) { p.Links[i].Sources = l }},
		{qTermSources, len(p.Terms), func(i int, l []string) { p.Terms[i].Sources = l }},
		{qInjectSources, len(p.Injects), func(i int, l []string) { p.Injects[i].Sources = l }},
	} {
		if err := subLists(r, l.query, h.pk, l.n, l.set); err != nil {
			return err
		}
	}
	var all []planner.Condition
	var owner []int32
	var o int32
	var redLine, response, outcome sql.NullString
	var negated int64
	err := r.each(qConditions, h.pk, func(rows *sql.Rows) error {
		if err := rows.Scan(&o, &redLine, &response, &outcome, &negated); err != nil {
			return err
		}
		if o < 0 || int(o) >= len(p.Injects) {
			return fmt.Errorf("storage: condition of missing inject %d", o)
		}
		all = append(all, planner.Condition{RedLine: redLine.String, Response: response.String,
			Outcome: planner.ConditionOutcome(outcome.String), Not: negated != 0})
		owner = append(owner, o)
		return nil
	})
	if err != nil {
		return err
	}
	groupByOwner(all, owner, func(i int, items []planner.Condition) { p.Injects[i].When = items })
	var publisher, date, url sql.NullString
	return r.each(qPlanSources, h.pk, func(rows *sql.Rows) error {
		var src planner.Source
		if err := rows.Scan(&src.ID, &src.Title, &publisher, &date, &url); err != nil {
			return err
		}
		src.Publisher, src.Date, src.URL = publisher.String, date.String, url.String
		p.Sources = append(p.Sources, src)
		return nil
	})
}

func (r *planReader) redLines(p *planner.Plan, h *planHeader) error {
	if h.redLines > 0 {
		p.RedLines = make([]planner.RedLine, 0, h.redLines)
	}
	var domain string
	var indicator, op, notes, assumption sql.NullString
	var value sql.NullFloat64
	return r.each(qRedLines, h.pk, func(rows *sql.Rows) error {
		p.RedLines = append(p.RedLines, planner.RedLine{})
		rl := &p.RedLines[len(p.RedLines)-1]
		if err := rows.Scan(&rl.ID, &rl.Title, &domain, &indicator, &op, &value, &rl.Severity, &notes, &assumption); err != nil {
			return err
		}
		rl.Domain, rl.Indicator, rl.Notes, rl.Assumption = planner.Domain(domain), indicator.String, notes.String, assumption.String
		if op.Valid {
			rl.Threshold = &planner.Threshold{Op: planner.Op(op.String), Value: value.Float64}
		}
		return nil
	})
}

func (r *planReader) responses(p *planner.Plan, h *planHeader) error {
	if h.responses > 0 {
		p.Responses = make([]planner.Response, 0, h.responses)
	}
	var kind, mechanism string
	var assumption sql.NullString
	err := r.each(qResponses,
		h.pk, func(rows *sql.Rows) error {
			p.Responses = append(p.Responses, planner.Response{})
			rp := &p.Responses[len(p.Responses)-1]
			if err := rows.Scan(&rp.ID, &rp.Title, &kind, &mechanism, &rp.Lead, &rp.HoursToEffect, &assumption); err != nil {
				return err
			}
			rp.Kind, rp.Mechanism, rp.Assumption = planner.ResponseKind(kind), planner.Mechanism(mechanism), assumption.String
			return nil
		})
	if err != nil {
		return err
	}
	n := len(p.Responses)
	// Each list is read whole into one backing array and then cut per
	// response: one allocation per list, not one per response.
	if err := subLists(r, qParticipants,
		h.pk, n, func(i int, l []string) { p.Responses[i].Participants = l }); err != nil {
		return err
	}
	if err := subLists(r, qRequirements,
		h.pk, n, func(i int, l []planner.Precondition) { p.Responses[i].Requires = l }); err != nil {
		return err
	}
	if err := subLists(r, qCapabilities,
		h.pk, n, func(i int, l []planner.Capability) { p.Responses[i].Capabilities = l }); err != nil {
		return err
	}
	return subLists(r, qUses,
		h.pk, n, func(i int, l []string) { p.Responses[i].Uses = l })
}

// subLists reads (owner, value) rows ordered by owner and hands each owner
// its list, a full slice of one shared array.
func subLists[T ~string](r *planReader, query string, pk int64, owners int, set func(i int, l []T)) error {
	var all []T
	var owner []int32
	var o int32
	var v string
	err := r.each(query, pk, func(rows *sql.Rows) error {
		if err := rows.Scan(&o, &v); err != nil {
			return err
		}
		if o < 0 || int(o) >= owners {
			return fmt.Errorf("storage: list row for missing owner %d", o)
		}
		all = append(all, T(v))
		owner = append(owner, o)
		return nil
	})
	if err != nil {
		return err
	}
	groupByOwner(all, owner, set)
	return nil
}

// groupByOwner hands set each run of items that belong to one owner (the
// rows come sorted by owner), as a slice capped at its end so that
// appending to one owner's list never writes into the next one's.
func groupByOwner[T any](all []T, owner []int32, set func(owner int, items []T)) {
	for start := 0; start < len(all); {
		end := start + 1
		for end < len(all) && owner[end] == owner[start] {
			end++
		}
		set(int(owner[start]), all[start:end:end])
		start = end
	}
}

func (r *planReader) contributions(p *planner.Plan, h *planHeader) error {
	if h.contributions > 0 {
		p.Contributions = make([]planner.Contribution, 0, h.contributions)
	}
	var capability, location, activation, status string
	var months sql.NullInt64
	var assumption sql.NullString
	// The months of all contributions share one array.
	monthsAll := make([]int, 0, h.contributions)
	return r.each(qContributions, h.pk, func(rows *sql.Rows) error {
		p.Contributions = append(p.Contributions, planner.Contribution{})
		c := &p.Contributions[len(p.Contributions)-1]
		if err := rows.Scan(&c.ID, &c.Nation, &capability, &c.Personnel, &c.AmountEURm, &location, &activation, &status, &months, &assumption); err != nil {
			return err
		}
		c.Assumption = assumption.String
		c.Capability, c.Location = planner.Capability(capability), planner.Location(location)
		c.Activation, c.Status = planner.Activation(activation), planner.Status(status)
		if months.Valid {
			if len(monthsAll) == cap(monthsAll) { // more rows than the header said
				monthsAll = make([]int, 0, 16)
			}
			monthsAll = append(monthsAll, int(months.Int64))
			c.Months = &monthsAll[len(monthsAll)-1]
		}
		return nil
	})
}

func (r *planReader) injects(p *planner.Plan, h *planHeader) error {
	if h.injs > 0 {
		p.Injects = make([]planner.Inject, 0, h.injs)
	}
	var phase, brief, assumption sql.NullString
	err := r.each(qInjects, h.pk, func(rows *sql.Rows) error {
		p.Injects = append(p.Injects, planner.Inject{})
		in := &p.Injects[len(p.Injects)-1]
		if err := rows.Scan(&in.ID, &in.AtHours, &in.Title, &phase, &brief, &assumption); err != nil {
			return err
		}
		in.Phase, in.Brief, in.Assumption = planner.Phase(phase.String), brief.String, assumption.String
		return nil
	})
	if err != nil {
		return err
	}
	var all []planner.Observation
	var owner []int32
	var o int32
	var ob planner.Observation
	err = r.each(qObservations, h.pk, func(rows *sql.Rows) error {
		if err := rows.Scan(&o, &ob.Indicator, &ob.Value); err != nil {
			return err
		}
		if o < 0 || int(o) >= len(p.Injects) {
			return fmt.Errorf("storage: observation of missing inject %d", o)
		}
		all = append(all, ob)
		owner = append(owner, o)
		return nil
	})
	if err != nil {
		return err
	}
	groupByOwner(all, owner, func(i int, items []planner.Observation) { p.Injects[i].Observations = items })
	return nil
}

package planner

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// writer appends the canonical JSON form straight into one buffer. Its
// output is byte-for-byte what encoding/json's indented encoder writes for
// the Plan struct with HTML escaping off (a test holds it to that); writing
// it by hand avoids encoding/json's second, indenting pass and its
// reflection, which dominate on large plans.
type writer struct {
	b     []byte
	depth int
	first []bool // per open container: nothing written in it yet
}

func (w *writer) newline() {
	w.b = append(w.b, '\n')
	for i := 0; i < w.depth; i++ {
		w.b = append(w.b, ' ', ' ')
	}
}

func (w *writer) open(c byte) {
	w.b = append(w.b, c)
	w.depth++
	w.first = append(w.first, true)
}

func (w *writer) close(c byte) {
	empty := w.first[len(w.first)-1]
	w.first = w.first[:len(w.first)-1]
	w.depth--
	if !empty {
		w.newline()
	}
	w.b = append(w.b, c)
}

// item starts the next element of the open container.
func (w *writer) item() {
	if w.first[len(w.first)-1] {
		w.first[len(w.first)-1] = false
	} else {
		w.b = append(w.b, ',')
	}
	w.newline()
}

func (w *writer) key(k string) {
	w.item()
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':', ' ')
}

func (w *writer) str(k, v string) {
	w.key(k)
	w.b = appendString(w.b, v)
}

func (w *writer) optStr(k, v string) {
	if v != "" {
		w.str(k, v)
	}
}

func (w *writer) num(k string, f float64) {
	w.key(k)
	w.b = appendFloat(w.b, f)
}

func (w *writer) int(k string, n int) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, int64(n), 10)
}

func strList[T ~string](w *writer, k string, vs []T) {
	if len(vs) == 0 {
		return
	}
	w.key(k)
	w.open('[')
	for _, v := range vs {
		w.item()
		w.b = appendString(w.b, string(v))
	}
	w.close(']')
}

// provenance writes an entry's sources and assumption, its last keys.
func (w *writer) provenance(p *Provenance) {
	strList(w, "sources", p.Sources)
	w.optStr("assumption", p.Assumption)
}

// list writes a non-empty list of objects under key k.
func list[T any](w *writer, k string, items []T, each func(*writer, *T)) {
	if len(items) == 0 {
		return
	}
	w.key(k)
	w.open('[')
	for i := range items {
		w.item()
		w.open('{')
		each(w, &items[i])
		w.close('}')
	}
	w.close(']')
}

func writePlan(p *Plan) []byte {
	w := &writer{b: make([]byte, 0, estimateSize(p)), first: make([]bool, 0, 8)}
	w.open('{')
	w.str("format", p.Format)
	w.optStr("id", p.ID)
	w.str("title", p.Title)
	w.str("classification", p.Classification)
	w.str("phase", string(p.Phase))
	w.str("profile", p.Profile)
	list(w, "actors", p.Actors, func(w *writer, a *Actor) {
		w.str("code", a.Code)
		w.str("name", a.Name)
		w.str("kind", string(a.Kind))
	})
	list(w, "indicators", p.Indicators, func(w *writer, ind *Indicator) {
		w.str("key", ind.Key)
		w.str("name", ind.Name)
		w.str("unit", ind.Unit)
	})
	list(w, "red_lines", p.RedLines, func(w *writer, r *RedLine) {
		w.str("id", r.ID)
		w.str("title", r.Title)
		w.str("domain", string(r.Domain))
		w.optStr("indicator", r.Indicator)
		if r.Threshold != nil {
			w.key("threshold")
			w.open('{')
			w.str("op", string(r.Threshold.Op))
			w.num("value", r.Threshold.Value)
			w.close('}')
		}
		w.int("severity", r.Severity)
		w.optStr("notes", r.Notes)
		w.provenance(&r.Provenance)
	})
	list(w, "responses", p.Responses, func(w *writer, r *Response) {
		w.str("id", r.ID)
		w.str("title", r.Title)
		w.str("kind", string(r.Kind))
		w.str("mechanism", string(r.Mechanism))
		w.str("lead", r.Lead)
		strList(w, "participants", r.Participants)
		w.num("hours_to_effect", r.HoursToEffect)
		strList(w, "requires", r.Requires)
		strList(w, "capabilities", r.Capabilities)
		strList(w, "uses", r.Uses)
		w.provenance(&r.Provenance)
	})
	list(w, "contributions", p.Contributions, func(w *writer, c *Contribution) {
		w.str("id", c.ID)
		w.str("nation", c.Nation)
		w.str("capability", string(c.Capability))
		if c.Personnel != 0 {
			w.int("personnel", c.Personnel)
		}
		if c.AmountEURm != 0 {
			w.num("amount_eur_m", c.AmountEURm)
		}
		w.str("location", string(c.Location))
		w.str("activation", string(c.Activation))
		w.str("status", string(c.Status))
		if c.Months != nil {
			w.int("months", *c.Months)
		}
		w.provenance(&c.Provenance)
	})
	list(w, "links", p.Links, func(w *writer, l *Link) {
		w.str("red_line", l.RedLine)
		w.str("response", l.Response)
		w.str("trigger", string(l.Trigger))
		w.provenance(&l.Provenance)
	})
	list(w, "terms", p.Terms, func(w *writer, t *Term) {
		w.str("id", t.ID)
		w.str("kind", string(t.Kind))
		w.str("stance", string(t.Stance))
		if t.Value != nil {
			w.num("value", *t.Value)
		}
		w.optStr("notes", t.Notes)
		w.provenance(&t.Provenance)
	})
	list(w, "injects", p.Injects, func(w *writer, in *Inject) {
		w.str("id", in.ID)
		w.num("at_hours", in.AtHours)
		w.str("title", in.Title)
		list(w, "observations", in.Observations, func(w *writer, o *Observation) {
			w.str("indicator", o.Indicator)
			w.num("value", o.Value)
		})
		w.optStr("phase", string(in.Phase))
		w.optStr("brief", in.Brief)
		list(w, "when", in.When, func(w *writer, c *Condition) {
			w.optStr("red_line", c.RedLine)
			w.optStr("response", c.Response)
			w.optStr("outcome", string(c.Outcome))
			if c.Not {
				w.key("not")
				w.b = append(w.b, "true"...)
			}
		})
		w.provenance(&in.Provenance)
	})
	list(w, "sources", p.Sources, func(w *writer, s *Source) {
		w.str("id", s.ID)
		w.str("title", s.Title)
		w.optStr("publisher", s.Publisher)
		w.optStr("date", s.Date)
		w.optStr("url", s.URL)
	})
	w.close('}')
	w.b = append(w.b, '\n')
	return w.b
}

// appendFloat formats a number as encoding/json does: the shortest
// representation, in exponent form only for very small or large magnitudes.
func appendFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendString quotes s as encoding/json does with HTML escaping off.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

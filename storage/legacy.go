package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"

	"redline/planner"
)

// decodeStored decodes the canonical document of a stored revision.
//
// Revisions stored before SavePlan held plans to the loader may carry a
// control character in a one-line field — a tab or an ESC pasted into a
// title — which planner.DecodePlan now refuses. They were saved, and a
// saved revision must load: such a document is read leniently, with each
// of those fields exactly as it was stored, control characters and all.
// Nothing is escaped or removed, so the revision is what was saved; the
// places that print plan text escape it (redlinectl's termText), and the
// next save of the plan is refused, naming the field, until it is fixed.
// Any other problem — or a control character where the loader never took
// one — is reported as the loader reports it.
func decodeStored(doc []byte) (*planner.Plan, error) {
	p, err := planner.DecodePlan(doc)
	var fe *planner.FormatError
	if err == nil || !errors.As(err, &fe) {
		return p, err
	}
	if p, ok := decodeLegacy(doc, fe); ok {
		return p, nil
	}
	return nil, err
}

// decodeLegacy decodes doc, whose only problems are control characters in
// one-line fields: each such field stands in for the loader with its
// control characters replaced by U+FFFD (so that its length, which the
// loader also bounds, is the same), and gets its stored text back once the
// plan is decoded. ok is false when doc has any other problem.
func decodeLegacy(doc []byte, fe *planner.FormatError) (p *planner.Plan, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var root any
	if dec.Decode(&root) != nil {
		return nil, false
	}
	type text struct{ stored, standIn string }
	texts := map[string]text{} // by JSON path
	for {
		for _, pr := range fe.Problems {
			s, isText := jsonAt(root, pr.Path).(string)
			if _, seen := texts[pr.Path]; seen || !isText || planner.LineProblem(s) != pr.Message {
				return nil, false
			}
			t := text{stored: s, standIn: strings.Map(func(r rune) rune {
				if planner.IsControl(r) {
					return '\uFFFD'
				}
				return r
			}, s)}
			texts[pr.Path] = t
			setJSONAt(root, pr.Path, t.standIn)
		}
		data, err := json.Marshal(root)
		if err != nil {
			return nil, false
		}
		p, err = planner.DecodePlan(data)
		if err == nil {
			break
		}
		// More than a load reports at once: the next ones.
		if !errors.As(err, &fe) {
			return nil, false
		}
	}
	for path, t := range texts {
		if !setPlanText(p, path, t.standIn, t.stored) {
			return nil, false
		}
	}
	return p, true
}

// pathStep is one step of a JSON path as the loader writes it
// (red_lines[3].title): a key, or an index when key is "".
type pathStep struct {
	key   string
	index int
}

// parsePath splits a loader's JSON path into steps; ok is false for a path
// it cannot read.
func parsePath(path string) (steps []pathStep, ok bool) {
	if path == "" {
		return nil, false
	}
	for _, part := range strings.Split(path, ".") {
		key, rest, _ := strings.Cut(part, "[")
		if key == "" {
			return nil, false
		}
		steps = append(steps, pathStep{key: key})
		for rest != "" {
			n, after, found := strings.Cut(rest, "]")
			i, err := strconv.Atoi(n)
			if !found || err != nil || i < 0 {
				return nil, false
			}
			steps = append(steps, pathStep{index: i})
			if after == "" {
				break
			}
			if after[0] != '[' {
				return nil, false
			}
			rest = after[1:]
		}
	}
	return steps, true
}

// jsonAt is the value at path in a document decoded into generic values,
// nil when there is none.
func jsonAt(root any, path string) any {
	steps, ok := parsePath(path)
	if !ok {
		return nil
	}
	v := root
	for _, st := range steps {
		switch x := v.(type) {
		case map[string]any:
			if st.key == "" {
				return nil
			}
			v = x[st.key]
		case []any:
			if st.key != "" || st.index >= len(x) {
				return nil
			}
			v = x[st.index]
		default:
			return nil
		}
	}
	return v
}

// setJSONAt replaces the value at path, which jsonAt found.
func setJSONAt(root any, path string, value any) {
	steps, _ := parsePath(path)
	v := root
	for i, st := range steps {
		last := i == len(steps)-1
		switch x := v.(type) {
		case map[string]any:
			if last {
				x[st.key] = value
				return
			}
			v = x[st.key]
		case []any:
			if last {
				x[st.index] = value
				return
			}
			v = x[st.index]
		}
	}
}

// setPlanText sets the text field of p at a JSON path, following the
// fields' json names, from standIn (what the loader read) to s; ok is false
// when the path leads to no text field or to one that does not hold
// standIn.
func setPlanText(p *planner.Plan, path, standIn, s string) bool {
	steps, ok := parsePath(path)
	if !ok {
		return false
	}
	v := reflect.ValueOf(p).Elem()
	for _, st := range steps {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return false
			}
			v = v.Elem()
		}
		switch {
		case st.key != "" && v.Kind() == reflect.Struct:
			f, found := fieldByJSONName(v, st.key)
			if !found {
				return false
			}
			v = f
		case st.key == "" && v.Kind() == reflect.Slice && st.index < v.Len():
			v = v.Index(st.index)
		default:
			return false
		}
	}
	if v.Kind() != reflect.String || !v.CanSet() || v.String() != standIn {
		return false
	}
	v.SetString(s)
	return true
}

// fieldByJSONName is the field of struct v that encodes under name.
func fieldByJSONName(v reflect.Value, name string) (reflect.Value, bool) {
	t := v.Type()
	for i := range t.NumField() {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if tag == name && t.Field(i).IsExported() {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

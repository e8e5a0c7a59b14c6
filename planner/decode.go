package planner

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxInputSize is the largest plan, profile or catalogue file Redline reads.
// Larger input is refused before it is read into memory.
const MaxInputSize = 64 << 20

// maxProblems bounds how many problems one load reports, so that a file
// that is wrong everywhere still gives a readable message.
const maxProblems = 20

// Problem is one structural error in a document, located by its JSON path
// (`red_lines[3].threshold.op`). An empty path means the document as a whole.
type Problem struct {
	Path    string
	Message string
}

func (p Problem) String() string {
	if p.Path == "" {
		return p.Message
	}
	return p.Path + ": " + p.Message
}

// FormatError is returned when a document is not well-formed: not JSON, a
// wrong type, an unknown key, an enum value outside its list, a number out of
// range. It lists every problem found, up to a bound.
type FormatError struct {
	// Source names the document (a file name, "stdin"), when known.
	Source   string
	Problems []Problem
	// More counts problems found beyond those listed.
	More int
}

func (e *FormatError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		if e.Source != "" {
			b.WriteString(e.Source)
			b.WriteString(": ")
		}
		b.WriteString(p.String())
	}
	if e.More > 0 {
		noun := "problems"
		if e.More == 1 {
			noun = "problem"
		}
		fmt.Fprintf(&b, "\n… and %d more %s", e.More, noun)
	}
	return b.String()
}

// ErrTooLarge is wrapped by the error for input over MaxInputSize.
var ErrTooLarge = errors.New("input too large")

// ReadAllLimited reads r whole, refusing input larger than MaxInputSize.
func ReadAllLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInputSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxInputSize {
		return nil, tooLarge(-1)
	}
	return data, nil
}

func tooLarge(size int64) error {
	if size < 0 {
		return fmt.Errorf("%w: more than %d MiB; Redline reads files up to %d MiB", ErrTooLarge, MaxInputSize>>20, MaxInputSize>>20)
	}
	return fmt.Errorf("%w: %.1f MiB; Redline reads files up to %d MiB", ErrTooLarge, float64(size)/(1<<20), MaxInputSize>>20)
}

// ReadFile reads a file whole, refusing one larger than MaxInputSize without
// reading it. The name "-" reads standard input.
func ReadFile(name string) ([]byte, error) {
	if name == "-" {
		return ReadAllLimited(os.Stdin)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > MaxInputSize {
		return nil, fmt.Errorf("%s: %w", name, tooLarge(st.Size()))
	}
	data, err := ReadAllLimited(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return data, nil
}

// DecodePlan parses a redline-plan/v1 document strictly. Well-formed plans
// load even when they are wrong in substance (dangling ids, unanswered red
// lines): those are findings of the checker. Any structural problem returns
// a *FormatError naming the JSON path of each problem.
func DecodePlan(data []byte) (*Plan, error) {
	root, err := parseJSON(data)
	if err != nil {
		return nil, err
	}
	d := &decoder{}
	p := d.plan(root)
	if err := d.err(); err != nil {
		return nil, err
	}
	return p, nil
}

// parseJSON checks the bytes are one UTF-8 JSON value and returns it as
// generic values with numbers kept as json.Number.
func parseJSON(data []byte) (any, error) {
	// Editors on Windows like to start UTF-8 files with a byte order mark;
	// it says nothing, so it is skipped.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		off := invalidUTF8Offset(data)
		line, col := lineCol(data, off)
		return nil, single("", fmt.Sprintf("not valid UTF-8 at line %d, column %d (byte %d); save the file as UTF-8", line, col, off))
	}
	if jsonSpaceLen(data) == len(data) {
		return nil, single("", "not JSON: the input is empty")
	}
	p := &jsonParser{data: data, path: make([]pathStep, 0, 8)}
	v, serr := p.value(0)
	if serr != nil {
		return nil, single("", syntaxMessage(data, serr))
	}
	// Anything but JSON white space after the document is an error; the
	// position is that of its first character.
	if off := p.pos + jsonSpaceLen(data[p.pos:]); off < len(data) {
		line, col := lineCol(data, off)
		return nil, single("", fmt.Sprintf("not JSON: unexpected data after the document at line %d, column %d", line, col))
	}
	if p.dup != nil {
		return nil, single(p.dup.path, "this key appears twice in the same object; keep one (a reader would silently drop the other value)")
	}
	return v, nil
}

// jsonSpaceLen is the length of the JSON white space (space, tab, CR, LF)
// that b starts with.
func jsonSpaceLen(b []byte) int {
	n := 0
	for n < len(b) && (b[n] == ' ' || b[n] == '\t' || b[n] == '\r' || b[n] == '\n') {
		n++
	}
	return n
}

func single(path, msg string) *FormatError {
	return &FormatError{Problems: []Problem{{Path: path, Message: msg}}}
}

func syntaxMessage(data []byte, se *syntaxError) string {
	line, col := lineCol(data, se.off)
	if se.off >= len(data) {
		return fmt.Sprintf("not JSON: the document ends too early at line %d, column %d", line, col)
	}
	msg := se.msg
	if r, _ := utf8.DecodeRune(data[se.off:]); r == '\uFEFF' {
		msg += " (a byte order mark; save the file as UTF-8 without one)"
	}
	return fmt.Sprintf("not JSON: %s at line %d, column %d", msg, line, col)
}

func invalidUTF8Offset(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(data)
}

func lineCol(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	col = 1 + utf8.RuneCount(data[start:off])
	return line, col
}

// decoder walks a generic JSON value, collecting problems with their paths.
type decoder struct {
	problems []Problem
	more     int
}

func (d *decoder) fail(path, format string, args ...any) {
	if len(d.problems) >= maxProblems {
		d.more++
		return
	}
	d.problems = append(d.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (d *decoder) err() error {
	if len(d.problems) == 0 {
		return nil
	}
	return &FormatError{Problems: d.problems, More: d.more}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// object is one JSON object being decoded, with the keys it may hold.
type object struct {
	d    *decoder
	path string
	m    map[string]any
}

// object checks that v is an object holding only the given keys. A nil
// result (ok false) means it was not an object; the problem is recorded.
func (d *decoder) object(path string, v any, what string, keys ...string) (object, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		d.fail(path, "want %s (an object), got %s", what, typeName(v))
		return object{}, false
	}
	if len(m) > len(keys) || !allKnown(m, keys) {
		var unknown []string
		for k := range m {
			if !slices.Contains(keys, k) {
				unknown = append(unknown, k)
			}
		}
		slices.Sort(unknown)
		for _, k := range unknown {
			d.fail(join(path, k), "unknown key; %s has %s", what, strings.Join(keys, ", "))
		}
	}
	return object{d: d, path: path, m: m}, true
}

func allKnown(m map[string]any, keys []string) bool {
	for k := range m {
		if !slices.Contains(keys, k) {
			return false
		}
	}
	return true
}

// get returns a key's value; absent keys and null count as missing.
func (o object) get(key string, required bool) (any, bool) {
	v, ok := o.m[key]
	if !ok || v == nil {
		if required {
			o.d.fail(join(o.path, key), "required, but missing")
		}
		return nil, false
	}
	return v, true
}

func (o object) str(key string, required bool) string {
	v, ok := o.get(key, required)
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		o.d.fail(join(o.path, key), "want a string, got %s", typeName(v))
		return ""
	}
	return s
}

// text is a string of bounded length in characters.
func (o object) text(key string, required bool, minLen, maxLen int) string {
	s := o.str(key, required)
	if _, present := o.m[key]; !present || o.m[key] == nil {
		return s
	}
	if _, isString := o.m[key].(string); !isString {
		return s
	}
	n := utf8.RuneCountInString(s)
	switch {
	case n < minLen && minLen == 1:
		o.d.fail(join(o.path, key), "must not be empty")
	case n < minLen:
		o.d.fail(join(o.path, key), "want at least %d characters, got %d", minLen, n)
	case maxLen > 0 && n > maxLen:
		o.d.fail(join(o.path, key), "want at most %d characters, got %d", maxLen, n)
	}
	return s
}

// line is a one-line text field (a title, a name, a unit): bounded like
// text, and without control characters, which a terminal would act on and
// which have no place in one line.
func (o object) line(key string, required bool, minLen, maxLen int) string {
	before := len(o.d.problems) + o.d.more
	s := o.text(key, required, minLen, maxLen)
	if len(o.d.problems)+o.d.more == before {
		if msg := LineProblem(s); msg != "" {
			o.d.fail(join(o.path, key), "%s", msg)
		}
	}
	return s
}

func (o object) id(key string) string {
	s := o.str(key, true)
	if _, ok := o.m[key].(string); ok {
		if msg := idProblem(s); msg != "" {
			o.d.fail(join(o.path, key), "%s", msg)
		}
	}
	return s
}

// idProblem says what is wrong with an entity id, or "" when it is valid.
func idProblem(s string) string {
	if s == "" {
		return "must not be empty; an id is 1–64 characters from A–Z a–z 0–9 . _ -"
	}
	for _, r := range s {
		if !idChar(r) {
			return fmt.Sprintf("character %q is not allowed; an id uses only A–Z a–z 0–9 . _ -", r)
		}
	}
	if len(s) > 64 { // only ASCII is left, so bytes are characters
		return fmt.Sprintf("want at most 64 characters, got %d", len(s))
	}
	return ""
}

// ValidID reports whether s is a valid entity id: 1–64 characters from
// [A-Za-z0-9._-].
func ValidID(s string) bool { return idProblem(s) == "" }

func idChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'
}

// number decodes a finite number no smaller than min.
func (o object) number(key string, required bool, min float64) (float64, bool) {
	v, ok := o.get(key, required)
	if !ok {
		return 0, false
	}
	return o.d.number(join(o.path, key), v, min)
}

func (d *decoder) number(path string, v any, min float64) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		d.fail(path, "want a number, got %s", typeName(v))
		return 0, false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	switch {
	case err != nil || math.IsInf(f, 0) || math.IsNaN(f):
		d.fail(path, "number %s is out of range; a number is at most %s in size", clipForMessage(string(n)), formatNumber(math.MaxFloat64))
		return 0, false
	case underflows(n, f):
		d.fail(path, "number %s is out of range: it is too close to 0 to be stored and would read as 0; write 0 if that is meant, else a number at least %s in size",
			clipForMessage(string(n)), formatNumber(math.SmallestNonzeroFloat64))
		return 0, false
	case f < min:
		d.fail(path, "want a number ≥ %s, got %s", formatNumber(min), clipForMessage(string(n)))
		return 0, false
	}
	if f == 0 {
		// -0 means 0; keeping the sign would make "-0" and "0" two plans,
		// and the store (SQLite) does not keep it either.
		f = 0
	}
	return f, true
}

// underflows reports whether the literal n names a number other than 0 that
// reads as f == 0: too close to 0 for a float64 (1e-400). Silently storing 0
// would change the plan's meaning.
func underflows(n json.Number, f float64) bool {
	if f != 0 {
		return false
	}
	for _, c := range string(n) {
		switch {
		case c == 'e' || c == 'E':
			return false // only the digits before the exponent count
		case c >= '1' && c <= '9':
			return true
		}
	}
	return false
}

// integer decodes a whole number in [min, max].
func (o object) integer(key string, required bool, min, max int) (int, bool) {
	v, ok := o.get(key, required)
	if !ok {
		return 0, false
	}
	path := join(o.path, key)
	n, isNum := v.(json.Number)
	if !isNum {
		o.d.fail(path, "want a whole number, got %s", typeName(v))
		return 0, false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	got := clipForMessage(string(n))
	switch {
	case err == nil && (f != math.Trunc(f) || underflows(n, f)):
		o.d.fail(path, "want a whole number, got %s", got)
		return 0, false
	case f < float64(min) && f >= math.MinInt32 && max == math.MaxInt32:
		o.d.fail(path, "want a whole number ≥ %d, got %s", min, got)
		return 0, false
	case err != nil || f < float64(min) || f > float64(max):
		// Beyond the field's range, or beyond any number's: say what fits.
		o.d.fail(path, "out of range: want a whole number from %d to %d, got %s", min, max, got)
		return 0, false
	}
	return int(f), true
}

// enum decodes a string that must be one of values.
func enum[T ~string](o object, key string, required bool, values []T) T {
	v, ok := o.get(key, required)
	if !ok {
		return ""
	}
	return enumValue(o.d, join(o.path, key), v, values)
}

func enumValue[T ~string](d *decoder, path string, v any, values []T) T {
	s, ok := v.(string)
	if !ok || !slices.Contains(values, T(s)) {
		got := typeName(v)
		if ok {
			got = strconv.Quote(clipForMessage(s))
		}
		d.fail(path, "want one of %s, got %s", joinValues(values), got)
		return ""
	}
	return T(s)
}

func joinValues[T ~string](values []T) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = string(v)
	}
	return strings.Join(parts, " ")
}

// boolean decodes true or false; a missing key is false.
func (o object) boolean(key string) bool {
	v, ok := o.get(key, false)
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		o.d.fail(join(o.path, key), "want true or false, got %s", typeName(v))
	}
	return b
}

// list returns a key's items; a missing key is an empty list.
func (o object) list(key string) []any {
	v, ok := o.get(key, false)
	if !ok {
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		o.d.fail(join(o.path, key), "want a list, got %s", typeName(v))
		return nil
	}
	return l
}

// strings decodes a list of strings, each checked by check ("" = fine).
func (o object) strings(key string, check func(string) string) []string {
	items := o.list(key)
	if len(items) == 0 {
		return nil
	}
	out := make([]string, 0, len(items))
	path := join(o.path, key)
	for i, it := range items {
		s, ok := it.(string)
		if !ok {
			o.d.fail(index(path, i), "want a string, got %s", typeName(it))
			continue
		}
		if check != nil {
			if msg := check(s); msg != "" {
				o.d.fail(index(path, i), "%s", msg)
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

func enumList[T ~string](o object, key string, values []T) []T {
	items := o.list(key)
	if len(items) == 0 {
		return nil
	}
	out := make([]T, 0, len(items))
	path := join(o.path, key)
	for i, it := range items {
		if v := enumValue(o.d, index(path, i), it, values); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// actorCodeProblem checks the syntax of an actor code: 2–8 upper-case letters.
func actorCodeProblem(s string) string {
	if len(s) < 2 || len(s) > 8 {
		return fmt.Sprintf("want an actor code of 2–8 upper-case letters, got %q", clipForMessage(s))
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return fmt.Sprintf("want an actor code of 2–8 upper-case letters, got %q", clipForMessage(s))
		}
	}
	return ""
}

// ValidActorCode reports whether s has the syntax of an actor code.
func ValidActorCode(s string) bool { return actorCodeProblem(s) == "" }

// indicatorKeyProblem checks the syntax of an indicator key: 1–64 characters
// from the id alphabet.
func indicatorKeyProblem(s string) string {
	if msg := idProblem(s); msg != "" {
		return "indicator key " + msg
	}
	return ""
}

func (d *decoder) plan(root any) *Plan {
	top, ok := d.object("", root, "a plan", "format", "id", "title", "classification", "phase",
		"profile", "actors", "indicators", "red_lines", "responses", "contributions", "links", "terms", "injects", "sources")
	if !ok {
		return nil
	}
	p := &Plan{}
	p.Format = top.str("format", true)
	if _, isString := top.m["format"].(string); isString && p.Format != PlanFormat {
		d.fail("format", "want %q, got %q; this is not a Redline plan of a version this program reads", PlanFormat, clipForMessage(p.Format))
		return nil
	}
	if p.Format == "" {
		return nil
	}
	p.ID = top.str("id", false)
	if p.ID != "" && !ValidUUID(p.ID) {
		d.fail("id", "want a UUID such as 0b9d3c1e-5a4f-4c2e-9a71-2025c0a1f001, got %q", clipForMessage(p.ID))
	}
	p.Title = top.line("title", true, 1, MaxPlanTitle)
	p.Classification = top.line("classification", false, 0, MaxClassification)
	p.Phase = enum(top, "phase", true, Phases)
	p.Profile = top.str("profile", false)
	if p.Profile != "" {
		if msg := idProblem(p.Profile); msg != "" {
			d.fail("profile", "profile %s", msg)
		}
	}
	for i, v := range top.list("actors") {
		if o, ok := d.object(index("actors", i), v, "an actor", "code", "name", "kind"); ok {
			a := Actor{Code: o.str("code", true), Name: o.line("name", true, 0, 0)}
			if _, isString := o.m["code"].(string); isString {
				if msg := actorCodeProblem(a.Code); msg != "" {
					d.fail(join(o.path, "code"), "%s", msg)
				}
			}
			a.Kind = enum(o, "kind", true, ActorKinds)
			p.Actors = append(p.Actors, a)
		}
	}
	for i, v := range top.list("indicators") {
		if o, ok := d.object(index("indicators", i), v, "an indicator", "key", "name", "unit"); ok {
			ind := Indicator{Key: o.str("key", true), Name: o.line("name", true, 0, 0), Unit: o.line("unit", true, 0, 0)}
			if _, isString := o.m["key"].(string); isString {
				if msg := indicatorKeyProblem(ind.Key); msg != "" {
					d.fail(join(o.path, "key"), "%s", msg)
				}
			}
			p.Indicators = append(p.Indicators, ind)
		}
	}
	redLines := top.list("red_lines")
	p.RedLines = make([]RedLine, 0, len(redLines))
	for i, v := range redLines {
		if o, ok := d.object(index("red_lines", i), v, "a red line",
			"id", "title", "domain", "indicator", "threshold", "severity", "notes", "sources", "assumption"); ok {
			p.RedLines = append(p.RedLines, d.redLine(o))
		}
	}
	responses := top.list("responses")
	p.Responses = make([]Response, 0, len(responses))
	for i, v := range responses {
		if o, ok := d.object(index("responses", i), v, "a response",
			"id", "title", "kind", "mechanism", "lead", "participants", "hours_to_effect",
			"requires", "capabilities", "uses", "sources", "assumption"); ok {
			p.Responses = append(p.Responses, d.response(o))
		}
	}
	contributions := top.list("contributions")
	p.Contributions = make([]Contribution, 0, len(contributions))
	for i, v := range contributions {
		if o, ok := d.object(index("contributions", i), v, "a contribution",
			"id", "nation", "capability", "personnel", "amount_eur_m", "location", "activation",
			"status", "months", "sources", "assumption"); ok {
			p.Contributions = append(p.Contributions, d.contribution(o))
		}
	}
	links := top.list("links")
	p.Links = make([]Link, 0, len(links))
	for i, v := range links {
		if o, ok := d.object(index("links", i), v, "a link", "red_line", "response", "trigger", "sources", "assumption"); ok {
			l := Link{RedLine: o.id("red_line"), Response: o.id("response")}
			l.Trigger = enum(o, "trigger", true, Triggers)
			l.Provenance = o.provenance()
			p.Links = append(p.Links, l)
		}
	}
	for i, v := range top.list("terms") {
		if o, ok := d.object(index("terms", i), v, "a term", "id", "kind", "stance", "value", "notes", "sources", "assumption"); ok {
			t := Term{ID: o.id("id")}
			t.Kind = enum(o, "kind", true, TermKinds)
			t.Stance = enum(o, "stance", true, Stances)
			if f, ok := o.number("value", false, math.Inf(-1)); ok {
				t.Value = &f
			}
			t.Notes = o.str("notes", false)
			t.Provenance = o.provenance()
			p.Terms = append(p.Terms, t)
		}
	}
	injects := top.list("injects")
	p.Injects = make([]Inject, 0, len(injects))
	for i, v := range injects {
		if o, ok := d.object(index("injects", i), v, "an inject", "id", "at_hours", "title", "observations", "phase",
			"brief", "when", "sources", "assumption"); ok {
			p.Injects = append(p.Injects, d.inject(o))
		}
	}
	for i, v := range top.list("sources") {
		if o, ok := d.object(index("sources", i), v, "a source", "id", "title", "publisher", "date", "url"); ok {
			p.Sources = append(p.Sources, d.source(o))
		}
	}
	shrink(p)
	p.Normalize()
	return p
}

// shrink turns empty lists into nil so that an absent list and an empty one
// are the same plan.
func shrink(p *Plan) {
	if len(p.RedLines) == 0 {
		p.RedLines = nil
	}
	if len(p.Responses) == 0 {
		p.Responses = nil
	}
	if len(p.Contributions) == 0 {
		p.Contributions = nil
	}
	if len(p.Links) == 0 {
		p.Links = nil
	}
	if len(p.Injects) == 0 {
		p.Injects = nil
	}
}

func (d *decoder) redLine(o object) RedLine {
	r := RedLine{ID: o.id("id"), Title: o.line("title", true, 0, 0)}
	r.Domain = enum(o, "domain", true, Domains)
	r.Indicator = o.str("indicator", false)
	if _, isString := o.m["indicator"].(string); isString {
		if msg := indicatorKeyProblem(r.Indicator); msg != "" {
			d.fail(join(o.path, "indicator"), "%s", msg)
		}
	}
	if v, ok := o.get("threshold", false); ok {
		if t, ok := d.object(join(o.path, "threshold"), v, "a threshold", "op", "value"); ok {
			th := Threshold{Op: enum(t, "op", true, Ops)}
			th.Value, _ = t.number("value", true, math.Inf(-1))
			r.Threshold = &th
		}
	}
	r.Severity, _ = o.integer("severity", true, 1, 5)
	r.Notes = o.str("notes", false)
	r.Provenance = o.provenance()
	return r
}

func (d *decoder) response(o object) Response {
	r := Response{ID: o.id("id"), Title: o.line("title", true, 0, 0)}
	r.Kind = enum(o, "kind", true, ResponseKinds)
	r.Mechanism = enum(o, "mechanism", true, Mechanisms)
	r.Lead = o.str("lead", true)
	if _, isString := o.m["lead"].(string); isString {
		if msg := actorCodeProblem(r.Lead); msg != "" {
			d.fail(join(o.path, "lead"), "%s", msg)
		}
	}
	r.Participants = o.strings("participants", actorCodeProblem)
	r.HoursToEffect, _ = o.number("hours_to_effect", true, 0)
	r.Requires = enumList(o, "requires", Preconditions)
	r.Capabilities = enumList(o, "capabilities", Capabilities)
	r.Uses = o.strings("uses", idProblem)
	r.Provenance = o.provenance()
	return r
}

func (d *decoder) contribution(o object) Contribution {
	c := Contribution{ID: o.id("id"), Nation: o.str("nation", true)}
	if _, isString := o.m["nation"].(string); isString {
		if msg := actorCodeProblem(c.Nation); msg != "" {
			d.fail(join(o.path, "nation"), "%s", msg)
		}
	}
	c.Capability = enum(o, "capability", true, Capabilities)
	c.Personnel, _ = o.integer("personnel", false, 0, math.MaxInt32)
	c.AmountEURm, _ = o.number("amount_eur_m", false, 0)
	c.Location = enum(o, "location", true, Locations)
	c.Activation = enum(o, "activation", true, Activations)
	c.Status = enum(o, "status", true, Statuses)
	if m, ok := o.integer("months", false, 1, math.MaxInt32); ok {
		c.Months = &m
	}
	c.Provenance = o.provenance()
	return c
}

func (d *decoder) inject(o object) Inject {
	in := Inject{ID: o.id("id")}
	in.AtHours, _ = o.number("at_hours", true, 0)
	in.Title = o.line("title", true, 0, 0)
	obs := o.list("observations")
	path := join(o.path, "observations")
	for i, v := range obs {
		if ob, ok := d.object(index(path, i), v, "an observation", "indicator", "value"); ok {
			x := Observation{Indicator: ob.str("indicator", true)}
			if _, isString := ob.m["indicator"].(string); isString {
				if msg := indicatorKeyProblem(x.Indicator); msg != "" {
					d.fail(join(ob.path, "indicator"), "%s", msg)
				}
			}
			x.Value, _ = ob.number("value", true, math.Inf(-1))
			in.Observations = append(in.Observations, x)
		}
	}
	in.Phase = enum(o, "phase", false, Phases)
	in.Brief = o.text("brief", false, 0, MaxBrief)
	when := join(o.path, "when")
	for i, v := range o.list("when") {
		if c, ok := d.condition(index(when, i), v); ok {
			in.When = append(in.When, c)
		}
	}
	in.Provenance = o.provenance()
	return in
}

// provenance decodes the sources and assumption an entry may carry
// (plan-format.md, Provenance). An empty list and an empty assumption are
// the same as none.
func (o object) provenance() Provenance {
	return Provenance{
		Sources:    o.strings("sources", idProblem),
		Assumption: o.text("assumption", false, 0, MaxAssumption),
	}
}

// condition decodes one condition of an inject's when: exactly one of
// red_line and response, an outcome with a response and only with it, and
// an optional not.
func (d *decoder) condition(path string, v any) (Condition, bool) {
	o, ok := d.object(path, v, "a condition", "red_line", "response", "outcome", "not")
	if !ok {
		return Condition{}, false
	}
	var c Condition
	_, hasRedLine := o.get("red_line", false)
	_, hasResponse := o.get("response", false)
	_, hasOutcome := o.get("outcome", false)
	// One problem for one mistake: a condition with both ends or none is
	// not also told where its outcome goes.
	switch {
	case hasRedLine && hasResponse:
		d.fail(path, "a condition has exactly one of red_line and response, and this one has both; split it into two conditions")
	case !hasRedLine && !hasResponse:
		d.fail(path, "a condition has exactly one of red_line and response, and this one has neither; name the red line crossed or the response and its outcome")
	case hasRedLine && hasOutcome:
		d.fail(join(path, "outcome"), "goes only with response; a red_line condition holds when the red line was crossed, so remove outcome")
	case hasResponse && !hasOutcome:
		d.fail(join(path, "outcome"), "required with response, but missing; want one of %s", joinValues(ConditionOutcomes))
	}
	if hasRedLine {
		c.RedLine = o.id("red_line")
	}
	if hasResponse {
		c.Response = o.id("response")
		if hasOutcome {
			c.Outcome = enum(o, "outcome", true, ConditionOutcomes)
		}
	}
	c.Not = o.boolean("not")
	return c, true
}

// source decodes one of the plan's sources.
func (d *decoder) source(o object) Source {
	s := Source{ID: o.id("id"), Title: o.line("title", true, 1, MaxSourceTitle)}
	s.Publisher = o.line("publisher", false, 0, MaxSourcePublisher)
	s.Date = o.line("date", false, 0, MaxSourceDate)
	before := len(d.problems) + d.more
	s.URL = o.line("url", false, 0, MaxSourceURL)
	if s.URL != "" && len(d.problems)+d.more == before {
		if msg := URLProblem(s.URL); msg != "" {
			d.fail(join(o.path, "url"), "%s", msg)
		}
	}
	return s
}

// formatNumber writes a number the way the canonical writer does.
func formatNumber(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

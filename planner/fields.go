package planner

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The limits the redline-plan/v1 format sets on a plan's fields. The loader,
// the app's forms and the workbook reader all take them from here, so that
// what a form accepts is exactly what the file format can hold.
const (
	// MaxPlanTitle and MaxClassification bound the plan's own title and
	// classification line, in characters. Entity titles have no bound.
	MaxPlanTitle      = 200
	MaxClassification = 64
	// MaxIDLength bounds an entity id, in characters (ASCII only).
	MaxIDLength = 64
	// MinSeverity and MaxSeverity bound a red line's severity: 1 is the
	// least grave, 5 the gravest.
	MinSeverity = 1
	MaxSeverity = 5
	// MaxWhole is the largest whole number the format stores (personnel,
	// months): a 32-bit signed integer.
	MaxWhole = math.MaxInt32
	// MaxAssumption bounds an entry's assumption and MaxBrief an inject's
	// brief, in characters.
	MaxAssumption = 2000
	MaxBrief      = 4000
	// MaxSourceTitle, MaxSourcePublisher, MaxSourceDate and MaxSourceURL
	// bound the fields of a plan's source, in characters.
	MaxSourceTitle     = 300
	MaxSourcePublisher = 200
	MaxSourceDate      = 32
	MaxSourceURL       = 2000
)

// NumberField describes one number of a plan as people type it into a form:
// what it is called, whether it is whole, its range and whether it may be
// left empty. Parse reads what a person typed; Check tells whether a value
// fits. The loader holds files to the same limits.
type NumberField struct {
	// Name is how a person knows the field ("Personnel").
	Name string
	// Whole is true for counts; false allows fractions such as 2.5.
	Whole bool
	// Min and Max bound the value, inclusive.
	Min, Max float64
	// Empty is what an empty field means, for the form's hint: "" when an
	// empty field is refused, else e.g. "none" or "open-ended".
	Empty string
	// Example is a value to suggest in a message ("1,500").
	Example string
}

// The numbers of a plan, each with its limits.
var (
	FieldPersonnel      = NumberField{Name: "Personnel", Whole: true, Min: 0, Max: MaxWhole, Empty: "0", Example: "1,500"}
	FieldAmountEURm     = NumberField{Name: "Amount (€ million)", Min: 0, Max: math.MaxFloat64, Empty: "0", Example: "250 or 0.5"}
	FieldMonths         = NumberField{Name: "Months", Whole: true, Min: 1, Max: MaxWhole, Empty: "open-ended", Example: "24"}
	FieldSeverity       = NumberField{Name: "Severity", Whole: true, Min: MinSeverity, Max: MaxSeverity, Example: "3"}
	FieldHoursToEffect  = NumberField{Name: "Hours to effect", Min: 0, Max: math.MaxFloat64, Example: "48 or 0.5"}
	FieldAtHours        = NumberField{Name: "Time (hours after the start)", Min: 0, Max: math.MaxFloat64, Example: "36"}
	FieldThresholdValue = NumberField{Name: "Threshold", Min: -math.MaxFloat64, Max: math.MaxFloat64, Empty: "no threshold", Example: "500 or 2.5"}
	FieldObservation    = NumberField{Name: "Observed value", Min: -math.MaxFloat64, Max: math.MaxFloat64, Example: "500 or 2.5"}
	FieldTermValue      = NumberField{Name: "Value", Min: -math.MaxFloat64, Max: math.MaxFloat64, Empty: "none", Example: "15"}
)

// ErrEmpty is returned by NumberField.Parse for an empty field; the caller
// decides what empty means (NumberField.Empty says it in words).
var ErrEmpty = errors.New("empty")

// Parse reads a number as a person types it in this app, which prints
// numbers as 1,500 and 2.5: digits with optional thousands separators
// (comma, space, no-break space or thin space, in groups of three) and an
// optional decimal point. It returns ErrEmpty for an empty field and an
// error to show beside the field for anything else it cannot take, so a form
// never stores a value it does not show.
func (f NumberField) Parse(text string) (float64, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		if f.Empty == "" {
			return 0, fmt.Errorf("%s is needed; write a number such as %s", f.Name, f.Example)
		}
		return 0, ErrEmpty
	}
	v, ok := parseHumanNumber(text)
	if !ok {
		kind := "a number"
		if f.Whole {
			kind = "a whole number"
		}
		return 0, fmt.Errorf("%q is not %s; write one such as %s", clipForMessage(text), kind, f.Example)
	}
	if err := f.Check(v); err != nil {
		return 0, err
	}
	if v == 0 {
		v = 0 // -0 is 0, as in the loader
	}
	return v, nil
}

// Check says whether v fits the field, in words for a person, or nil.
func (f NumberField) Check(v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Errorf("%s must be a finite number", f.Name)
	case f.Whole && v != math.Trunc(v):
		return fmt.Errorf("%s is a whole number; %s has a fraction", f.Name, Number(v))
	case v < f.Min && f.Min == 0:
		return fmt.Errorf("%s cannot be negative", f.Name)
	case v < f.Min || v > f.Max:
		if f.Max >= math.MaxFloat64 {
			return fmt.Errorf("%s must be at least %s", f.Name, Number(f.Min))
		}
		return fmt.Errorf("%s must be from %s to %s", f.Name, Number(f.Min), Number(f.Max))
	}
	return nil
}

// parseHumanNumber reads [-]digits with optional groups of three after a
// comma or space, then an optional decimal part. "1,5" is refused: it could
// be one and a half written the continental way.
func parseHumanNumber(s string) (float64, bool) {
	neg := false
	switch {
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "−"):
		neg = true
		_, n := utf8.DecodeRuneInString(s)
		s = s[n:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if hasPoint && (frac == "" || !allDigits(frac)) {
		return 0, false
	}
	var digits strings.Builder
	group := -1 // digits in the current group after a separator; -1 before the first
	lead := 0
	for _, r := range intPart {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
			if group >= 0 {
				group++
				if group > 3 {
					return 0, false
				}
			} else {
				lead++
			}
		case r == ',' || r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009':
			if lead == 0 || (group >= 0 && group != 3) || (group < 0 && lead > 3) {
				return 0, false
			}
			group = 0
		default:
			return 0, false
		}
	}
	if digits.Len() == 0 || (group >= 0 && group != 3) {
		return 0, false
	}
	num := digits.String()
	if hasPoint {
		num += "." + frac
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// clipForMessage shortens a value quoted in a message, so that a pasted page does not
// fill the screen.
func clipForMessage(s string) string {
	const most = 40
	if utf8.RuneCountInString(s) <= most {
		return s
	}
	r := []rune(s)
	return string(r[:most]) + "…"
}

// URLProblem says why s cannot be a source's url, or "" when it can: it must
// start with http:// or https:// (the scheme in any case, as URLs allow) and
// name something after it. Anything else — javascript:, data:, file:, a
// bare host — is refused, so that an exported page never carries a link
// that runs code or opens a local file.
func URLProblem(s string) string {
	lower := strings.ToLower(s)
	for _, scheme := range []string{"http://", "https://"} {
		if strings.HasPrefix(lower, scheme) {
			if len(s) == len(scheme) {
				return fmt.Sprintf("%q has nothing after %s; write the whole web address", clipForMessage(s), scheme)
			}
			return ""
		}
	}
	return fmt.Sprintf("want a web address starting with http:// or https://, got %q", clipForMessage(s))
}

// TextField describes one line of text of a plan: its name, whether it may
// be empty and its length bound (0 for none). Every TextField is one line:
// control characters, tabs and line breaks included, are refused, as the
// loader refuses them (LineProblem).
type TextField struct {
	Name     string
	Required bool
	MaxLen   int
}

// The texts of a plan with limits.
var (
	FieldPlanTitle      = TextField{Name: "Title", Required: true, MaxLen: MaxPlanTitle}
	FieldClassification = TextField{Name: "Classification", MaxLen: MaxClassification}
	FieldEntityTitle    = TextField{Name: "Title", Required: true}
	// A source's texts (plan-format.md, Provenance); its URL must also be
	// a web address (URLProblem).
	FieldSourceTitle     = TextField{Name: "Title", Required: true, MaxLen: MaxSourceTitle}
	FieldSourcePublisher = TextField{Name: "Publisher", MaxLen: MaxSourcePublisher}
	FieldSourceDate      = TextField{Name: "Date", MaxLen: MaxSourceDate}
	FieldSourceURL       = TextField{Name: "URL", MaxLen: MaxSourceURL}
)

// Check says whether s fits the field, in words for a person, or nil.
func (f TextField) Check(s string) error {
	n := utf8.RuneCountInString(s)
	switch {
	case f.Required && strings.TrimSpace(s) == "":
		return fmt.Errorf("%s is needed", f.Name)
	case f.MaxLen > 0 && n > f.MaxLen:
		return fmt.Errorf("%s takes at most %d characters; this is %d", f.Name, f.MaxLen, n)
	}
	if msg := LineProblem(s); msg != "" {
		return fmt.Errorf("%s: %s", f.Name, msg)
	}
	return nil
}

// Validate holds a plan built in memory (by a form, a workbook, a store) to
// exactly what the redline-plan/v1 loader accepts from a file, by writing
// it canonically and loading it back: one definition of well-formed, so a
// plan that is saved can always be opened again. It returns the loader's
// *FormatError, with JSON paths, or nil. Substance — a dangling link, US
// ground troops — is the checker's, and never makes a plan invalid.
func Validate(p *Plan) error {
	doc, err := Encode(p)
	if err != nil {
		return err
	}
	return ValidateDocument(doc)
}

// ValidateDocument is Validate for a plan already written canonically.
func ValidateDocument(doc []byte) error {
	_, err := DecodePlan(doc)
	return err
}

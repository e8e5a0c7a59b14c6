package planner

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// decodeStd is what encoding/json makes of the same bytes.
func decodeStd(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data")
	}
	return v, nil
}

var parserSamples = []string{
	`{}`, `[]`, `null`, `true`, `false`, `0`, `-0`, `-1.5e+10`, `1E-7`, `"plain"`,
	`"escapes \" \\ \/ \b \f \n \r \t \u00e9 \u2028 \ud83d\ude00"`,
	`"lone surrogates \ud800 and \udc00 and \ud800\u0041"`,
	`{"a": [1, 2, {"b": null}], "c": "Київ"}`,
	` { "nested" : [ [ [ ] ] ] } `,
	`{"a":1,}`, `[1,]`, `01`, `1.`, `.5`, `-`, `1e`, `"\x"`, `"\u12"`, `tru`, `nul`, `{"a" 1}`, `{1:2}`,
	// Numbers a float64 cannot hold: the parser keeps the literal, as
	// encoding/json does; the loader, not the parser, refuses them.
	`1e-400`, `-1e-400`, `0e-400`, `1e400`, `[5e-324, 2e-324]`,
	"\"tab\tinside\"", `[1 2]`, `{"a":1 "b":2}`, `"unterminated`, `[`, `{"a":`,
}

func TestParserAgreesWithEncodingJSON(t *testing.T) {
	for _, s := range parserSamples {
		checkParserAgainstStd(t, []byte(s))
	}
}

func checkParserAgainstStd(t *testing.T, data []byte) {
	t.Helper()
	p := &jsonParser{data: data}
	got, serr := p.value(0)
	if serr == nil && p.pos+jsonSpaceLen(data[p.pos:]) != len(data) {
		serr = &syntaxError{msg: "trailing data"}
	}
	want, err := decodeStd(data)
	switch {
	case serr != nil && err == nil:
		t.Errorf("%q: the parser refuses (%s) what encoding/json reads", data, serr.msg)
	case serr == nil && err != nil:
		t.Errorf("%q: the parser reads what encoding/json refuses (%v)", data, err)
	case serr == nil && p.dup == nil && !reflect.DeepEqual(got, want):
		t.Errorf("%q: parser gives %#v, encoding/json %#v", data, got, want)
	}
}

func FuzzParserAgreesWithEncodingJSON(f *testing.F) {
	for _, s := range parserSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8Valid(data) || len(data) > 1<<16 {
			return // the parser is only given valid UTF-8
		}
		checkParserAgainstStd(t, data)
	})
}

func utf8Valid(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }

func TestDuplicateKeysAreRefusedWithTheirPath(t *testing.T) {
	tests := []struct{ name, in, path string }{
		{"top level", `{"format":"redline-plan/v1","title":"a","title":"b","phase":"war"}`, "title"},
		{"in a red line", `{"format":"redline-plan/v1","title":"a","phase":"war","red_lines":[{},{"id":"x","id":"y"}]}`, "red_lines[1].id"},
		{"in a threshold", `{"format":"redline-plan/v1","title":"a","phase":"war","red_lines":[{"threshold":{"op":">","op":"<"}}]}`, "red_lines[0].threshold.op"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodePlan([]byte(tt.in))
			var fe *FormatError
			if !errors.As(err, &fe) || len(fe.Problems) != 1 || fe.Problems[0].Path != tt.path ||
				!strings.Contains(fe.Problems[0].Message, "appears twice") {
				t.Errorf("got %v, want a duplicate-key problem at %s", err, tt.path)
			}
		})
	}
}

func TestParserRefusesDeepNesting(t *testing.T) {
	deep := strings.Repeat("[", maxDepth+5) + strings.Repeat("]", maxDepth+5)
	if _, err := DecodePlan([]byte(deep)); err == nil || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("got %v", err)
	}
}

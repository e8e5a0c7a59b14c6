package planner

import (
	"bufio"
	"errors"
	"io"
	"math"
	"strconv"
	"unicode/utf8"
)

// WriteJSON plays the script from the start to the end and writes the run
// as `redlinectl exercise --format json` prints it: byte for byte what
// encoding/json writes for RunExercise's result with a two-space indent and
// no HTML escaping, followed by a newline. It writes as it plays, from the
// engine's own record of each step, so that memory stays flat however
// many outcomes the run has (prepare e with ExerciseOptions.Stream).
func (e *Exercise) WriteJSON(w io.Writer) error {
	if e.pos != 0 {
		return errors.New("planner: WriteJSON of an exercise already under way")
	}
	j := jsonOut{w: bufio.NewWriterSize(w, 64<<10), buf: make([]byte, 0, 4096)}
	j.raw("{\n  \"plan\": ")
	j.str(e.plan.Title)
	j.raw(",\n  \"events\": [")
	for n := 0; e.step(); n++ {
		if n > 0 {
			j.raw(",")
		}
		e.writeEvent(&j, len(e.steps)-1)
		if err := j.flush(); err != nil {
			return err
		}
	}
	if e.pos > 0 {
		j.raw("\n  ")
	}
	s := &e.sum
	j.raw("],\n  \"summary\": {\n    \"injects\": ")
	j.int(s.Injects)
	j.raw(",\n    \"skipped\": ")
	j.int(s.Skipped)
	j.raw(",\n    \"crossed\": ")
	j.int(s.Crossed)
	j.raw(",\n    \"fired\": ")
	j.int(s.Fired)
	j.raw(",\n    \"decision\": ")
	j.int(s.Decision)
	j.raw(",\n    \"blocked\": ")
	j.int(s.Blocked)
	j.raw(",\n    \"ongoing\": ")
	j.int(s.Ongoing)
	j.raw("\n  }\n}\n")
	if err := j.flush(); err != nil {
		return err
	}
	return j.w.Flush()
}

// writeEvent writes the k-th step kept as one element of "events".
func (e *Exercise) writeEvent(j *jsonOut, k int) {
	s := &e.steps[k]
	in := &e.plan.Injects[s.inject]
	j.raw("\n    {\n      \"inject\": ")
	j.str(in.ID)
	j.raw(",\n      \"at_hours\": ")
	j.float(in.AtHours)
	j.raw(",\n      \"phase\": ")
	j.str(string(s.phase))
	if s.skipped {
		j.raw(",\n      \"skipped\": true,\n      \"crossed\": [")
	} else {
		j.raw(",\n      \"skipped\": false,\n      \"crossed\": [")
	}
	crossed, outs := e.stepParts(k)
	for i, rl := range crossed {
		if i > 0 {
			j.raw(",")
		}
		j.raw("\n        ")
		j.str(e.plan.RedLines[rl].ID)
	}
	if len(crossed) > 0 {
		j.raw("\n      ")
	}
	j.raw("],\n      \"responses\": [")
	for i := range outs {
		o := &outs[i]
		l := &e.links[o.link]
		if i > 0 {
			j.raw(",")
		}
		j.raw("\n        {\n          \"red_line\": ")
		j.str(l.redLine)
		j.raw(",\n          \"response\": ")
		j.str(l.response)
		j.raw(",\n          \"status\": ")
		j.str(string(outStatus[o.status]))
		j.raw(",\n          \"reason\": ")
		switch {
		case o.status != outBlocked:
			j.raw(`""`)
		case o.war:
			j.str(l.blockedWar)
		default:
			j.str(l.blockedPeace)
		}
		j.raw(",\n          \"effective_at_hours\": ")
		switch o.status {
		case outFired:
			j.float(effectAt(in.AtHours, l.hours))
		case outOngoing:
			j.float(e.resp[l.resp].effective)
		default:
			j.raw("null")
		}
		j.raw("\n        }")
	}
	if len(outs) > 0 {
		j.raw("\n      ")
	}
	j.raw("]\n    }")
}

// jsonOut gathers JSON text in a buffer and hands it to a bufio.Writer
// an event at a time.
type jsonOut struct {
	w   *bufio.Writer
	buf []byte
	err error
}

func (j *jsonOut) flush() error {
	if j.err == nil && len(j.buf) > 0 {
		_, j.err = j.w.Write(j.buf)
	}
	j.buf = j.buf[:0]
	return j.err
}

func (j *jsonOut) raw(s string) { j.buf = append(j.buf, s...) }

func (j *jsonOut) int(n int) { j.buf = strconv.AppendInt(j.buf, int64(n), 10) }

// float writes a number as encoding/json does.
func (j *jsonOut) float(f float64) { j.buf = appendJSONFloat(j.buf, f) }

// appendJSONFloat formats a float64 as encoding/json does: the shortest
// decimal that reads back the same, in exponent form below 1e-6 and from
// 1e21 on, with a two-digit negative exponent trimmed (1e-07 → 1e-7).
func appendJSONFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

const jsonHex = "0123456789abcdef"

// str writes a string as encoding/json does without HTML escaping:
// quotes, backslashes and control characters escaped, invalid UTF-8 as
// U+FFFD, and U+2028 and U+2029 escaped for JavaScript.
func (j *jsonOut) str(s string) {
	b := append(j.buf, '"')
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
				b = append(b, '\\', 'u', '0', '0', jsonHex[c>>4], jsonHex[c&0xF])
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
			b = append(b, '\\', 'u', '2', '0', '2', jsonHex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	j.buf = append(b, '"')
}

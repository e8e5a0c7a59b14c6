package planner

import (
	"bufio"
	"errors"
	"io"
	"strconv"
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
		j.str(e.reason(o))
		j.raw(",\n          \"effective_at_hours\": ")
		if at, ok := e.effective(o, in.AtHours); ok {
			j.float(at)
		} else {
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

// float writes a number as encoding/json does, with the canonical
// writer's appendFloat.
func (j *jsonOut) float(f float64) { j.buf = appendFloat(j.buf, f) }

// str writes a string as encoding/json does without HTML escaping, with
// the canonical writer's appendString.
func (j *jsonOut) str(s string) { j.buf = appendString(j.buf, s) }

package planner

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds nesting; a plan is at most five levels deep.
const maxDepth = 200

// syntaxError is a JSON syntax problem at a byte offset.
type syntaxError struct {
	msg string
	off int
}

// duplicateKey is an object that names a key twice: JSON readers keep one
// of the two values, so the other would be dropped without a word.
type duplicateKey struct {
	path string
}

// jsonParser reads one JSON value into the generic form encoding/json uses
// with UseNumber (map[string]any, []any, string, json.Number, bool, nil).
// Unlike encoding/json it refuses an object that repeats a key, naming its
// path, and it is about twice as fast on plans.
type jsonParser struct {
	data []byte
	pos  int
	// path is the way down to the value being read, for messages.
	path []pathStep
	dup  *duplicateKey
}

type pathStep struct {
	key   string
	index int // -1 for an object key
}

func (p *jsonParser) pathString() string {
	var b strings.Builder
	for _, s := range p.path {
		if s.index >= 0 {
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.key)
	}
	return b.String()
}

func (p *jsonParser) fail(msg string) *syntaxError { return &syntaxError{msg: msg, off: p.pos} }

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func describeByte(c byte) string {
	if c < utf8.RuneSelf {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("'\\x%02x'", c)
}

func (p *jsonParser) unexpected(context string) *syntaxError {
	if p.pos >= len(p.data) {
		return &syntaxError{msg: "unexpected end of JSON input", off: len(p.data)}
	}
	r, _ := utf8.DecodeRune(p.data[p.pos:])
	return p.fail(fmt.Sprintf("invalid character %s %s", strconv.QuoteRune(r), context))
}

func (p *jsonParser) value(depth int) (any, *syntaxError) {
	if depth > maxDepth {
		return nil, p.fail(fmt.Sprintf("nested more than %d levels deep", maxDepth))
	}
	p.skipSpace()
	if p.pos >= len(p.data) {
		return nil, p.unexpected("")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		return p.str()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	}
	return nil, p.unexpected("looking for beginning of value")
}

func (p *jsonParser) literal(word string) *syntaxError {
	for i := 0; i < len(word); i++ {
		if p.pos >= len(p.data) || p.data[p.pos] != word[i] {
			return p.unexpected("in literal " + word)
		}
		p.pos++
	}
	return nil
}

func (p *jsonParser) object(depth int) (any, *syntaxError) {
	p.pos++ // {
	m := make(map[string]any, 8)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return m, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.unexpected("looking for beginning of object key string")
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		key := k.(string)
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.unexpected("after object key")
		}
		p.pos++
		p.path = append(p.path, pathStep{key: key, index: -1})
		if _, dup := m[key]; dup && p.dup == nil {
			p.dup = &duplicateKey{path: p.pathString()}
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.path = p.path[:len(p.path)-1]
		m[key] = v
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.unexpected("")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return m, nil
		default:
			return nil, p.unexpected("after object key:value pair")
		}
	}
}

func (p *jsonParser) array(depth int) (any, *syntaxError) {
	p.pos++ // [
	l := make([]any, 0, 4)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return l, nil
	}
	for i := 0; ; i++ {
		p.path = append(p.path, pathStep{index: i})
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.path = p.path[:len(p.path)-1]
		l = append(l, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.unexpected("")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return l, nil
		default:
			return nil, p.unexpected("after array element")
		}
	}
}

func (p *jsonParser) number() (any, *syntaxError) {
	start := p.pos
	d := p.data
	if d[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(d) && d[p.pos] == '0':
		p.pos++
	case p.pos < len(d) && d[p.pos] >= '1' && d[p.pos] <= '9':
		for p.pos < len(d) && d[p.pos] >= '0' && d[p.pos] <= '9' {
			p.pos++
		}
	default:
		return nil, p.unexpected("in numeric literal")
	}
	if p.pos < len(d) && d[p.pos] == '.' {
		p.pos++
		if p.pos >= len(d) || d[p.pos] < '0' || d[p.pos] > '9' {
			return nil, p.unexpected("after decimal point in numeric literal")
		}
		for p.pos < len(d) && d[p.pos] >= '0' && d[p.pos] <= '9' {
			p.pos++
		}
	}
	if p.pos < len(d) && (d[p.pos] == 'e' || d[p.pos] == 'E') {
		p.pos++
		if p.pos < len(d) && (d[p.pos] == '+' || d[p.pos] == '-') {
			p.pos++
		}
		if p.pos >= len(d) || d[p.pos] < '0' || d[p.pos] > '9' {
			return nil, p.unexpected("in exponent of numeric literal")
		}
		for p.pos < len(d) && d[p.pos] >= '0' && d[p.pos] <= '9' {
			p.pos++
		}
	}
	return json.Number(d[start:p.pos]), nil
}

// str reads a string; the input is known to be valid UTF-8.
func (p *jsonParser) str() (any, *syntaxError) {
	p.pos++ // opening quote
	start := p.pos
	d := p.data
	// Fast path: no escapes.
	for p.pos < len(d) {
		c := d[p.pos]
		if c == '"' {
			s := string(d[start:p.pos])
			p.pos++
			return s, nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return nil, p.fail(fmt.Sprintf("invalid character %s in string literal", describeByte(c)))
		}
		p.pos++
	}
	buf := make([]byte, 0, p.pos-start+16)
	buf = append(buf, d[start:p.pos]...)
	for p.pos < len(d) {
		c := d[p.pos]
		switch {
		case c == '"':
			p.pos++
			return string(buf), nil
		case c < 0x20:
			return nil, p.fail(fmt.Sprintf("invalid character %s in string literal", describeByte(c)))
		case c != '\\':
			buf = append(buf, c)
			p.pos++
			continue
		}
		p.pos++ // backslash
		if p.pos >= len(d) {
			break
		}
		e := d[p.pos]
		p.pos++
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return nil, p.unexpected("in \\u hexadecimal character escape")
			}
			if utf16.IsSurrogate(r) {
				// A valid pair makes one character; anything else is
				// replaced, as encoding/json does.
				save := p.pos
				r2 := rune(-1)
				if p.pos+1 < len(d) && d[p.pos] == '\\' && d[p.pos+1] == 'u' {
					p.pos += 2
					var ok2 bool
					if r2, ok2 = p.hex4(); !ok2 {
						return nil, p.unexpected("in \\u hexadecimal character escape")
					}
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					r = dec
				} else {
					p.pos = save
					r = utf8.RuneError
				}
			}
			buf = utf8.AppendRune(buf, r)
		default:
			p.pos--
			return nil, p.unexpected("in string escape code")
		}
	}
	return nil, &syntaxError{msg: "unexpected end of JSON input", off: len(d)}
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.pos+4 > len(p.data) {
		p.pos = len(p.data)
		return 0, false
	}
	var r rune
	for i := 0; i < 4; i++ {
		c := p.data[p.pos]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
		p.pos++
	}
	return r, true
}

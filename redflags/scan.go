// SPDX-License-Identifier: EUPL-1.2

package redflags

import (
	"strconv"
	"unsafe"
)

// maxDepth is the deepest nesting of arrays and objects a line may have. The
// reference reader gives up at the 128th nested container, so a line that
// nests 128 levels is invalid there and here.
const maxDepth = 127

// scanner is a validating, allocation-light JSON reader over one line. It
// accepts exactly the JSON text a strict reader accepts (RFC 8259, with
// paired surrogate escapes and numbers within float64 range) and lets the
// release decoder pick out the few members the indicators read while every
// other value is checked and skipped.
//
// The methods report failure by returning false; msg then holds the reason.
type scanner struct {
	data  []byte
	pos   int
	depth int
	msg   string
	buf   []byte // scratch for strings with escapes
}

func (s *scanner) reset(data []byte) {
	s.data = data
	s.pos = 0
	s.depth = 0
	s.msg = ""
}

func (s *scanner) fail(msg string) bool {
	if s.msg == "" {
		s.msg = msg + " at column " + strconv.Itoa(s.pos+1)
	}
	return false
}

func (s *scanner) eof() bool {
	return s.fail("unexpected end of line")
}

// ws skips JSON whitespace.
func (s *scanner) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// peek returns the next significant byte, or 0 at the end of the input.
func (s *scanner) peek() byte {
	s.ws()
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

// end checks that only whitespace follows the top-level value.
func (s *scanner) end() bool {
	s.ws()
	if s.pos != len(s.data) {
		return s.fail("trailing characters")
	}
	return true
}

// enter consumes the opening bracket of an array or object.
func (s *scanner) enter(open byte) bool {
	s.ws()
	if s.pos >= len(s.data) {
		return s.eof()
	}
	if s.data[s.pos] != open {
		return s.fail("expected " + string(open))
	}
	s.depth++
	if s.depth > maxDepth {
		return s.fail("recursion limit exceeded")
	}
	s.pos++
	return true
}

// next reports whether another element or member follows inside the
// container closed by close. first is true before the first element.
func (s *scanner) next(close byte, first bool) (more, ok bool) {
	s.ws()
	if s.pos >= len(s.data) {
		return false, s.eof()
	}
	c := s.data[s.pos]
	if c == close {
		// A close after a comma never gets here: the comma branch below
		// moves on to the element, which then fails.
		s.pos++
		s.depth--
		return false, true
	}
	if !first {
		if c != ',' {
			return false, s.fail("expected , or " + string(close))
		}
		s.pos++
		s.ws()
	}
	return true, true
}

// key reads an object member's name and the colon after it. The returned
// slice is only valid until the next string is read.
func (s *scanner) key() ([]byte, bool) {
	s.ws()
	if s.pos >= len(s.data) {
		return nil, s.eof()
	}
	if s.data[s.pos] != '"' {
		return nil, s.fail("expected a member name")
	}
	k, ok := s.str()
	if !ok {
		return nil, false
	}
	s.ws()
	if s.pos >= len(s.data) {
		return nil, s.eof()
	}
	if s.data[s.pos] != ':' {
		return nil, s.fail("expected :")
	}
	s.pos++
	return k, true
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// hex4 reads the four hex digits of a \u escape starting at i.
func (s *scanner) hex4(i int) (rune, bool) {
	if i+4 > len(s.data) {
		s.pos = len(s.data)
		return 0, s.eof()
	}
	var r rune
	for j := i; j < i+4; j++ {
		h := hexVal(s.data[j])
		if h < 0 {
			s.pos = j
			return 0, s.fail("invalid \\u escape")
		}
		r = r<<4 | rune(h)
	}
	return r, true
}

// str reads a string (the scanner is at its opening quote) and returns its
// decoded bytes: a sub-slice of the input when it has no escapes, else the
// scratch buffer. The input is known to be valid UTF-8.
func (s *scanner) str() ([]byte, bool) {
	start := s.pos + 1
	i := start
	data := s.data
	for i < len(data) {
		c := data[i]
		if c == '"' {
			s.pos = i + 1
			return data[start:i], true
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			s.pos = i
			return nil, s.fail("control character in string")
		}
		i++
	}
	if i >= len(data) {
		s.pos = i
		return nil, s.eof()
	}
	// Slow path: decode escapes into the scratch buffer.
	b := append(s.buf[:0], data[start:i]...)
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			s.pos = i + 1
			s.buf = b
			return b, true
		case c < 0x20:
			s.pos = i
			return nil, s.fail("control character in string")
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		if i+1 >= len(data) {
			s.pos = len(data)
			return nil, s.eof()
		}
		e := data[i+1]
		i += 2
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := s.hex4(i)
			if !ok {
				return nil, false
			}
			i += 4
			switch {
			case r >= 0xDC00 && r <= 0xDFFF:
				s.pos = i
				return nil, s.fail("lone surrogate in \\u escape")
			case r >= 0xD800 && r <= 0xDBFF:
				if i+1 >= len(data) || data[i] != '\\' || data[i+1] != 'u' {
					s.pos = i
					return nil, s.fail("unexpected end of surrogate pair")
				}
				r2, ok := s.hex4(i + 2)
				if !ok {
					return nil, false
				}
				i += 6
				if r2 < 0xDC00 || r2 > 0xDFFF {
					s.pos = i
					return nil, s.fail("lone surrogate in \\u escape")
				}
				r = 0x10000 + (r-0xD800)<<10 + (r2 - 0xDC00)
			}
			b = appendRune(b, r)
		default:
			s.pos = i - 1
			return nil, s.fail("invalid escape")
		}
	}
	s.pos = i
	return nil, s.eof()
}

func appendRune(b []byte, r rune) []byte {
	switch {
	case r < 0x80:
		return append(b, byte(r))
	case r < 0x800:
		return append(b, 0xC0|byte(r>>6), 0x80|byte(r)&0x3F)
	case r < 0x10000:
		return append(b, 0xE0|byte(r>>12), 0x80|byte(r>>6)&0x3F, 0x80|byte(r)&0x3F)
	default:
		return append(b, 0xF0|byte(r>>18), 0x80|byte(r>>12)&0x3F, 0x80|byte(r>>6)&0x3F, 0x80|byte(r)&0x3F)
	}
}

// skipString validates a string without decoding it.
func (s *scanner) skipString() bool {
	i := s.pos + 1
	data := s.data
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			s.pos = i + 1
			return true
		case c == '\\':
			// Hand escapes to the decoder, which validates them.
			s.pos = i
			goto slow
		case c < 0x20:
			s.pos = i
			return s.fail("control character in string")
		}
		i++
	}
	s.pos = i
	return s.eof()
slow:
	// From the first backslash on, check escapes one by one.
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			s.pos = i + 1
			return true
		case c < 0x20:
			s.pos = i
			return s.fail("control character in string")
		case c != '\\':
			i++
			continue
		}
		if i+1 >= len(data) {
			s.pos = len(data)
			return s.eof()
		}
		e := data[i+1]
		i += 2
		switch e {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		case 'u':
			r, ok := s.hex4(i)
			if !ok {
				return false
			}
			i += 4
			switch {
			case r >= 0xDC00 && r <= 0xDFFF:
				s.pos = i
				return s.fail("lone surrogate in \\u escape")
			case r >= 0xD800 && r <= 0xDBFF:
				if i+1 >= len(data) || data[i] != '\\' || data[i+1] != 'u' {
					s.pos = i
					return s.fail("unexpected end of surrogate pair")
				}
				r2, ok := s.hex4(i + 2)
				if !ok {
					return false
				}
				i += 6
				if r2 < 0xDC00 || r2 > 0xDFFF {
					s.pos = i
					return s.fail("lone surrogate in \\u escape")
				}
			}
		default:
			s.pos = i - 1
			return s.fail("invalid escape")
		}
	}
	s.pos = i
	return s.eof()
}

// number validates a number literal and returns it, plus whether it is an
// integer literal (no fraction, no exponent).
func (s *scanner) number() (lit []byte, integer, ok bool) {
	data := s.data
	start := s.pos
	i := start
	if i < len(data) && data[i] == '-' {
		i++
	}
	if i >= len(data) {
		s.pos = i
		return nil, false, s.eof()
	}
	switch c := data[i]; {
	case c == '0':
		i++
		if i < len(data) && data[i] >= '0' && data[i] <= '9' {
			s.pos = i
			return nil, false, s.fail("invalid number")
		}
	case c >= '1' && c <= '9':
		i++
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	default:
		s.pos = i
		return nil, false, s.fail("invalid number")
	}
	integer = true
	exp := false
	if i < len(data) && data[i] == '.' {
		integer = false
		i++
		d := i
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
		if i == d {
			s.pos = i
			return nil, false, s.fail("invalid number")
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		integer = false
		exp = true
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		d := i
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
		if i == d {
			s.pos = i
			return nil, false, s.fail("invalid number")
		}
	}
	s.pos = i
	lit = data[start:i]
	// Only an exponent or a very long literal can leave the float64 range,
	// which a strict reader rejects.
	if exp || len(lit) > 300 {
		if _, err := strconv.ParseFloat(bytesView(lit), 64); err != nil {
			if ne, isNum := err.(*strconv.NumError); isNum && ne.Err == strconv.ErrRange {
				s.pos = start
				return nil, false, s.fail("number out of range")
			}
		}
	}
	return lit, integer, true
}

// float reads a number as float64.
func (s *scanner) float() (float64, bool) {
	lit, _, ok := s.number()
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(bytesView(lit), 64)
	if err != nil {
		return 0, s.fail("invalid number")
	}
	return f, true
}

func (s *scanner) literal(word string) bool {
	if len(s.data)-s.pos < len(word) {
		s.pos = len(s.data)
		return s.eof()
	}
	if string(s.data[s.pos:s.pos+len(word)]) != word {
		return s.fail("expected value")
	}
	s.pos += len(word)
	return true
}

// skip validates and skips any value.
func (s *scanner) skip() bool {
	switch s.peek() {
	case '"':
		return s.skipString()
	case '{':
		if !s.enter('{') {
			return false
		}
		for first := true; ; first = false {
			more, ok := s.next('}', first)
			if !ok {
				return false
			}
			if !more {
				return true
			}
			if _, ok := s.key(); !ok {
				return false
			}
			if !s.skip() {
				return false
			}
		}
	case '[':
		if !s.enter('[') {
			return false
		}
		for first := true; ; first = false {
			more, ok := s.next(']', first)
			if !ok {
				return false
			}
			if !more {
				return true
			}
			if !s.skip() {
				return false
			}
		}
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		_, _, ok := s.number()
		return ok
	case 0:
		if s.pos >= len(s.data) {
			return s.eof()
		}
	}
	return s.fail("expected value")
}

// bytesView returns a string sharing b's memory, for read-only use that does
// not outlive b (parsing numbers, map look-ups).
func bytesView(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

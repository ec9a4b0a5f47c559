// SPDX-License-Identifier: EUPL-1.2

package pdf

import (
	"bytes"
	"fmt"
	"strconv"
)

// Destinations reads a PDF's named destinations (the targets of a
// document's internal links: Chromium writes one for each element id a link
// points to) and returns the 1-based page each one is on. It reads
// documents with a classic cross-reference table, as Chromium writes them;
// others are an error.
func Destinations(doc []byte) (map[string]int, error) {
	r, err := newReader(doc)
	if err != nil {
		return nil, fmt.Errorf("pdf destinations: %w", err)
	}
	root, err := r.resolve(r.trailer["Root"])
	if err != nil {
		return nil, fmt.Errorf("pdf destinations: catalog: %w", err)
	}
	cat, ok := root.(dict)
	if !ok {
		return nil, fmt.Errorf("pdf destinations: the catalog is not a dictionary")
	}
	pages := map[int]int{} // page object number → page number
	if err := r.pages(cat["Pages"], pages, 0); err != nil {
		return nil, fmt.Errorf("pdf destinations: pages: %w", err)
	}
	out := map[string]int{}
	add := func(name string, d any) {
		d, _ = r.resolve(d)
		if dd, ok := d.(dict); ok {
			d, _ = r.resolve(dd["D"])
		}
		if a, ok := d.(array); ok && len(a) > 0 {
			if ref, ok := a[0].(ref); ok {
				if n, ok := pages[ref.num]; ok {
					out[name] = n
				}
			}
		}
	}
	if v, err := r.resolve(cat["Dests"]); err == nil {
		if d, ok := v.(dict); ok {
			for k, v := range d {
				add(k, v)
			}
		}
	}
	if v, err := r.resolve(cat["Names"]); err == nil {
		if names, ok := v.(dict); ok {
			r.nameTree(names["Dests"], add, 0)
		}
	}
	return out, nil
}

// The PDF objects the reader knows.
type (
	dict  map[string]any
	array []any
	name  string
	ref   struct{ num, gen int }
)

type reader struct {
	doc     []byte
	offsets map[int]int // object number → byte offset
	trailer dict
	visited map[int]bool // tree nodes read, against loops
}

func newReader(doc []byte) (*reader, error) {
	i := bytes.LastIndex(doc, []byte("startxref"))
	if i < 0 {
		return nil, fmt.Errorf("no startxref")
	}
	p := &parser{b: doc, i: i + len("startxref")}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	off, ok := v.(int)
	if !ok || off < 0 || off >= len(doc) {
		return nil, fmt.Errorf("bad startxref")
	}
	r := &reader{doc: doc, offsets: map[int]int{}, visited: map[int]bool{}}
	for seen := 0; ; seen++ {
		if seen > 32 {
			return nil, fmt.Errorf("too many cross-reference sections")
		}
		prev, err := r.xref(off)
		if err != nil {
			return nil, err
		}
		if prev < 0 {
			break
		}
		off = prev
	}
	return r, nil
}

// xref reads one classic cross-reference section and its trailer and
// returns the offset of the previous section, or -1.
func (r *reader) xref(off int) (int, error) {
	p := &parser{b: r.doc, i: off}
	p.space()
	if !bytes.HasPrefix(r.doc[p.i:], []byte("xref")) {
		return 0, fmt.Errorf("not a classic cross-reference table")
	}
	p.i += len("xref")
	for {
		p.space()
		if bytes.HasPrefix(r.doc[p.i:], []byte("trailer")) {
			p.i += len("trailer")
			break
		}
		first, err1 := p.value()
		count, err2 := p.value()
		start, ok1 := first.(int)
		n, ok2 := count.(int)
		if err1 != nil || err2 != nil || !ok1 || !ok2 || start < 0 || n < 0 || n > len(r.doc)/18 {
			return 0, fmt.Errorf("bad cross-reference subsection")
		}
		p.space()
		for k := 0; k < n; k++ {
			if p.i+18 > len(r.doc) {
				return 0, fmt.Errorf("cross-reference table cut short")
			}
			e := r.doc[p.i : p.i+18]
			o, err := strconv.Atoi(string(e[:10]))
			if err != nil {
				return 0, fmt.Errorf("bad cross-reference entry")
			}
			if e[17] == 'n' {
				if _, dup := r.offsets[start+k]; !dup {
					r.offsets[start+k] = o
				}
			}
			p.i += 18
			p.space()
		}
	}
	v, err := p.value()
	if err != nil {
		return 0, err
	}
	t, ok := v.(dict)
	if !ok {
		return 0, fmt.Errorf("the trailer is not a dictionary")
	}
	if r.trailer == nil {
		r.trailer = t
	}
	if prev, ok := t["Prev"].(int); ok && prev >= 0 && prev < len(r.doc) && prev != off {
		return prev, nil
	}
	return -1, nil
}

// resolve follows a reference to its object.
func (r *reader) resolve(v any) (any, error) {
	x, ok := v.(ref)
	if !ok {
		return v, nil
	}
	off, ok := r.offsets[x.num]
	if !ok || off < 0 || off >= len(r.doc) {
		return nil, fmt.Errorf("object %d not found", x.num)
	}
	p := &parser{b: r.doc, i: off}
	for _, want := range []int{x.num, x.gen} {
		v, err := p.value()
		if n, ok := v.(int); err != nil || !ok || n != want {
			return nil, fmt.Errorf("object %d: bad header", x.num)
		}
	}
	p.space()
	if !bytes.HasPrefix(r.doc[p.i:], []byte("obj")) {
		return nil, fmt.Errorf("object %d: no obj", x.num)
	}
	p.i += 3
	return p.value()
}

func (r *reader) pages(v any, out map[int]int, depth int) error {
	if depth > 64 {
		return fmt.Errorf("page tree too deep")
	}
	x, isRef := v.(ref)
	if isRef {
		if r.visited[x.num] {
			return nil
		}
		r.visited[x.num] = true
	}
	v, err := r.resolve(v)
	if err != nil {
		return err
	}
	d, ok := v.(dict)
	if !ok {
		return fmt.Errorf("a page tree node is not a dictionary")
	}
	if d["Type"] == name("Page") {
		if isRef {
			out[x.num] = len(out) + 1
		}
		return nil
	}
	kids, err := r.resolve(d["Kids"])
	if err != nil {
		return err
	}
	a, _ := kids.(array)
	for _, k := range a {
		if err := r.pages(k, out, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) nameTree(v any, add func(string, any), depth int) {
	if depth > 32 {
		return
	}
	if x, ok := v.(ref); ok {
		if r.visited[-x.num-1] {
			return
		}
		r.visited[-x.num-1] = true
	}
	v, err := r.resolve(v)
	d, ok := v.(dict)
	if err != nil || !ok {
		return
	}
	if kids, err := r.resolve(d["Kids"]); err == nil {
		a, _ := kids.(array)
		for _, k := range a {
			r.nameTree(k, add, depth+1)
		}
	}
	if names, err := r.resolve(d["Names"]); err == nil {
		a, _ := names.(array)
		for i := 0; i+1 < len(a); i += 2 {
			if s, ok := a[i].(string); ok {
				add(s, a[i+1])
			}
		}
	}
}

// parser reads PDF values from b at i: numbers (int or float64), names,
// strings (as Go strings), arrays, dictionaries, references, booleans and
// null (nil). A stream's data is not read.
type parser struct {
	b     []byte
	i     int
	depth int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0
}

func (p *parser) space() {
	for p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case isSpace(c):
			p.i++
		case c == '%':
			for p.i < len(p.b) && p.b[p.i] != '\n' && p.b[p.i] != '\r' {
				p.i++
			}
		default:
			return
		}
	}
}

func (p *parser) word() string {
	j := p.i
	for p.i < len(p.b) && !isSpace(p.b[p.i]) && !isDelim(p.b[p.i]) {
		p.i++
	}
	return string(p.b[j:p.i])
}

func (p *parser) value() (any, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > 64 {
		return nil, fmt.Errorf("nested too deep")
	}
	p.space()
	if p.i >= len(p.b) {
		return nil, fmt.Errorf("unexpected end")
	}
	switch c := p.b[p.i]; {
	case c == '/':
		p.i++
		return name(unescapeName(p.word())), nil
	case c == '(':
		return p.literal()
	case c == '<' && p.i+1 < len(p.b) && p.b[p.i+1] == '<':
		p.i += 2
		d := dict{}
		for {
			p.space()
			if p.i+1 < len(p.b) && p.b[p.i] == '>' && p.b[p.i+1] == '>' {
				p.i += 2
				return d, nil
			}
			k, err := p.value()
			if err != nil {
				return nil, err
			}
			kn, ok := k.(name)
			if !ok {
				return nil, fmt.Errorf("a dictionary key is not a name")
			}
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			d[string(kn)] = v
		}
	case c == '<':
		p.i++
		var hex []byte
		for p.i < len(p.b) && p.b[p.i] != '>' {
			if !isSpace(p.b[p.i]) {
				hex = append(hex, p.b[p.i])
			}
			p.i++
		}
		p.i++
		if len(hex)%2 == 1 {
			hex = append(hex, '0')
		}
		out := make([]byte, len(hex)/2)
		for k := range out {
			n, err := strconv.ParseUint(string(hex[2*k:2*k+2]), 16, 8)
			if err != nil {
				return nil, fmt.Errorf("bad hex string")
			}
			out[k] = byte(n)
		}
		return string(out), nil
	case c == '[':
		p.i++
		var a array
		for {
			p.space()
			if p.i < len(p.b) && p.b[p.i] == ']' {
				p.i++
				return a, nil
			}
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'):
		w := p.word()
		n, err := strconv.Atoi(w)
		if err != nil {
			f, err := strconv.ParseFloat(w, 64)
			if err != nil {
				return nil, fmt.Errorf("bad number %q", w)
			}
			return f, nil
		}
		// "N G R" is a reference.
		save := p.i
		p.space()
		if g := p.word(); g != "" {
			if gen, err := strconv.Atoi(g); err == nil && n >= 0 && gen >= 0 {
				p.space()
				if p.i < len(p.b) && p.b[p.i] == 'R' && (p.i+1 == len(p.b) || isSpace(p.b[p.i+1]) || isDelim(p.b[p.i+1])) {
					p.i++
					return ref{n, gen}, nil
				}
			}
		}
		p.i = save
		return n, nil
	default:
		switch w := p.word(); w {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "null":
			return nil, nil
		case "":
			return nil, fmt.Errorf("unexpected %q", c)
		default:
			return nil, fmt.Errorf("unexpected keyword %q", w)
		}
	}
}

func (p *parser) literal() (any, error) {
	p.i++
	var out []byte
	nest := 1
	for p.i < len(p.b) {
		c := p.b[p.i]
		p.i++
		switch c {
		case '(':
			nest++
		case ')':
			if nest--; nest == 0 {
				return string(out), nil
			}
		case '\\':
			if p.i >= len(p.b) {
				break
			}
			e := p.b[p.i]
			p.i++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r', '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					n := int(e - '0')
					for k := 0; k < 2 && p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '7'; k++ {
						n = n*8 + int(p.b[p.i]-'0')
						p.i++
					}
					c = byte(n)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return nil, fmt.Errorf("unterminated string")
}

func unescapeName(s string) string {
	if !bytes.ContainsRune([]byte(s), '#') {
		return s
	}
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && i+2 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				out = append(out, byte(n))
				i += 2
				continue
			}
		}
		out = append(out, s[i])
	}
	return string(out)
}

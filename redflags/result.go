// SPDX-License-Identifier: EUPL-1.2

package redflags

import (
	"bufio"
	"bytes"
	"io"
	"math"
	"sort"
	"strconv"
)

// code identifies an indicator.
type code uint8

const (
	r003 code = iota
	r018
	r024
	r025
	r028
	r030
	r035
	r036
	r038
	r048
	r058
	numCodes
)

var codes = [numCodes]code{r003, r018, r024, r025, r028, r030, r035, r036, r038, r048, r058}

var codeNames = [numCodes]string{"R003", "R018", "R024", "R025", "R028", "R030", "R035", "R036", "R038", "R048", "R058"}

func (c code) String() string { return codeNames[c] }

// Codes lists the indicator codes this package implements.
func Codes() []string { return append([]string(nil), codeNames[:]...) }

// Group is what a result is about: a contracting process or an organisation.
type Group uint8

const (
	OCID            Group = iota // a contracting process, by /ocid
	Buyer                        // by /buyer/id
	ProcuringEntity              // by /tender/procuringEntity/id
	Tenderer                     // by /bids/details[]/tenderers[]/id (or a supplier)
	numGroups
)

var groupNames = [numGroups]string{"OCID", "Buyer", "ProcuringEntity", "Tenderer"}

func (g Group) String() string {
	if g < numGroups {
		return groupNames[g]
	}
	return "Group(" + strconv.Itoa(int(g)) + ")"
}

// entry holds the results about one identifier.
type entry struct {
	key  string
	seq  int64 // orders the output: when the identifier was first flagged
	set  uint16
	vals [numCodes]float64
}

type groupResults struct {
	index   map[string]int
	entries []entry
}

func (g *groupResults) set(key string, seq int64, c code, v float64) {
	if g.index == nil {
		g.index = map[string]int{}
	}
	i, ok := g.index[key]
	if !ok {
		i = len(g.entries)
		g.index[key] = i
		g.entries = append(g.entries, entry{key: key, seq: seq})
	}
	e := &g.entries[i]
	e.seq = min(e.seq, seq)
	e.set |= 1 << c
	e.vals[c] = v
}

func (g *groupResults) sort() {
	sort.SliceStable(g.entries, func(i, j int) bool {
		a, b := &g.entries[i], &g.entries[j]
		if a.seq != b.seq {
			return a.seq < b.seq
		}
		return a.key < b.key
	})
	for i := range g.entries {
		g.index[g.entries[i].key] = i
	}
}

// metaValue is a named number in the Meta object (quartiles and fences).
type metaValue struct {
	name  string
	value float64
}

// Stats counts what was read.
type Stats struct {
	Lines    int64 // lines read, blank ones included
	Releases int64 // releases with a string ocid
	Skipped  int64 // non-blank lines that were not such releases
	Excluded int64 // releases dropped as cancelled or by [exclusions]
}

// Result holds the indicator results, grouped as ocdscardinal groups them,
// plus the quartiles and fences used ("Meta").
type Result struct {
	groups [numGroups]groupResults
	meta   [numCodes][]metaValue
	Stats  Stats
}

func (r *Result) set(g Group, key string, seq int64, c code, v float64) {
	r.groups[g].set(key, seq, c, v)
}

func (r *Result) setMeta(c code, name string, v float64) {
	for i := range r.meta[c] {
		if r.meta[c][i].name == name {
			r.meta[c][i].value = v
			return
		}
	}
	r.meta[c] = append(r.meta[c], metaValue{name, v})
}

// Get returns the result of indicator code (e.g. "R024") for an identifier.
func (r *Result) Get(g Group, id, code string) (float64, bool) {
	if g >= numGroups {
		return 0, false
	}
	i, ok := r.groups[g].index[id]
	if !ok {
		return 0, false
	}
	for c, name := range codeNames {
		if name == code {
			e := &r.groups[g].entries[i]
			return e.vals[c], e.set&(1<<c) != 0
		}
	}
	return 0, false
}

// IDs lists the identifiers with results in a group, in output order.
func (r *Result) IDs(g Group) []string {
	if g >= numGroups {
		return nil
	}
	out := make([]string, len(r.groups[g].entries))
	for i, e := range r.groups[g].entries {
		out[i] = e.key
	}
	return out
}

// Meta returns the quartiles and fences an indicator used, by name.
func (r *Result) Meta(code string) map[string]float64 {
	for c, name := range codeNames {
		if name == code {
			if len(r.meta[c]) == 0 {
				return nil
			}
			m := make(map[string]float64, len(r.meta[c]))
			for _, mv := range r.meta[c] {
				m[mv.name] = mv.value
			}
			return m
		}
	}
	return nil
}

// MarshalJSON renders the result with its Meta key.
func (r *Result) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	r.appendJSON(&b, true)
	return b.Bytes(), nil
}

// WriteJSON writes the result as one line of compact JSON, in the shape
// ocdscardinal prints: groups with results (OCID, Buyer, ProcuringEntity,
// Tenderer), each mapping identifiers to indicator codes to numbers, then
// "Meta" (unless withMeta is false) with the quartiles and fences, rounded
// to 4 decimals.
func (r *Result) WriteJSON(w io.Writer, withMeta bool) error {
	bw := bufio.NewWriterSize(w, 64*1024)
	r.appendJSON(bw, withMeta)
	bw.WriteByte('\n')
	return bw.Flush()
}

type byteWriter interface {
	io.Writer
	io.ByteWriter
	io.StringWriter
}

func (r *Result) appendJSON(w byteWriter, withMeta bool) {
	var num []byte
	w.WriteByte('{')
	first := true
	for g := range numGroups {
		gr := &r.groups[g]
		if len(gr.entries) == 0 {
			continue
		}
		if !first {
			w.WriteByte(',')
		}
		first = false
		writeJSONString(w, groupNames[g])
		w.WriteString(":{")
		for i := range gr.entries {
			e := &gr.entries[i]
			if i > 0 {
				w.WriteByte(',')
			}
			writeJSONString(w, e.key)
			w.WriteString(":{")
			n := 0
			for c := range numCodes {
				if e.set&(1<<c) == 0 {
					continue
				}
				if n > 0 {
					w.WriteByte(',')
				}
				n++
				writeJSONString(w, codeNames[c])
				w.WriteByte(':')
				num = appendFloat(num[:0], e.vals[c])
				w.Write(num)
			}
			w.WriteByte('}')
		}
		w.WriteByte('}')
	}
	if withMeta {
		if !first {
			w.WriteByte(',')
		}
		w.WriteString(`"Meta":{`)
		n := 0
		for c := range numCodes {
			if len(r.meta[c]) == 0 {
				continue
			}
			if n > 0 {
				w.WriteByte(',')
			}
			n++
			writeJSONString(w, codeNames[c])
			w.WriteString(":{")
			for i, mv := range r.meta[c] {
				if i > 0 {
					w.WriteByte(',')
				}
				writeJSONString(w, mv.name)
				w.WriteByte(':')
				num = appendFloat(num[:0], math.Round(mv.value*10_000)/10_000)
				w.Write(num)
			}
			w.WriteByte('}')
		}
		w.WriteByte('}')
	}
	w.WriteByte('}')
}

const hexDigits = "0123456789abcdef"

// writeJSONString writes s as a JSON string, escaping only what must be
// escaped (quote, backslash and control characters), as serde_json does.
func writeJSONString(w byteWriter, s string) {
	w.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		w.WriteString(s[start:i])
		switch c {
		case '"':
			w.WriteString(`\"`)
		case '\\':
			w.WriteString(`\\`)
		case '\b':
			w.WriteString(`\b`)
		case '\f':
			w.WriteString(`\f`)
		case '\n':
			w.WriteString(`\n`)
		case '\r':
			w.WriteString(`\r`)
		case '\t':
			w.WriteString(`\t`)
		default:
			w.WriteString(`\u00`)
			w.WriteByte(hexDigits[c>>4])
			w.WriteByte(hexDigits[c&0xF])
		}
		start = i + 1
	}
	w.WriteString(s[start:])
	w.WriteByte('"')
}

// appendFloat formats f the way serde_json prints an f64: the shortest
// digits that read back as f, with ".0" on integral values, plain notation
// for magnitudes from 1e-5 up to 1e16 and exponent notation ("1e16",
// "1.5e-7") outside; NaN and infinities print as null.
func appendFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...)
	}
	if f == 0 {
		if math.Signbit(f) {
			return append(dst, "-0.0"...)
		}
		return append(dst, "0.0"...)
	}
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64)
	neg := e[0] == '-'
	if neg {
		e = e[1:]
		dst = append(dst, '-')
	}
	// e is d[.ddd]e±XX: collect the digits and the decimal exponent.
	var digs [24]byte
	nd := 0
	i := 0
	for ; i < len(e) && e[i] != 'e'; i++ {
		if e[i] != '.' {
			digs[nd] = e[i]
			nd++
		}
	}
	exp, _ := strconv.Atoi(string(e[i+1:]))
	// The value is 0.d1d2...dn × 10^kk.
	kk := exp + 1
	k := kk - nd // value = digits × 10^k
	switch {
	case k >= 0 && kk <= 16:
		dst = append(dst, digs[:nd]...)
		for j := nd; j < kk; j++ {
			dst = append(dst, '0')
		}
		dst = append(dst, '.', '0')
	case kk > 0 && kk <= 16:
		dst = append(dst, digs[:kk]...)
		dst = append(dst, '.')
		dst = append(dst, digs[kk:nd]...)
	case kk > -5 && kk <= 0:
		dst = append(dst, '0', '.')
		for j := kk; j < 0; j++ {
			dst = append(dst, '0')
		}
		dst = append(dst, digs[:nd]...)
	default:
		dst = append(dst, digs[0])
		if nd > 1 {
			dst = append(dst, '.')
			dst = append(dst, digs[1:nd]...)
		}
		dst = append(dst, 'e')
		dst = strconv.AppendInt(dst, int64(kk-1), 10)
	}
	return dst
}

// SPDX-License-Identifier: EUPL-1.2

package tabular

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
)

// Record is one row of a table file: its first physical line (CSV) or row
// (XLSX) number, its raw text (for rejects files) and its fields.
type Record struct {
	Line   int
	Raw    string
	Fields []string
	// Problem is set when the row could not be split cleanly (an
	// unterminated quote); such a row must be rejected with this reason.
	Problem string
}

// Limits on one CSV record: a quoted field that stays open longer than this is
// taken to be a stray quote, not a multi-line field.
const (
	maxRecordLines = 100
	maxRecordBytes = 1 << 20
)

// csvReader splits decoded UTF-8 text into records. It keeps the raw text and
// line number of every record, accepts quoted fields with embedded separators,
// quotes ("") and line breaks, treats a stray quote inside an unquoted field as
// text, and tolerates CRLF, LF and CR line ends.
type csvReader struct {
	br      *bufio.Reader
	sep     byte
	crOnly  bool // old Mac files: CR ends lines
	line    int  // number of the next physical line
	pending [][]byte
	buf     []byte
	eof     bool
}

func newCSVReader(br *bufio.Reader, sep byte, crOnly bool) *csvReader {
	return &csvReader{br: br, sep: sep, crOnly: crOnly, line: 1}
}

// readLine returns the next physical line including its terminator, or io.EOF.
func (r *csvReader) readLine() ([]byte, error) {
	if n := len(r.pending); n > 0 {
		l := r.pending[0]
		r.pending = r.pending[1:]
		return l, nil
	}
	if r.eof {
		return nil, io.EOF
	}
	delim := byte('\n')
	if r.crOnly {
		delim = '\r'
	}
	var out []byte
	for {
		chunk, err := r.br.ReadSlice(delim)
		if err == bufio.ErrBufferFull {
			out = append(out, chunk...)
			continue
		}
		if out == nil {
			out = chunk
		} else {
			out = append(out, chunk...)
		}
		if err == io.EOF {
			r.eof = true
			if len(out) == 0 {
				return nil, io.EOF
			}
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		return out, nil
	}
}

// next returns the next record, skipping lines that are entirely blank; its
// fields are appended to dst, which is returned. It returns io.EOF at the end
// of the input.
func (r *csvReader) next(dst []string) (Record, []string, error) {
	for {
		l, err := r.readLine()
		if err != nil {
			return Record{}, dst, err
		}
		start := r.line
		r.line++
		r.buf = append(r.buf[:0], l...)
		var lines [][]byte // the physical lines of a multi-line record
		for {
			if !r.openQuote(r.buf) {
				break
			}
			if lines == nil {
				lines = [][]byte{append([]byte(nil), l...)}
			}
			if len(lines) >= maxRecordLines || len(r.buf) >= maxRecordBytes {
				// A stray quote: give the first line back as a record of its own
				// and read the rest again.
				r.pending = append(lines[1:], r.pending...)
				r.line = start + 1
				raw := trimEOL(lines[0])
				return Record{Line: start, Raw: string(raw), Fields: []string{string(raw)},
					Problem: "unterminated quoted field (a \" that is never closed)"}, dst, nil
			}
			more, err := r.readLine()
			if err == io.EOF {
				break // let the splitter take the open field to the end
			}
			if err != nil {
				return Record{}, dst, err
			}
			r.line++
			lines = append(lines, append([]byte(nil), more...))
			r.buf = append(r.buf, more...)
		}
		text := trimEOL(r.buf)
		if isBlank(text) {
			continue
		}
		raw := string(text)
		n := len(dst)
		dst = SplitRecord(raw, r.sep, dst)
		if allBlank(dst[n:]) {
			// A line of bare separators, as spreadsheets write empty rows: not a row.
			dst = dst[:n]
			continue
		}
		return Record{Line: start, Raw: raw, Fields: dst[n:len(dst):len(dst)]}, dst, nil
	}
}

// openQuote reports whether b ends inside a quoted field.
func (r *csvReader) openQuote(b []byte) bool {
	if bytes.IndexByte(b, '"') < 0 {
		return false
	}
	inQuote := false
	fieldStart := true
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inQuote:
			if c == '"' {
				if i+1 < len(b) && b[i+1] == '"' {
					i++
				} else {
					inQuote = false
				}
			}
		case c == r.sep:
			fieldStart = true
		case c == '"' && fieldStart:
			inQuote = true
			fieldStart = false
		case (c == ' ' || c == '\t') && fieldStart && c != r.sep:
			// leading blanks before an opening quote
		default:
			fieldStart = false
		}
	}
	return inQuote
}

func trimEOL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

func allBlank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// SplitRecord splits one record into fields. Unquoted fields are substrings of
// s; quoted fields are unescaped.
func SplitRecord(s string, sep byte, out []string) []string {
	if strings.IndexByte(s, '"') < 0 {
		for {
			i := strings.IndexByte(s, sep)
			if i < 0 {
				return append(out, s)
			}
			out = append(out, s[:i])
			s = s[i+1:]
		}
	}
	i := 0
	for {
		// Skip blanks before a possible opening quote.
		j := i
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') && s[j] != sep {
			j++
		}
		if j < len(s) && s[j] == '"' {
			var sb strings.Builder
			k := j + 1
			for k < len(s) {
				c := s[k]
				if c == '"' {
					if k+1 < len(s) && s[k+1] == '"' {
						sb.WriteByte('"')
						k += 2
						continue
					}
					// Closing quote: blanks may follow before the separator.
					m := k + 1
					for m < len(s) && (s[m] == ' ' || s[m] == '\t') && s[m] != sep {
						m++
					}
					if m >= len(s) || s[m] == sep {
						k = m
						break
					}
					// Text after the closing quote belongs to the field, up to
					// the separator (as spreadsheets read "ab"cd).
					e := strings.IndexByte(s[m:], sep)
					if e < 0 {
						e = len(s) - m
					}
					sb.WriteString(s[k+1 : m+e])
					k = m + e
					break
				}
				if c == '\r' && k+1 < len(s) && s[k+1] == '\n' {
					k++
					continue
				}
				sb.WriteByte(c)
				k++
			}
			out = append(out, sb.String())
			if k >= len(s) {
				return out
			}
			i = k + 1 // past the separator
			continue
		}
		e := strings.IndexByte(s[i:], sep)
		if e < 0 {
			return append(out, s[i:])
		}
		out = append(out, s[i:i+e])
		i += e + 1
	}
}

// DetectSeparator picks the separator among , ; tab | that splits the sample
// lines into the most consistent number of fields.
func DetectSeparator(sample []byte) (byte, error) {
	lines := sampleLines(sample, 60)
	best, bestScore := byte(0), 0
	for _, sep := range []byte{';', ',', '\t', '|'} {
		counts := map[int]int{}
		for _, l := range lines {
			n := len(SplitRecord(l, sep, nil)) - 1
			counts[n]++
		}
		mode, modeN := 0, 0
		for n, c := range counts {
			if c > modeN || (c == modeN && n > mode) {
				mode, modeN = n, c
			}
		}
		if mode == 0 {
			continue
		}
		score := modeN*1000 + mode // consistency first, then more columns
		if score > bestScore {
			best, bestScore = sep, score
		}
	}
	if best == 0 {
		return 0, errors.New("no separator found: the first lines contain no ',', ';', tab or '|' between fields")
	}
	return best, nil
}

// sampleLines returns up to n non-blank lines of the sample (the last,
// possibly cut, line of a full window left out).
func sampleLines(sample []byte, n int) []string {
	text := string(sample)
	if len(sample) >= SniffWindow/16 {
		if i := strings.LastIndexAny(text, "\r\n"); i > 0 {
			text = text[:i]
		}
	}
	var out []string
	for _, l := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if strings.TrimSpace(l) == "" {
			continue
		}
		out = append(out, l)
		if len(out) == n {
			break
		}
	}
	return out
}

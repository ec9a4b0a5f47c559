// SPDX-License-Identifier: EUPL-1.2

package tabular

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Record is one row of a table file: its first physical line (CSV) or row
// (XLSX) number, its raw text (for rejects files) and its fields.
type Record struct {
	Line   int
	Raw    string
	Fields []string
	// Problem is set when the row cannot be used as it is (an unterminated
	// quote, a field too long, invalid UTF-8); such a row must be rejected
	// with this reason (Reason names the column). Its Raw and Fields are
	// then valid UTF-8, and Raw may be cut short.
	Problem string
	// ProblemCol is the column (from 1) the Problem is in; 0 when it is
	// about the row as a whole.
	ProblemCol int
}

// Reason is the Problem, naming its column (by its header when one is
// given).
func (r Record) Reason(header []string) string {
	if r.ProblemCol == 0 {
		return r.Problem
	}
	if i := r.ProblemCol - 1; i < len(header) && strings.TrimSpace(header[i]) != "" {
		return fmt.Sprintf("column %d (%q): %s", r.ProblemCol, strings.TrimSpace(header[i]), r.Problem)
	}
	return fmt.Sprintf("column %d: %s", r.ProblemCol, r.Problem)
}

// Limits on what a table file may hold. A longer field (or line) makes its
// row a Problem, so that importers reject it on its own: they and the stores
// behind them are built for ledger text, and a line is held in memory whole.
const (
	// MaxField is the longest field, in bytes: 64 KiB, twice the most
	// characters a spreadsheet cell holds.
	MaxField = 64 << 10
	// MaxLine is the longest physical line of a CSV file, in bytes: only
	// this much of a longer one is kept.
	MaxLine = 1 << 20
	// a quoted field that stays open longer than this is taken to be a
	// stray quote, not a multi-line field.
	maxRecordLines = 100
	maxRecordBytes = 1 << 20
	// maxRaw is how much of the raw text of a row with a field or line too
	// long is kept for the rejects.
	maxRaw = 1 << 10
)

// csvReader splits decoded UTF-8 text into records. It keeps the raw text and
// line number of every record, accepts quoted fields with embedded separators,
// quotes ("") and line breaks, treats a stray quote inside an unquoted field as
// text, and reads LF and CRLF line ends, or (eolAny) CR, LF and CRLF.
type csvReader struct {
	br      *bufio.Reader
	sep     byte
	eol     eolMode
	afterCR bool // eolAny: the last line ended in a CR the buffer's end cut from a possible LF
	line    int  // number of the next physical line
	pos     int64
	pending []physLine
	buf     []byte
	eof     bool
	// checkUTF8 is set when the text is the file's bytes as they are (UTF-8
	// read without decoding), skip bytes after the file's start: a record
	// with invalid UTF-8 is then a Problem naming its byte offset.
	checkUTF8 bool
	skip      int64
}

// physLine is one physical line: its bytes with the line end, and its offset
// in the text. A line longer than MaxLine keeps its first MaxLine bytes and
// says how long it was and which field made it so.
type physLine struct {
	b    []byte
	off  int64
	long *longLine
}

type longLine struct {
	size     int64 // the whole line, in bytes
	col      int   // the field at MaxLine (from 1)
	field    int64 // its length in bytes (up to the line's end when it does not end before)
	fieldEnd bool  // whether the field ends on the line
}

// eolMode is what ends a line.
type eolMode uint8

const (
	eolLF  eolMode = iota // LF or CRLF; a lone CR is text
	eolAny                // a lone CR, LF or CRLF (old-Mac files, mixed files)
)

func newCSVReader(br *bufio.Reader, sep byte, eol eolMode) *csvReader {
	return &csvReader{br: br, sep: sep, eol: eol, line: 1}
}

// readSlice reads up to and including the next line end, as
// bufio.Reader.ReadSlice does (the slice is valid until the next read;
// bufio.ErrBufferFull when the buffer fills first), and counts the bytes.
// In eolAny mode a lone CR, an LF or a CRLF ends a line; the LF of a CRLF
// that the buffer's end cuts off is skipped at the next read.
func (r *csvReader) readSlice() ([]byte, error) {
	if r.eol == eolLF {
		b, err := r.br.ReadSlice('\n')
		r.pos += int64(len(b))
		return b, err
	}
	if r.afterCR {
		r.afterCR = false
		if c, err := r.br.Peek(1); err == nil && c[0] == '\n' {
			r.br.Discard(1)
			r.pos++
		}
	}
	n := 0 // bytes looked at
	for {
		b, _ := r.br.Peek(r.br.Buffered())
		if i := indexEOL(b[n:]); i >= 0 {
			end := n + i + 1
			if b[end-1] == '\r' {
				if end < len(b) {
					if b[end] == '\n' {
						end++
					}
				} else {
					r.afterCR = true
				}
			}
			r.br.Discard(end)
			r.pos += int64(end)
			return b[:end], nil
		}
		n = len(b)
		if n == r.br.Size() {
			r.br.Discard(n)
			r.pos += int64(n)
			return b, bufio.ErrBufferFull
		}
		if _, err := r.br.Peek(n + 1); err != nil {
			b, _ = r.br.Peek(r.br.Buffered())
			r.br.Discard(len(b))
			r.pos += int64(len(b))
			return b, err
		}
	}
}

// indexEOL is the index of the first CR or LF in b, or -1.
func indexEOL(b []byte) int {
	for i, c := range b {
		if c == '\n' || c == '\r' {
			return i
		}
	}
	return -1
}

// readLine returns the next physical line including its terminator, or io.EOF.
func (r *csvReader) readLine() (physLine, error) {
	if n := len(r.pending); n > 0 {
		l := r.pending[0]
		r.pending = r.pending[1:]
		return l, nil
	}
	if r.eof {
		return physLine{}, io.EOF
	}
	off := r.pos
	var out []byte
	for {
		chunk, err := r.readSlice()
		if err == bufio.ErrBufferFull {
			out = append(out, chunk...)
			if len(out) > MaxLine {
				return r.skipLong(out, off, false)
			}
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
				return physLine{}, io.EOF
			}
		} else if err != nil {
			return physLine{}, err
		}
		if len(out) > MaxLine {
			return r.skipLong(out, off, true)
		}
		return physLine{b: out, off: off}, nil
	}
}

// skipLong reads on to the end of a line longer than MaxLine, of which read
// is the start (all of it when done), keeping only its first MaxLine bytes,
// and measures the line and the field that crosses MaxLine.
func (r *csvReader) skipLong(read []byte, off int64, done bool) (physLine, error) {
	q := quoteScan{sep: r.sep}
	head := read[:MaxLine]
	for b := head; len(b) > 0; {
		i := q.sepAt(b)
		if i < 0 {
			break
		}
		b = b[i+1:]
	}
	long := &longLine{col: q.field + 1}
	start := q.start // offset in the line of the field at MaxLine
	var size int64 = MaxLine
	var eol int64 // the line end's bytes at the end of what was fed
	feed := func(b []byte) {
		if len(b) == 0 {
			return
		}
		if !long.fieldEnd {
			if i := q.sepAt(b); i >= 0 {
				long.fieldEnd = true
				long.field = size + int64(i) - start
			}
		}
		size += int64(len(b))
		eol = int64(len(b) - len(trimEOL(b)))
	}
	feed(read[MaxLine:])
	for !done {
		chunk, err := r.readSlice()
		feed(chunk)
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			r.eof = true
		case err != nil:
			return physLine{}, err
		}
		done = true
	}
	if !long.fieldEnd {
		long.field = size - start - eol
	}
	long.size = size
	return physLine{b: head, off: off, long: long}, nil
}

// quoteScan follows the quoting of a line fed to it in pieces, as openQuote
// and SplitRecord read it.
type quoteScan struct {
	sep     byte
	inQuote bool  // inside a quoted field
	quote   bool  // the last byte was a quote inside one: closing, or the first of ""
	started bool  // the field has begun: more than blanks
	field   int   // fields ended so far
	start   int64 // where the current field began, counted in fed
	fed     int64 // bytes fed
}

// sepAt feeds b up to the first separator outside quotes and returns its
// index, or -1 once all of b is fed.
func (q *quoteScan) sepAt(b []byte) int {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if q.inQuote {
			if !q.quote {
				j := bytes.IndexByte(b[i:], '"')
				if j < 0 {
					break
				}
				i += j
				q.quote = true
				continue
			}
			q.quote = false
			if c == '"' {
				continue // ""
			}
			q.inQuote = false
		} else if q.started && c != q.sep {
			j := bytes.IndexByte(b[i:], q.sep)
			if j < 0 {
				break
			}
			i += j
			c = q.sep
		}
		switch {
		case c == q.sep:
			q.fed += int64(i + 1)
			q.field++
			q.start, q.started = q.fed, false
			return i
		case c == '"' && !q.started:
			q.inQuote, q.started = true, true
		case (c == ' ' || c == '\t') && !q.started:
		default:
			q.started = true
		}
	}
	q.fed += int64(len(b))
	return -1
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
		if l.long != nil {
			return r.longRecord(l, start), dst, nil
		}
		r.buf = append(r.buf[:0], l.b...)
		var lines []physLine // the physical lines of a multi-line record
		for {
			if !r.openQuote(r.buf) {
				break
			}
			if lines == nil {
				lines = []physLine{{b: append([]byte(nil), l.b...), off: l.off}}
			}
			if len(lines) >= maxRecordLines || len(r.buf) >= maxRecordBytes {
				// A stray quote: give the first line back as a record of its own
				// and read the rest again.
				r.pending = append(lines[1:], r.pending...)
				r.line = start + 1
				raw := string(trimEOL(lines[0].b))
				if r.checkUTF8 {
					raw = strings.ToValidUTF8(raw, "\uFFFD")
				}
				return Record{Line: start, Raw: raw, Fields: []string{raw},
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
			if more.long != nil {
				// Too long to keep: the record ends here, a Problem.
				raw := clipRaw(string(r.buf))
				if r.checkUTF8 {
					raw = strings.ToValidUTF8(raw, "\uFFFD")
				}
				return Record{Line: start, Raw: raw, Fields: []string{raw}, Problem: fmt.Sprintf("the row's line %d is %s long; a line may be at most %s",
					r.line-1, size(more.long.size), size(MaxLine))}, dst, nil
			}
			more.b = append([]byte(nil), more.b...)
			lines = append(lines, more)
			r.buf = append(r.buf, more.b...)
		}
		text := trimEOL(r.buf)
		if isBlank(text) {
			continue
		}
		raw := string(text)
		n := len(dst)
		dst = SplitRecord(raw, r.sep, dst)
		if AllBlank(dst[n:]) {
			// A line of bare separators, as spreadsheets write empty rows: not a row.
			dst = dst[:n]
			continue
		}
		rec := Record{Line: start, Raw: raw, Fields: dst[n:len(dst):len(dst)]}
		r.check(&rec, l.off)
		return rec, dst, nil
	}
}

// check makes a record with a field longer than MaxField, or with invalid
// UTF-8 in a file read as UTF-8, a Problem; off is its offset in the text.
func (r *csvReader) check(rec *Record, off int64) {
	bad := -1
	if r.checkUTF8 && !utf8.ValidString(rec.Raw) {
		bad = firstInvalid(rec.Raw)
	}
	long := false
	if len(rec.Raw) > MaxField {
		for i, f := range rec.Fields {
			if len(f) > MaxField {
				rec.Problem, rec.ProblemCol, long = fieldTooLong(int64(len(f))), i+1, true
				break
			}
		}
	}
	if bad >= 0 {
		if rec.Problem == "" {
			rec.Problem = fmt.Sprintf("invalid UTF-8 at byte offset %d of the file: 0x%02X", r.skip+off+int64(bad), rec.Raw[bad])
			for i, f := range rec.Fields {
				if !utf8.ValidString(f) {
					rec.ProblemCol = i + 1
					break
				}
			}
		}
		rec.Raw = strings.ToValidUTF8(rec.Raw, "\uFFFD")
		for i, f := range rec.Fields {
			rec.Fields[i] = strings.ToValidUTF8(f, "\uFFFD")
		}
	}
	if long {
		rec.Raw = clipRaw(rec.Raw)
	}
}

// longRecord is the record of a line longer than MaxLine: a Problem, with the
// start of its text.
func (r *csvReader) longRecord(l physLine, line int) Record {
	raw := clipRaw(string(trimEOL(l.b)))
	if r.checkUTF8 {
		raw = strings.ToValidUTF8(raw, "\uFFFD")
	}
	rec := Record{Line: line, Raw: raw, Fields: SplitRecord(raw, r.sep, nil)}
	if long := l.long; long.field > MaxField {
		rec.Problem, rec.ProblemCol = fieldTooLong(long.field), long.col
	} else {
		rec.Problem = fmt.Sprintf("the line is %s long; a line may be at most %s", size(long.size), size(MaxLine))
	}
	return rec
}

func fieldTooLong(n int64) string {
	return fmt.Sprintf("%s long; a field may be at most %s", size(n), size(MaxField))
}

// size writes a length in bytes for people: "100.0 MB" from 1 MiB, else
// bytes, and the limits both ways: "64 KB (65536 bytes)".
func size(n int64) string {
	switch n {
	case MaxField:
		return "64 KB (65536 bytes)"
	case MaxLine:
		return "1 MB (1048576 bytes)"
	}
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// clipRaw cuts the raw text of a row with a field or line too long to its
// first KiB.
func clipRaw(s string) string {
	if len(s) <= maxRaw {
		return s
	}
	i := maxRaw
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// firstInvalid is the index of the first byte of s that is not UTF-8, or -1.
func firstInvalid(s string) int {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		c, n := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
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

// AllBlank reports whether a record's fields are all empty or spaces (a
// blank line).
func AllBlank(fields []string) bool {
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

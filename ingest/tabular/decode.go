// SPDX-License-Identifier: EUPL-1.2

package tabular

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names reported in the import summary.
const (
	EncUTF8    = "utf-8"
	EncUTF8BOM = "utf-8 (BOM)"
	EncUTF16LE = "utf-16le (BOM)"
	EncUTF16BE = "utf-16be (BOM)"
	EncWin1252 = "windows-1252"
	// DOS code pages, in which 0x9C is the pound sign (windows-1252: œ).
	EncCP850 = "cp850"
	EncCP437 = "cp437"
	// EncMac is Mac OS Roman, of files from classic Mac software.
	EncMac = "macintosh"
	// UTF-16 recognised by its NUL bytes, without a byte-order mark.
	EncUTF16LENoBOM = "utf-16le"
	EncUTF16BENoBOM = "utf-16be"
	// SniffWindow is how much of a file decides its encoding.
	SniffWindow = 1 << 20
)

// decoded is a file's text as UTF-8.
type decoded struct {
	r      io.Reader
	enc    string
	reason string // why this encoding, for people
	// utf8 is set when the file is read as UTF-8 as it is: its bytes are the
	// text, skip bytes (a byte-order mark) after the file's start, and a row
	// with invalid UTF-8 is a row with a problem, at its byte offset.
	utf8 bool
	skip int64
}

// newDecoder turns a file of unknown encoding into UTF-8. It decides from the
// byte-order mark; else from the first MiB: UTF-16 when every other byte is
// NUL; UTF-8 when it is valid UTF-8, or UTF-8 apart from a few lines (more
// of its lines have valid multi-byte characters than invalid bytes);
// otherwise the single-byte code page whose reading of the bytes above
// ASCII is the most plausible text (see singleByte): Windows-1252 (a
// superset of the printable ISO-8859-1) unless another reads better.
func newDecoder(r io.Reader) (decoded, error) {
	br := bufio.NewReaderSize(r, SniffWindow)
	head, err := br.Peek(SniffWindow)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return decoded{}, err
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		if _, err := br.Discard(3); err != nil {
			return decoded{}, err
		}
		return decoded{r: br, enc: EncUTF8BOM, reason: "byte-order mark", utf8: true, skip: 3}, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return decoded{r: transform.NewReader(br, xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()), enc: EncUTF16LE, reason: "byte-order mark"}, nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return decoded{r: transform.NewReader(br, xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder()), enc: EncUTF16BE, reason: "byte-order mark"}, nil
	}
	if le, ok := utf16NoBOM(head); ok {
		order, enc := xunicode.BigEndian, EncUTF16BENoBOM
		if le {
			order, enc = xunicode.LittleEndian, EncUTF16LENoBOM
		}
		return decoded{r: transform.NewReader(br, xunicode.UTF16(order, xunicode.IgnoreBOM).NewDecoder()), enc: enc,
			reason: "no byte-order mark, but every other byte is NUL, as in UTF-16 text"}, nil
	}
	whole := len(head) < SniffWindow
	if validUTF8Prefix(head, whole) {
		reason := "valid UTF-8"
		if isASCII(head) {
			reason = "plain ASCII, read as UTF-8"
		}
		return decoded{r: br, enc: EncUTF8, reason: reason, utf8: true}, nil
	}
	if good, bad := utf8Lines(head, whole); good > 0 && bad <= good {
		return decoded{r: br, enc: EncUTF8, utf8: true,
			reason: fmt.Sprintf("UTF-8: %d lines have UTF-8 letters, %d have invalid bytes (rejected on their own)", good, bad)}, nil
	}
	cm, enc, reason := singleByte(head)
	return decoded{r: transform.NewReader(br, cm.NewDecoder()), enc: enc, reason: reason}, nil
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// utf16NoBOM reports whether b is UTF-16 text without a byte-order mark
// (NUL in most odd bytes and almost no even ones, or the reverse), and
// whether it is little-endian.
func utf16NoBOM(b []byte) (le, ok bool) {
	n := min(len(b), 4096) &^ 1
	if n < 8 {
		return false, false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	switch {
	case odd*10 >= pairs*6 && even*20 <= pairs:
		return true, true
	case even*10 >= pairs*6 && odd*20 <= pairs:
		return false, true
	}
	return false, false
}

// mostlyUTF8 reports whether b, the start of a file (all of it when whole),
// is UTF-8: valid, or with invalid bytes on fewer lines than there are
// lines with valid multi-byte characters. Windows-1252 text hardly ever
// forms a valid multi-byte sequence (it would take a letter such as Ã
// followed by a symbol such as ¸), so a file with such lines is UTF-8
// with a few bad rows, which are then rejected one by one; a file of ASCII
// with a few other bytes is in a single-byte code page and every row reads.
func mostlyUTF8(b []byte, whole bool) bool {
	if validUTF8Prefix(b, whole) {
		return true
	}
	good, bad := utf8Lines(b, whole)
	return good > 0 && bad <= good
}

// utf8Lines counts the lines of b with valid multi-byte UTF-8 characters
// and no invalid byte (good) and those with an invalid byte (bad).
func utf8Lines(b []byte, whole bool) (good, bad int) {
	if !whole {
		// The last line may be cut by the window: leave it out.
		if i := bytes.LastIndexAny(b, "\r\n"); i >= 0 {
			b = b[:i+1]
		}
	}
	for len(b) > 0 {
		line := b
		if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		multi, invalid := false, false
		for i := 0; i < len(line); {
			if line[i] < utf8.RuneSelf {
				i++
				continue
			}
			r, size := utf8.DecodeRune(line[i:])
			if r == utf8.RuneError && size <= 1 {
				invalid = true
				break
			}
			multi = true
			i += size
		}
		switch {
		case invalid:
			bad++
		case multi:
			good++
		}
	}
	return good, bad
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing a rune cut at the
// end of the window unless the window is the whole file.
func validUTF8Prefix(b []byte, whole bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if whole {
		return false
	}
	for cut := 1; cut < utf8.UTFMax && cut <= len(b); cut++ {
		if utf8.Valid(b[:len(b)-cut]) {
			return true
		}
	}
	return false
}

// codePages are the single-byte encodings a file that is not UTF-8 may be
// in, the default first: a tie goes to the earlier.
var codePages = []struct {
	name string
	cm   *charmap.Charmap
}{
	{EncWin1252, charmap.Windows1252},
	{EncCP850, charmap.CodePage850},
	{EncCP437, charmap.CodePage437},
	{EncMac, charmap.Macintosh},
}

// CodePage returns the single-byte encoding of that name (as reported in a
// layout), or nil.
func CodePage(name string) *charmap.Charmap {
	for _, c := range codePages {
		if c.name == name {
			return c.cm
		}
	}
	return nil
}

// singleByte decides the code page of text that is not UTF-8 by evidence:
// each byte above ASCII is read in every candidate and scored by how
// plausible the character is where it stands (see plausible): a letter
// inside a word of the same case, a currency sign beside a number or a
// bracket, a quote or a dash between words score; a lone letter such as
// "œ" in "Net Amount(œ)", a symbol inside a word ("Bel°p") or a control
// character count against. The best total wins; a tie keeps Windows-1252.
func singleByte(head []byte) (*charmap.Charmap, string, string) {
	var pos []int
	for i, c := range head {
		if c >= 0x80 {
			pos = append(pos, i)
			if len(pos) == 100_000 {
				break
			}
		}
	}
	if len(pos) == 0 {
		return charmap.Windows1252, EncWin1252, "plain ASCII"
	}
	best, scores := 0, make([]int, len(codePages))
	var tables [4][256]rune
	for k, c := range codePages {
		t := &tables[k]
		for b := 0; b < 256; b++ {
			t[b] = c.cm.DecodeByte(byte(b))
		}
		for _, i := range pos {
			prev, next := ' ', ' '
			if i > 0 {
				prev = t[head[i-1]]
			}
			if i+1 < len(head) {
				next = t[head[i+1]]
			}
			scores[k] += plausible(prev, t[head[i]], next)
		}
		if scores[k] > scores[best] {
			best = k
		}
	}
	name := codePages[best].name
	if best == 0 {
		return charmap.Windows1252, name, fmt.Sprintf("not UTF-8; of the code pages, windows-1252 reads the bytes above ASCII (%d) most plausibly", len(pos))
	}
	// Show one byte the two read differently, in its cell.
	for _, i := range pos {
		a, b := tables[best][head[i]], tables[0][head[i]]
		if a == b {
			continue
		}
		return codePages[best].cm, name, fmt.Sprintf("not UTF-8; 0x%02X reads as %q in %q (windows-1252 would read %q): the %s reading of the bytes above ASCII (%d) is the most plausible",
			head[i], a, cellAround(head, i, &tables[best]), b, name, len(pos))
	}
	return codePages[best].cm, name, "not UTF-8; the " + name + " reading is the most plausible"
}

// cellAround is the text around head[i] up to a separator or line end,
// decoded with t, at most 40 characters.
func cellAround(head []byte, i int, t *[256]rune) string {
	stop := func(c byte) bool {
		return c == '\r' || c == '\n' || c == ',' || c == ';' || c == '\t' || c == '|' || c == '"'
	}
	s, e := i, i+1
	for s > 0 && i-s < 30 && !stop(head[s-1]) {
		s--
	}
	for e < len(head) && e-i < 30 && !stop(head[e]) {
		e++
	}
	rs := make([]rune, 0, e-s)
	for _, c := range head[s:e] {
		rs = append(rs, t[c])
	}
	return string(rs)
}

// plausible scores character r between prev and next (as one code page
// reads them): > 0 plausible text, < 0 the sign of a wrong code page.
func plausible(prev, r, next rune) int {
	inWord := unicode.IsLetter(prev) && unicode.IsLetter(next)
	switch {
	case r == utf8.RuneError || unicode.IsControl(r):
		return -3
	case r >= 0x2500 && r <= 0x259F: // box drawing, blocks
		return -2
	case unicode.IsLetter(r):
		pl, nl := unicode.IsLetter(prev), unicode.IsLetter(next)
		switch {
		case !pl && !nl:
			return -1 // a letter alone: "(œ)"
		case unicode.IsUpper(r) && pl && unicode.IsLower(prev):
			return -1 // "fÕr"
		case unicode.IsLower(r) && pl && unicode.IsUpper(prev) && nl && unicode.IsUpper(next):
			return -1 // "BEÕP" is fine, "BEõP" is not
		}
		return 1
	case unicode.Is(unicode.Sc, r):
		if inWord {
			return -1
		}
		return 1
	case r == '’' || r == '‘' || r == 'ʼ':
		if inWord {
			return 1 // an apostrophe: "Council’s"
		}
		return 0
	case unicode.Is(unicode.Pd, r) || unicode.Is(unicode.Pi, r) || unicode.Is(unicode.Pf, r) || r == '…' || r == '•':
		if inWord {
			return -1
		}
		return 0
	case inWord:
		return -1 // a symbol inside a word: "Bel°p"
	}
	return 0
}

// SPDX-License-Identifier: EUPL-1.2

package tabular

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names reported in the import summary.
const (
	EncUTF8    = "utf-8"
	EncUTF8BOM = "utf-8 (BOM)"
	EncUTF16LE = "utf-16le (BOM)"
	EncUTF16BE = "utf-16be (BOM)"
	EncWin1252 = "windows-1252"
	// SniffWindow is how much of a file decides its encoding.
	SniffWindow = 1 << 20
)

// decoded is a file's text as UTF-8.
type decoded struct {
	r   io.Reader
	enc string
	// utf8 is set when the file is read as UTF-8 as it is: its bytes are the
	// text, skip bytes (a byte-order mark) after the file's start, and a row
	// with invalid UTF-8 is a row with a problem, at its byte offset.
	utf8 bool
	skip int64
}

// newDecoder turns a file of unknown encoding into UTF-8. It decides from the
// byte-order mark, else from the first MiB: UTF-8 when it is valid UTF-8, or
// when it is UTF-8 apart from a few lines (more of its lines have valid
// multi-byte characters than invalid bytes); otherwise Windows-1252 (a
// superset of the printable ISO-8859-1), whose every byte is a character.
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
		return decoded{r: br, enc: EncUTF8BOM, utf8: true, skip: 3}, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return decoded{r: transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()), enc: EncUTF16LE}, nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return decoded{r: transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()), enc: EncUTF16BE}, nil
	}
	if mostlyUTF8(head, len(head) < SniffWindow) {
		return decoded{r: br, enc: EncUTF8, utf8: true}, nil
	}
	return decoded{r: transform.NewReader(br, charmap.Windows1252.NewDecoder()), enc: EncWin1252}, nil
}

// mostlyUTF8 reports whether b, the start of a file (all of it when whole),
// is UTF-8: valid, or with invalid bytes on fewer lines than there are
// lines with valid multi-byte characters. Windows-1252 text hardly ever
// forms a valid multi-byte sequence (it would take a letter such as Ã
// followed by a symbol such as ¸), so a file with such lines is UTF-8
// with a few bad rows, which are then rejected one by one; a file of ASCII
// with a few other bytes is Windows-1252 and every row reads.
func mostlyUTF8(b []byte, whole bool) bool {
	if validUTF8Prefix(b, whole) {
		return true
	}
	if !whole {
		// The last line may be cut by the window: leave it out.
		if i := bytes.LastIndexAny(b, "\r\n"); i >= 0 {
			b = b[:i+1]
		}
	}
	good, bad := 0, 0
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
	return good > 0 && bad <= good
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

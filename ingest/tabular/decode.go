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

// decoder turns a file of unknown encoding into UTF-8. It decides from the
// byte-order mark, else from the first MiB: valid UTF-8 there means UTF-8,
// otherwise Windows-1252 (a superset of the printable ISO-8859-1). A UTF-8
// file with a stray invalid byte later on keeps its valid text, and the stray
// byte is read as Windows-1252 rather than lost.
func newDecoder(r io.Reader) (io.Reader, string, error) {
	br := bufio.NewReaderSize(r, SniffWindow)
	head, err := br.Peek(SniffWindow)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, "", err
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		if _, err := br.Discard(3); err != nil {
			return nil, "", err
		}
		return transform.NewReader(br, utf8Fallback{}), EncUTF8BOM, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()), EncUTF16LE, nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()), EncUTF16BE, nil
	}
	if validUTF8Prefix(head, len(head) < SniffWindow) {
		return transform.NewReader(br, utf8Fallback{}), EncUTF8, nil
	}
	return transform.NewReader(br, charmap.Windows1252.NewDecoder()), EncWin1252, nil
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

// utf8Fallback copies valid UTF-8 and decodes each invalid byte as Windows-1252.
type utf8Fallback struct{ transform.NopResetter }

func (utf8Fallback) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		// Fast path: copy the longest valid ASCII run.
		i := nSrc
		for i < len(src) && src[i] < utf8.RuneSelf {
			i++
		}
		if i > nSrc {
			n := copy(dst[nDst:], src[nSrc:i])
			nDst += n
			nSrc += n
			if nSrc < i {
				return nDst, nSrc, transform.ErrShortDst
			}
			continue
		}
		r, size := utf8.DecodeRune(src[nSrc:])
		if r == utf8.RuneError && size <= 1 {
			if !atEOF && !utf8.FullRune(src[nSrc:]) {
				return nDst, nSrc, transform.ErrShortSrc
			}
			// Invalid byte: read it as Windows-1252.
			r = charmap.Windows1252.DecodeByte(src[nSrc])
			size = 1
		}
		if nDst+utf8.RuneLen(r) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		if size > 1 {
			nDst += copy(dst[nDst:], src[nSrc:nSrc+size])
		} else {
			nDst += utf8.EncodeRune(dst[nDst:], r)
		}
		nSrc += size
	}
	return nDst, nSrc, nil
}

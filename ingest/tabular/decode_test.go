// SPDX-License-Identifier: EUPL-1.2

package tabular

import (
	"bytes"
	"encoding/binary"
	"io"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

func encode(t *testing.T, cm *charmap.Charmap, s string) []byte {
	t.Helper()
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

// The encoding is decided by evidence: the code page whose reading of the
// bytes above ASCII gives plausible text, and the reason says which byte
// decided.
func TestEncodingEvidence(t *testing.T) {
	uk := "Service,Description,Name,Payment date,Net Amount(£)\r\nPARKS,MOWERS,A LTD,04/01/2017,325.00\r\n"
	no := "Bilagsnr;Dato;Leverandør;Beløp;Beskrivelse\n1;05.01.2024;Bjørnstad Rør AS;1 234,50;Rørlegger Sølvberget\n2;06.01.2024;Ærlig Åpen Økonomi;10,00;Kreditnota på én faktura\n"
	de := "Datum;Lieferant;Betrag;Buchungstext\n05.01.2024;Müller Bäckerei GmbH;12,50;Brötchen für Sitzung\n"
	fr := "Date;Fournisseur;Montant;Libellé\n05/01/2024;Société Générale d’Électricité;12,50;Cœur de ville – éclairage\n"
	for _, tt := range []struct {
		name   string
		text   []byte
		enc    string
		reason string
		want   string // a decoded piece
	}{
		{"DOS pound sign in a header", encode(t, charmap.CodePage850, uk), EncCP850, `0x9C reads as '£' in "Net Amount(£)"`, "Net Amount(£)"},
		{"Windows pound sign", encode(t, charmap.Windows1252, uk), EncWin1252, "windows-1252", "Net Amount(£)"},
		{"Norwegian windows-1252", encode(t, charmap.Windows1252, no), EncWin1252, "windows-1252", "Bjørnstad Rør AS"},
		{"Norwegian DOS", encode(t, charmap.CodePage850, no), EncCP850, "0x9B reads as 'ø'", "Bjørnstad Rør AS"},
		{"German windows-1252", encode(t, charmap.Windows1252, de), EncWin1252, "windows-1252", "Brötchen für"},
		{"French windows-1252", encode(t, charmap.Windows1252, fr), EncWin1252, "windows-1252", "Cœur de ville – éclairage"},
		{"Norwegian Mac", encode(t, charmap.Macintosh, no), EncMac, "macintosh", "Ærlig Åpen Økonomi"},
		{"UTF-8", []byte(no), EncUTF8, "valid UTF-8", "Bjørnstad"},
		{"UTF-16LE without BOM", utf16NoMark(no, false), EncUTF16LENoBOM, "NUL", "Bjørnstad"},
		{"UTF-16BE without BOM", utf16NoMark(no, true), EncUTF16BENoBOM, "NUL", "Bjørnstad"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tb := openText(t, tt.text, Options{})
			if tb.Encoding != tt.enc || !strings.Contains(tb.EncodingReason, tt.reason) {
				t.Errorf("encoding %s (%s), want %s (%s)", tb.Encoding, tb.EncodingReason, tt.enc, tt.reason)
			}
			var all strings.Builder
			for _, r := range allRecords(t, tb) {
				all.WriteString(strings.Join(r.Fields, "|") + "\n")
			}
			if !strings.Contains(all.String(), tt.want) {
				t.Errorf("decoded text lacks %q:\n%s", tt.want, all.String())
			}
		})
	}
}

func utf16NoMark(s string, big bool) []byte {
	var b bytes.Buffer
	order := binary.ByteOrder(binary.LittleEndian)
	if big {
		order = binary.BigEndian
	}
	for _, u := range utf16.Encode([]rune(s)) {
		binary.Write(&b, order, u)
	}
	return b.Bytes()
}

// Whatever the bytes, the decoder decides without failing and the text it
// yields is UTF-8 (or, when read as UTF-8, the bytes as they are).
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"a,b\n", "Net Amount(\x9c)\r1,2\r\n", "Bel\xf8p;x\n", "\xef\xbb\xbfa,b\n", "a\x00,\x00b\x00\n\x00", "\x9b\x86\x91 \xa3\x80"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		dec, err := newDecoder(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if dec.enc == "" || dec.reason == "" {
			t.Fatalf("no encoding or reason: %+v", dec)
		}
		out, err := io.ReadAll(dec.r)
		if err != nil {
			t.Fatal(err)
		}
		if !dec.utf8 && !utf8.Valid(out) {
			t.Fatalf("%s: decoded text is not UTF-8: %q", dec.enc, out)
		}
	})
}

// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
)

func TestFindNumbers(t *testing.T) {
	no := func(id string) string { return cityspend.SchemeNOBRC + ":" + id }
	fr := func(id string) string { return cityspend.SchemeFRSIRENE + ":" + id }
	tests := []struct {
		text, country string
		want          []string // "scheme:id", with "!" after a marked one
	}{
		// Norway: nine digits with MOD11, whole or in threes, with NO/MVA
		// or a label.
		{"Faktura 20311 org.nr. 974 760 673", "NO", []string{no("974760673") + "!"}},
		{"NO 974 760 673 MVA", "GB", []string{no("974760673") + "!"}},
		{"NO974760673MVA", "", []string{no("974760673") + "!"}},
		{"Leverandør 974760673", "NO", []string{no("974760673")}},
		{"Leverandør 974760673", "GB", nil},      // bare nine digits are Norwegian only in Norway
		{"Leverandør 974760674", "NO", nil},      // check digit wrong
		{"KID 0097476067300", "NO", nil},         // inside a longer number
		{"Konto 2801.97.47606", "NO", nil},       // a bank account
		{"Bestilling 45000974760673", "NO", nil}, // the digits run on
		{"Hansen Bygg AS 974760673", "NO", []string{no("974760673")}},
		// The UK: company numbers after a label, VAT numbers with GB or a
		// label (valid check digits).
		{"Invoice 20451 Company No. 01007986", "GB", []string{"GB-COH:01007986!"}},
		{"Reg No 1007986 – services", "GB", []string{"GB-COH:01007986!"}},
		// …but not in another country's ledger.
		{"Reg No 1007986 – services", "NO", nil},
		{"Company No. SC123456", "GB", []string{"GB-COH:SC123456!"}},
		{"VAT Reg GB 123 4567 82", "GB", []string{"GB-VAT:123456782!"}},
		{"GB123456782", "NO", []string{"GB-VAT:123456782!"}},
		{"VAT Reg GB 123 4567 83", "GB", nil},
		{"Inv 004512", "GB", nil},
		{"PO 4500123456", "GB", nil},
		// France: SIREN and SIRET with Luhn, VAT with its key.
		{"SIREN 552 100 554", "", []string{fr("552100554") + "!"}},
		{"SIRET 552 100 554 00013", "NO", []string{fr("55210055400013") + "!"}},
		{"Facture 552100554", "FR", []string{fr("552100554")}},
		{"Facture 552100555", "FR", nil},
		{"TVA FR96552100554", "", []string{fr("552100554") + "!"}},
		{"FR 96 552 100 554", "", []string{fr("552100554") + "!"}},
		{"FR 45 552 100 554", "", nil}, // the key does not fit
		// Other European VAT numbers with their prefix.
		{"USt-IdNr. DE123456789", "NO", []string{"DE-VAT:123456789!"}},
		{"SE556012345601", "NO", []string{"SE-BLV:5560123456!"}},
		// Two numbers, each once.
		{"NO 974760673 MVA, org.nr 974760673; 982463718", "NO", []string{no("974760673") + "!", no("982463718")}},
		{"", "NO", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, n := range FindNumbers(tt.text, tt.country) {
			s := n.ID.String()
			if n.Marked {
				s += "!"
			}
			got = append(got, s)
			if n.Start < 0 || n.End > len(tt.text) || n.Start >= n.End {
				t.Errorf("FindNumbers(%q): bounds %d–%d", tt.text, n.Start, n.End)
			}
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("FindNumbers(%q, %q) = %q, want %q", tt.text, tt.country, got, tt.want)
		}
	}
}

// FindNumbers reads any text without failing, and every number it finds is
// a valid one of its scheme, where it says it is.
func FuzzFindNumbers(f *testing.F) {
	for _, s := range []string{"org.nr. 974 760 673", "NO 974 760 673 MVA", "Company No. SC123456", "VAT Reg GB 123 4567 82",
		"SIRET 552 100 554 00013", "FR 96 552 100 554", "KID 0097476067300", "DE123456789", "Reg No 1007986", "Ø 1 2 3 -"} {
		f.Add(s, "NO")
		f.Add(s, "FR")
	}
	f.Fuzz(func(t *testing.T, text, country string) {
		for _, n := range FindNumbers(text, country) {
			if n.Start < 0 || n.End > len(text) || n.Start >= n.End {
				t.Fatalf("FindNumbers(%q): bounds %d–%d", text, n.Start, n.End)
			}
			id := n.ID.ID
			switch n.ID.Scheme {
			case cityspend.SchemeNOBRC:
				if !cityspend.ValidNorwegianOrgNumber(id) {
					t.Fatalf("FindNumbers(%q): %s is not a valid organisation number", text, id)
				}
			case cityspend.SchemeFRSIRENE:
				if !cityspend.ValidSIREN(id) && !cityspend.ValidSIRET(id) {
					t.Fatalf("FindNumbers(%q): %s is neither a SIREN nor a SIRET", text, id)
				}
			case "GB-VAT":
				if !validGBVAT(id) {
					t.Fatalf("FindNumbers(%q): %s is not a valid UK VAT number", text, id)
				}
			}
			if !strings.ContainsAny(text[n.Start:n.End], "0123456789") {
				t.Fatalf("FindNumbers(%q): %q holds no digits", text, text[n.Start:n.End])
			}
		}
	})
}

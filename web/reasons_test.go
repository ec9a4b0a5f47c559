// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
)

// The register's reasons read in Norwegian on a Norwegian page, with
// organisation numbers grouped; an English page keeps them.
func TestReasonText(t *testing.T) {
	nb, en := i18n.New("nb"), i18n.New("en")
	for _, c := range []struct{ in, nb string }{
		{"in 0301 Oslo, outside the region", "i 0301 Oslo, utenfor regionen"},
		{"in 3909 Larvik", "i 3909 Larvik"},
		{"branch 974760673 in 3805 Larvik, registered under the old code 0709", "avdeling 974 760 673 i 3805 Larvik, registrert under det gamle kommunenummeret 0709"},
		{"registered abroad (DE) (from the ledger lines)", "registrert i utlandet (DE) (fra regnskapslinjene)"},
		{"not resolved to a registered organisation (organisation number 923609016 is not in the loaded registers)",
			"ikke koblet til en registrert virksomhet (organisasjonsnummer 923 609 016 finnes ikke i registrene som er lastet inn)"},
		{"legal form AS", "organisasjonsform AS"},
		{"12000 employees in the register", "12\u00a0000 ansatte i registeret"},
		{"municipality (KOMM)", "kommune (KOMM)"},
		{"local government (sector 6500)", "kommuneforvaltningen (sektor 6500)"},
		{"in 3907 Sandefjord, in county 39 (by postcode 3210 in the postcode register)", "i 3907 Sandefjord, i fylke 39 (etter postnummer 3210 i postnummerregisteret)"},
		{"something new", "something new"},
	} {
		if got := reasonText(nb, c.in); got != c.nb {
			t.Errorf("nb %q:\n got %q\nwant %q", c.in, got, c.nb)
		}
	}
	if got := reasonText(en, "in 0301 Oslo, outside the region (organisation number 923609016)"); got != "in 0301 Oslo, outside the region (organisation number 923 609 016)" {
		t.Errorf("en: %q", got)
	}
}

// The market findings read in the page's language, with the amounts
// formatted and the CPV group by its three digits.
func TestRedFlagText(t *testing.T) {
	nb := i18n.New("nb")
	money := func(a cityspend.Amount) string { return nb.Money(a, "NOK") }
	f := cityspend.Finding{Amount: 123456789, Detail: "Possible dependence on one supplier (R040): org:NO-BRC:923609016 holds 56 % of the spend in 45000000 in 2025 (1234567.89 of 2204585.00)."}
	if got, want := redFlagText(nb, f, money), "Mulig avhengighet av én leverandør (R040): den har 56,0\u00a0% av beløpet i CPV-gruppe 450 i 2025 ("+money(123456789)+" av "+money(220458500)+")."; got != want {
		t.Errorf("R040:\n got %q\nwant %q", got, want)
	}
	f = cityspend.Finding{Detail: "Possible concentrated market (R051): the Herfindahl–Hirschman index of the 4 suppliers in 45000000 in 2025 is 0.42."}
	if got, want := redFlagText(nb, f, money), "Mulig konsentrert marked (R051): Herfindahl–Hirschman-indeksen for de 4 leverandørene i CPV-gruppe 450 i 2025 er 0,42."; got != want {
		t.Errorf("R051:\n got %q\nwant %q", got, want)
	}
	f = cityspend.Finding{Detail: "Something else (R099)."}
	if got := redFlagText(nb, f, money); got != f.Detail {
		t.Errorf("another red flag: %q", got)
	}
}

// How a payee was matched, in Norwegian.
func TestResolutionReasonText(t *testing.T) {
	nb := i18n.New("nb")
	for in, want := range map[string]string{
		"organisation number 976580079":                                         "organisasjonsnummer 976 580 079",
		"organisation number 976580079 (not in the loaded registers)":           "organisasjonsnummer 976 580 079 (ikke i registrene som er lastet inn)",
		"organisation number 974760673 of a branch of LARVIK KOMMUNE 938396507": "organisasjonsnummer 974 760 673 for en avdeling av LARVIK KOMMUNE 938 396 507",
		"decided by analyst@larvik.demo on 2026-05-01: the right firm":          "avgjort av analyst@larvik.demo 2026-05-01: the right firm",
	} {
		if got := reasonText(nb, in); got != want {
			t.Errorf("%q:\n got %q\nwant %q", in, got, want)
		}
	}
}

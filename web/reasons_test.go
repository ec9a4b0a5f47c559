// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"encoding/json"
	"html/template"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/i18n/i18ntest"
	"github.com/cityspend/cityspend/refdata/law"
	"github.com/cityspend/cityspend/refdata/thresholds"
)

// A supplier's place, type and size and how each of its payee names was
// resolved are written in bokmål on a Norwegian page (the register and the
// resolver keep them as English phrases; the API gives them as they are),
// as on the review of unresolved payees.
func TestSupplierReasonsInBokmal(t *testing.T) {
	srv, _ := newTestServer(t)
	var sups []struct {
		SupplierID  string `json:"supplier_id"`
		PlaceReason string `json:"place_reason"`
		TypeReason  string `json:"type_reason"`
		SizeBasis   string `json:"size_basis"`
	}
	body := get(t, srv.URL+"/api/v1/buyers/3909/suppliers?year=2025", 200)
	if err := json.Unmarshal([]byte(body), &sups); err != nil {
		var wrapped struct {
			Suppliers json.RawMessage `json:"suppliers"`
		}
		if err2 := json.Unmarshal([]byte(body), &wrapped); err2 != nil || json.Unmarshal(wrapped.Suppliers, &sups) != nil {
			t.Fatalf("suppliers: %v %.200s", err, body)
		}
	}
	// One supplier of each kind of reason.
	digits := regexp.MustCompile(`\d+|"[^"]*"|«[^»]*»`)
	seen := map[string]bool{}
	var ids []string
	for _, s := range sups {
		k := digits.ReplaceAllString(s.PlaceReason+"|"+s.TypeReason+"|"+s.SizeBasis, "N")
		if !seen[k] {
			seen[k] = true
			ids = append(ids, s.SupplierID)
		}
	}
	if len(ids) < 5 {
		t.Fatalf("%d kinds of suppliers", len(ids))
	}
	table := func(page, id string) string {
		return regexp.MustCompile(`(?s)<table id="` + id + `">.*?</table>`).FindString(page)
	}
	cell := regexp.MustCompile(`<td>([^<]*)</td>`)
	for _, id := range ids {
		page := get(t, srv.URL+"/buyers/3909/suppliers/"+url.PathEscape(id)+"?lang=nb&year=2025", 200)
		texts := []string{}
		for _, m := range cell.FindAllStringSubmatch(table(page, "profile"), -1) {
			texts = append(texts, m[1])
		}
		for _, row := range regexp.MustCompile(`(?s)<tr>.*?</tr>`).FindAllString(table(page, "payees"), -1) {
			if c := cell.FindAllStringSubmatch(row, -1); len(c) >= 3 {
				texts = append(texts, c[2][1])
			}
		}
		for _, s := range texts {
			s = regexp.MustCompile(`«[^»]*»|&#34;[^&]*&#34;|[A-ZÆØÅ0-9&;#]{2,}( [A-ZÆØÅ0-9&;#]+)*`).ReplaceAllString(s, "") // names as registered
			if w := i18ntest.English.FindAllString(s, -1); len(w) > 0 {
				t.Errorf("supplier %s: English %q in %q", id, w, s)
			}
		}
	}
	review := get(t, srv.URL+"/buyers/3909/suppliers/review?lang=nb", 200)
	if strings.Contains(review, "no registered name") || strings.Contains(review, "not resolved") {
		t.Error("the review of unresolved payees has English reasons")
	}
}

// The register's reasons read in Norwegian on a Norwegian page, with
// organisation numbers grouped; an English page keeps them.
func TestReasonText(t *testing.T) {
	nb, en := i18n.New("nb"), i18n.New("en")
	for _, c := range []struct{ in, nb string }{
		{"in 0301 Oslo, outside the region", "i 0301 Oslo, utenfor regionen"},
		{"in 3909 Larvik", "i 3909 Larvik"},
		{"branch 974760673 in 3805 Larvik, registered under the old code 0709", "underenhet 974 760 673 i 3805 Larvik, registrert under det gamle kommunenummeret 0709"},
		{"registered abroad (DE) (from the ledger lines)", "registrert i utlandet (DE) (fra bilagslinjene)"},
		{"not resolved to a registered organisation (organisation number 923609016 is not in the loaded registers)",
			"ikke koblet til en registrert virksomhet (organisasjonsnummer 923 609 016 finnes ikke i registrene som er lastet inn)"},
		{"legal form AS", "organisasjonsform AS"},
		{"12000 employees in the register", "12\u00a0000 ansatte i registeret"},
		{"municipality (KOMM)", "kommune (KOMM)"},
		{"local government (sector 6500)", "kommuneforvaltningen (sektor 6500)"},
		{"in 3907 Sandefjord, in county 39 (by postcode 3210 in the postcode register)", "i 3907 Sandefjord, i fylke 39 (etter postnummer 3210 i postnummerregisteret)"},
		{"turnover €1500000 (≤ €2m)", "omsetning €1\u00a0500\u00a0000 (≤ €2 mill.)"},
		{"community interest company (companies-house)", "samfunnsinteresseselskap (CIC) (Companies House)"},
		{"something new", "something new"},
	} {
		if got := reasonText(nb, c.in); got != c.nb {
			t.Errorf("nb %q:\n got %q\nwant %q", c.in, got, c.nb)
		}
	}
	if got := reasonText(en, "in 0301 Oslo, outside the region (organisation number 923609016)"); got != "in 0301 Oslo, outside the region (organisation number 923 609 016)" {
		t.Errorf("en: %q", got)
	}
	if got := reasonText(en, "turnover €1500000 (≤ €2m)"); got != "turnover €1,500,000 (≤ €2m)" {
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
	// The red flags on tender data (compliance.flagFindings' texts).
	for detail, want := range map[string]string{
		"Possible risk, R003 short submission period: the contracting process ocds-abc-1 (Road salt) scores 1.":              "Mulig risiko, R003 kort tilbudsfrist: konkurransen ocds-abc-1 (Road salt) har verdien 1.",
		"Possible risk, R018 single bid: the contracting process ocds-abc-2 scores 1.":                                       "Mulig risiko, R018 ett tilbud: konkurransen ocds-abc-2 har verdien 1.",
		"Possible risk, R025 excessive unsuccessful bids: the tenderer NO-BRC-923609016 scores 0.75 across the tender data.": "Mulig risiko, R025 mange tapte tilbud: tilbyderen NO-BRC-923609016 har verdien 0,75 i konkurransedataene.",
		"Possible risk, R038 excessive disqualified bids: the Buyer NO-BRC-938396507 scores 0.5 across the tender data.":     "Mulig risiko, R038 mange avviste tilbud: oppdragsgiveren NO-BRC-938396507 har verdien 0,50 i konkurransedataene.",
		"Possible risk, R038 excessive disqualified bids: the ProcuringEntity pe-1 scores 12345 across the tender data.":     "Mulig risiko, R038 mange avviste tilbud: den innkjøpende enheten pe-1 har verdien 12\u00a0345 i konkurransedataene.",
	} {
		if got := redFlagText(nb, cityspend.Finding{Detail: detail}, money); got != want {
			t.Errorf("%q:\n got %q\nwant %q", detail, got, want)
		}
		if got := redFlagText(i18n.New("en"), cityspend.Finding{Detail: detail}, money); !strings.HasPrefix(got, "Possible risk, R0") || strings.Contains(got, "verdien") {
			t.Errorf("en: %q", got)
		}
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
		"organisation number 976580079 (not in the loaded registers)":           "organisasjonsnummer 976 580 079 (ikke i de innlastede registrene)",
		"organisation number 974760673 of a branch of LARVIK KOMMUNE 938396507": "organisasjonsnummer 974 760 673 til en underenhet av LARVIK KOMMUNE 938 396 507",
		"decided by analyst@larvik.demo on 2026-05-01: the right firm":          "avgjort av analyst@larvik.demo 2026-05-01: the right firm",
	} {
		if got := reasonText(nb, in); got != want {
			t.Errorf("%q:\n got %q\nwant %q", in, got, want)
		}
	}
}

// A tender's page on a Norwegian page: the product's words in bokmål,
// what the tender data says (names, ids, the method's details) marked as
// data.
func TestTenderPageInBokmal(t *testing.T) {
	srv, st := newTestServer(t)
	if err := st.PutTenders(context.Background(), "3909", "t.json", []cityspend.Tender{{OCID: "ocds-x-9", Title: "Winter road maintenance",
		Status: "complete", Method: "open", MethodDetails: "Open procedure with the lowest price", BuyerID: "NO-BRC-938396507", BuyerName: "Larvik kommune",
		Currency: "NOK", Value: 2_000_000_00, HasValue: true,
		Parties: []cityspend.Party{{ID: "p1", Name: "North Roads and Paving Ltd", Roles: []string{"supplier", "tenderer"}, Identifier: "GB-COH-01000001"}},
		Bids:    []cityspend.Bid{{ID: "bid-the-first", Status: "valid", Tenderers: []string{"p1"}, Value: 1_900_000_00, Currency: "NOK"}},
		Awards:  []cityspend.Award{{ID: "award-of-the-year", Status: "active", Suppliers: []string{"p1"}, Value: 1_900_000_00, Currency: "NOK"}},
		Release: []byte(`{}`)}}); err != nil {
		t.Fatal(err)
	}
	page := get(t, srv.URL+"/buyers/3909/tenders/ocds-x-9?lang=nb", 200)
	main := regexp.MustCompile(`(?s)<main.*</main>`).FindString(page)
	if main == "" || !strings.Contains(main, "North Roads and Paving Ltd") {
		t.Fatalf("no tender on the page: %.300s", page)
	}
	// Take out what is marked as data, then the markup.
	data := regexp.MustCompile(`(?s)<(\w+)[^>]*translate="no"[^>]*>.*?</(\w+)>`)
	for {
		m := data.FindStringSubmatchIndex(main)
		if m == nil {
			break
		}
		main = main[:m[0]] + " " + main[m[1]:]
	}
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(main, " ")
	if w := i18ntest.English.FindAllString(text, -1); len(w) > 0 {
		t.Errorf("English on the Norwegian tender page: %q in %q", w, strings.Join(strings.Fields(text), " "))
	}
}

// An exemption checked against a supplier's type gives the type's reason
// from the register in the page's language (a UK charity here).
func TestExemptionReasonInBokmal(t *testing.T) {
	nb := i18n.New("nb")
	row := findingRow{Finding: cityspend.Finding{Kind: cityspend.FindingThreshold, FindingLaw: cityspend.FindingLaw{Exemptions: []cityspend.ExemptionCheck{
		{Slug: "exemption-public-body", Why: "not_public", Arg: "registered charity GB-CHC:1190077 that is also this company (charity register)"},
		{Slug: "exemption-in-house", Why: "public_body", Arg: "Oxfordshire County Council (E10000025 GB-LAE-OXF): local authority in the ONS / GOV.UK list"},
	}}}}
	lawText(nb, &row, "GBP")
	for _, c := range row.Checks {
		text := regexp.MustCompile(`Oxfordshire County Council`).ReplaceAllString(c.Text, "")
		if w := i18ntest.English.FindAllString(text, -1); len(w) > 0 {
			t.Errorf("%s: English %q in %q", c.Slug, w, c.Text)
		}
	}
}

// Every source of law the product ships has a note: the citation keeps
// every act, section, notice and address of the source, and the page
// explains it in its language.
func TestEveryCitationExplained(t *testing.T) {
	sources := map[string]bool{}
	for _, x := range thresholds.Shipped {
		sources[x.Source] = true
	}
	for _, e := range law.Exemptions {
		for _, s := range e.Source {
			sources[s] = true
		}
	}
	for _, s := range compliance.Sources() {
		sources[s] = true
	}
	refs := regexp.MustCompile(`https?://[^\s;,)]+|§ \d+-\d+|art\. \d+(?:\([a-z0-9]\))?|FOR-\d{4}-\d\d-\d\d-\d+|\(EU\) \d{4}/\d+|C-\d+/\d+|reg\. \d+|` +
		`Schedule \d+|paras?\. \d+|ss?\. \d+|PPN [\d/]+|SI \d{4}/\d+|Procurement Act 2023|Public Contracts Regulations 2015|Annex [IVX]+|kap\. 9`)
	nb, en := i18n.New("nb"), i18n.New("en")
	for src := range sources {
		notes := law.NotesOf(src)
		if len(notes) == 0 {
			t.Errorf("%q has no note", src)
			continue
		}
		cites := ""
		for _, n := range notes {
			cites += n.Cite + "\n"
			if !i18n.Has("law.note." + n.Key) {
				t.Errorf("note %s has no explanation", n.Key)
			}
			if got := string(citation(en, src)); !strings.Contains(got, template.HTMLEscapeString(en.T("law.note."+n.Key))) {
				t.Errorf("note %s in English: %q", n.Key, got)
			}
		}
		for _, r := range refs.FindAllString(src, -1) {
			if !strings.Contains(cites, r) {
				t.Errorf("the citations %q leave out %q of the source %q", cites, r, src)
			}
		}
		page := string(citation(nb, src))
		text := regexp.MustCompile(`(?s)<cite translate="no">.*?</cite>`).ReplaceAllString(page, "")
		if w := append(i18ntest.English.FindAllString(text, -1), regexp.MustCompile(`(?i)\b(contracts?|regulations|act|procurement)\b`).FindAllString(text, -1)...); len(w) > 0 || !strings.Contains(page, "<cite") {
			t.Errorf("%q in bokmål: %q (%q)", src, page, w)
		}
	}
	// A split purchase's source is its rule's and its threshold's; a
	// user's threshold is named as data.
	split := compliance.Sources()[2] + "; the threshold: a threshold set by the user (Kommunens egen grense)"
	got := string(citation(nb, split))
	if !strings.Contains(got, "beregning av en anskaffelses verdi") || !strings.Contains(got, `terskelverdien: en terskelverdi satt av brukeren (<span translate="no">Kommunens egen grense</span>)`) {
		t.Errorf("split: %q", got)
	}
}

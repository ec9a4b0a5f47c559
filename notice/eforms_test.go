// SPDX-License-Identifier: EUPL-1.2

package notice_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"github.com/cityspend/cityspend/refdata/procedures"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/notice"
	"github.com/cityspend/cityspend/plan"
)

// schemaPath is the eForms SDK's PIN schema when the shared data is there.
var schemaPath = filepath.Join("..", "..", "shared", "data", "eforms-schemas", "maindoc", "UBL-PriorInformationNotice-2.3.xsd")

var now = time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func larvik() (cityspend.Buyer, plan.Publisher) {
	return cityspend.Buyer{ID: "3909", OrgNumber: "997 391 853", Name: "Larvik kommune", Country: "NO", Municipality: "3909", Currency: "NOK"},
		plan.Publisher{Street: "Feringsgate 2", City: "Larvik", PostalCode: "3256", Email: "innkjop@larvik.kommune.no", Website: "https://www.larvik.kommune.no"}
}

// fixture is a plan with the kinds of item a notice is made of: above the
// EEA threshold, in the national band, with text that needs escaping, one
// whose notice date has passed.
func fixture() []cityspend.PlanItem {
	return []cityspend.PlanItem{
		{ID: "ctr-renhold", Title: "Renholdstjenester for kommunale bygg", Need: "Avtalen utløper; ny rammeavtale om renhold.", Type: "services",
			CPV: []string{"90910000", "90911200"}, Value: 24_000_000_00, Months: 48, Threshold: "eea", Procedure: "FOA part III: open procedure",
			Notice: day("2026-09-01"), ContractStart: day("2027-03-01"), SME: true, Published: true, Updated: day("2026-05-20")},
		{ID: "rec-45", Title: "Vedlikehold av veier", Type: "works", CPV: []string{"45233141"}, Value: 9_500_000_00,
			Threshold: "national", Procedure: "FOA part II: competitive procedure with negotiation", Notice: day("2026-10-15"), Published: true, Updated: day("2026-05-20")},
		{ID: "odd", Title: `Mat & drikke <"skoler"> ` + "\x01\u00a0æøå", Need: "]]> <!-- -->", Type: "goods", CPV: []string{"15000000-8"},
			Value: 3_000_000_00, Threshold: "national", Published: true, Updated: day("2026-05-20")},
		{ID: "late", Title: "Forsinket anskaffelse", Type: "goods", CPV: []string{"30192000"}, Value: 1_500_000_00, Threshold: "eea",
			Notice: day("2026-01-10"), Published: true, Updated: day("2026-05-20")},
	}
}

func render(t testing.TB, d *notice.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := d.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// paths reads an XML document into its element paths (prefix:local names
// joined by "/", attributes as "@name") and their text.
func paths(t testing.TB, raw []byte) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	dec := xml.NewDecoder(bytes.NewReader(raw))
	var stack []string
	prefixes := map[string]string{}
	var textBuf strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, raw)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			for _, a := range x.Attr {
				if a.Name.Space == "xmlns" {
					prefixes[a.Value] = a.Name.Local
				}
			}
			name := x.Name.Local
			if p := prefixes[x.Name.Space]; p != "" {
				name = p + ":" + name
			}
			stack = append(stack, name)
			for _, a := range x.Attr {
				if a.Name.Space == "" {
					out[strings.Join(stack, "/")+"/@"+a.Name.Local] = append(out[strings.Join(stack, "/")+"/@"+a.Name.Local], a.Value)
				}
			}
			textBuf.Reset()
		case xml.CharData:
			textBuf.Write(x)
		case xml.EndElement:
			if s := strings.TrimSpace(textBuf.String()); s != "" {
				out[strings.Join(stack, "/")] = append(out[strings.Join(stack, "/")], s)
			}
			textBuf.Reset()
			stack = stack[:len(stack)-1]
		}
	}
	return out
}

const (
	root = "PriorInformationNotice"
	ext  = root + "/ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"
	org  = ext + "/efac:Organizations/efac:Organization/efac:Company"
	proj = root + "/cac:ProcurementProject"
	part = root + "/cac:ProcurementProjectLot/cac:ProcurementProject"
)

// mandatory are the fields the eForms SDK 1.15 requires of a PIN-only
// notice (subtype 4) as this project reads its field rules: notice
// metadata (BT-02, BT-03, BT-01, BT-701, BT-757, BT-05, BT-702, OPP-070),
// the buyer (OPT-300, BT-11, BT-10; the organisation's BT-500, BT-501,
// BT-513, BT-512, BT-507, BT-514, BT-506), the procedure and the part (BT-21,
// BT-24, BT-23, BT-262, BT-137, BT-5071 or BT-5141).
var mandatory = map[string][]string{
	"4": {
		ext + "/efac:NoticeSubType/cbc:SubTypeCode", root + "/cbc:UBLVersionID", root + "/cbc:CustomizationID", root + "/cbc:ID",
		root + "/cbc:IssueDate", root + "/cbc:IssueTime", root + "/cbc:VersionID", root + "/cbc:RegulatoryDomain",
		root + "/cbc:NoticeTypeCode", root + "/cbc:NoticeLanguageCode",
		root + "/cac:ContractingParty/cac:ContractingPartyType/cbc:PartyTypeCode",
		root + "/cac:ContractingParty/cac:ContractingActivity/cbc:ActivityTypeCode",
		root + "/cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID",
		org + "/cac:PartyIdentification/cbc:ID", org + "/cac:PartyName/cbc:Name", org + "/cac:PartyLegalEntity/cbc:CompanyID",
		org + "/cac:PostalAddress/cbc:CityName", org + "/cac:PostalAddress/cbc:PostalZone",
		org + "/cac:PostalAddress/cbc:CountrySubentityCode", org + "/cac:PostalAddress/cac:Country/cbc:IdentificationCode",
		org + "/cac:Contact/cbc:ElectronicMail",
		proj + "/cbc:Name", proj + "/cbc:Description", proj + "/cbc:ProcurementTypeCode",
		proj + "/cac:MainCommodityClassification/cbc:ItemClassificationCode",
		root + "/cac:ProcurementProjectLot/cbc:ID",
		part + "/cbc:Name", part + "/cbc:Description", part + "/cbc:ProcurementTypeCode",
		part + "/cac:MainCommodityClassification/cbc:ItemClassificationCode",
		part + "/cac:RealizedLocation/cac:Address/cac:Country/cbc:IdentificationCode",
	},
}

func init() {
	// The voluntary PIN (E2) and the consultation notice (E1) need the
	// same, less the directive's buyer legal type and activity, plus the
	// local legal basis.
	for _, st := range []string{"E2", "E1"} {
		for _, p := range mandatory["4"] {
			if !strings.Contains(p, "ContractingPartyType") && !strings.Contains(p, "ContractingActivity") {
				mandatory[st] = append(mandatory[st], p)
			}
		}
		mandatory[st] = append(mandatory[st], root+"/cac:TenderingTerms/cac:ProcurementLegislationDocumentReference/cbc:ID")
	}
}

var (
	uuidRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})$`)
	cpvRe  = regexp.MustCompile(`^\d{8}$`)
)

// checkMandatory checks a notice's mandatory fields and their forms.
func checkMandatory(t *testing.T, raw []byte) string {
	t.Helper()
	p := paths(t, raw)
	sub := first(p, ext+"/efac:NoticeSubType/cbc:SubTypeCode")
	req, ok := mandatory[sub]
	if !ok {
		t.Fatalf("subtype %q is not one this package writes", sub)
	}
	for _, path := range req {
		if first(p, path) == "" {
			t.Errorf("subtype %s: mandatory %s is missing", sub, path)
		}
	}
	if id := first(p, root+"/cbc:ID"); !uuidRe.MatchString(id) {
		t.Errorf("notice id %q is not a UUID", id)
	}
	if d := first(p, root+"/cbc:IssueDate"); !dateRe.MatchString(d) {
		t.Errorf("issue date %q", d)
	}
	if got := first(p, root+"/cbc:CustomizationID"); got != "eforms-sdk-1.15" {
		t.Errorf("customization %q", got)
	}
	for _, path := range []string{proj + "/cac:MainCommodityClassification/cbc:ItemClassificationCode", part + "/cac:MainCommodityClassification/cbc:ItemClassificationCode"} {
		for _, c := range p[path] {
			if !cpvRe.MatchString(c) {
				t.Errorf("CPV %q", c)
			}
		}
	}
	for _, c := range p[org+"/cac:PostalAddress/cac:Country/cbc:IdentificationCode"] {
		if len(c) != 3 {
			t.Errorf("country %q is not ISO 3166-1 alpha-3", c)
		}
	}
	return sub
}

func first(p map[string][]string, path string) string {
	if v := p[path]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// TestPINMandatoryFields builds the notices of a plan fixture and checks the
// fields the SDK requires, what each item puts in them, and the subtype
// by threshold band. It runs without the shared data.
func TestPINMandatoryFields(t *testing.T) {
	b, pub := larvik()
	want := map[string]string{"ctr-renhold": "4", "rec-45": "E2", "odd": "E2", "late": "4"}
	for _, it := range fixture() {
		t.Run(it.ID, func(t *testing.T) {
			d, err := notice.PIN(b, pub, it, notice.Options{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			raw := render(t, d)
			if sub := checkMandatory(t, raw); sub != want[it.ID] {
				t.Errorf("subtype %s, want %s", sub, want[it.ID])
			}
			p := paths(t, raw)
			if got := first(p, org+"/cac:PostalAddress/cbc:CountrySubentityCode"); got != "NO093" {
				t.Errorf("buyer NUTS %q, want NO093 (Larvik, Vestfold)", got)
			}
			if got := first(p, org+"/cac:PartyLegalEntity/cbc:CompanyID"); got != "997391853" {
				t.Errorf("organisation number %q", got)
			}
			if got := first(p, root+"/cbc:NoticeLanguageCode"); got != "NOR" {
				t.Errorf("language %q", got)
			}
			if got := first(p, proj+"/cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount"); got != it.Value.String() {
				t.Errorf("estimated value %q, want %s", got, it.Value)
			}
			if got := first(p, proj+"/cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount/@currencyID"); got != "NOK" {
				t.Errorf("currency %q", got)
			}
			if got := p[proj+"/cac:MainCommodityClassification/cbc:ItemClassificationCode"]; len(got) != 1 || !strings.HasPrefix(it.CPV[0], got[0]) {
				t.Errorf("main CPV %v of %v", got, it.CPV)
			}
			planned := first(p, root+"/cbc:PlannedDate")
			switch it.ID {
			case "ctr-renhold":
				if planned != "2026-09-01Z" {
					t.Errorf("planned notice date %q", planned)
				}
				if got := p[proj+"/cac:AdditionalCommodityClassification/cbc:ItemClassificationCode"]; len(got) != 1 || got[0] != "90911200" {
					t.Errorf("additional CPV %v", got)
				}
				if got := first(p, part+"/cbc:Note"); !strings.Contains(got, "(eForms open)") {
					t.Errorf("planned procedure %q", got)
				}
				if got := first(p, part+"/cac:PlannedPeriod/cbc:DurationMeasure"); got != "48" {
					t.Errorf("duration %q", got)
				}
				if got := first(p, root+"/cbc:RegulatoryDomain"); got != "32014L0024" {
					t.Errorf("legal basis %q", got)
				}
			case "rec-45":
				if got := first(p, proj+"/cbc:ProcurementTypeCode"); got != "works" {
					t.Errorf("nature %q", got)
				}
				if got := first(p, part+"/cbc:Note"); !strings.Contains(got, "(eForms neg-w-call)") {
					t.Errorf("planned procedure %q", got)
				}
			case "late":
				if planned != "" {
					t.Errorf("a notice date in the past (%s) is planned as %q", it.Notice.Format("2006-01-02"), planned)
				}
			case "odd":
				if got := first(p, proj+"/cbc:Name"); !strings.Contains(got, `Mat & drikke <"skoler">`) || strings.ContainsRune(got, '\x01') {
					t.Errorf("title %q", got)
				}
			}
		})
	}
}

// TestPINRefusesWhatItCannotSay: no CPV, an unknown type, a country
// without an alpha-3 code.
func TestPINRefusesWhatItCannotSay(t *testing.T) {
	b, pub := larvik()
	it := fixture()[0]
	for name, f := range map[string]func(*cityspend.PlanItem, *cityspend.Buyer){
		"no cpv":    func(it *cityspend.PlanItem, _ *cityspend.Buyer) { it.CPV = []string{"x"} },
		"bad type":  func(it *cityspend.PlanItem, _ *cityspend.Buyer) { it.Type = "stuff" },
		"no alpha3": func(_ *cityspend.PlanItem, b *cityspend.Buyer) { b.Country = "US" },
	} {
		it, b := it, b
		f(&it, &b)
		if _, err := notice.PIN(b, pub, it, notice.Options{Now: now}); cityspend.ErrorCode(err) != cityspend.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// xmllint validates a file against the eForms PIN schema, or skips.
func xmllint(t *testing.T, files ...string) {
	t.Helper()
	if _, err := os.Stat(schemaPath); err != nil {
		t.Skipf("SKIP: the eForms SDK schemas are not at %s (../shared/data/eforms-schemas)", filepath.Dir(filepath.Dir(schemaPath)))
	}
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("SKIP: xmllint is not installed (Debian: libxml2-utils; scripts/setup installs it)")
	}
	out, err := exec.Command(bin, append([]string{"--noout", "--schema", schemaPath}, files...)...).CombinedOutput()
	if err != nil {
		t.Errorf("xmllint: %v\n%s", err, out)
	}
}

// TestPINValidatesAgainstSchema writes every notice of the fixture and
// validates each against the SDK's UBL-PriorInformationNotice-2.3.xsd.
func TestPINValidatesAgainstSchema(t *testing.T) {
	b, pub := larvik()
	dir := t.TempDir()
	var files []string
	for _, it := range fixture() {
		d, err := notice.PIN(b, pub, it, notice.Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, it.ID+".xml")
		if err := os.WriteFile(f, render(t, d), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	// A buyer the NUTS table does not know, without address or contact:
	// still valid against the schema.
	bare := cityspend.Buyer{ID: "x", Name: "Tromsø kommune", Country: "NO", Municipality: "5501", Currency: "NOK"}
	d, err := notice.PIN(bare, plan.Publisher{}, fixture()[0], notice.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "bare.xml")
	if err := os.WriteFile(f, render(t, d), 0o644); err != nil {
		t.Fatal(err)
	}
	files = append(files, f)
	xmllint(t, files...)
}

// TestSchemaCheckRejects makes sure the schema check fails on a notice
// whose elements are out of the schema's order.
func TestSchemaCheckRejects(t *testing.T) {
	b, pub := larvik()
	d, err := notice.PIN(b, pub, fixture()[0], notice.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	raw := render(t, d)
	bad := bytes.Replace(raw, []byte("<cbc:UBLVersionID>2.3</cbc:UBLVersionID>"), nil, 1)
	bad = bytes.Replace(bad, []byte("<cbc:VersionID>01</cbc:VersionID>"), []byte("<cbc:VersionID>01</cbc:VersionID><cbc:UBLVersionID>2.3</cbc:UBLVersionID>"), 1)
	f := filepath.Join(t.TempDir(), "bad.xml")
	if err := os.WriteFile(f, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(schemaPath); err != nil {
		t.Skipf("SKIP: the eForms SDK schemas are not at %s", schemaPath)
	}
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("SKIP: xmllint is not installed (Debian: libxml2-utils)")
	}
	if out, err := exec.Command(bin, "--noout", "--schema", schemaPath, f).CombinedOutput(); err == nil {
		t.Errorf("xmllint accepted a notice with elements out of order:\n%s", out)
	}
}

// TestConsultationNotice: a broker event about a challenge becomes an E1
// pre-market consultation notice, valid against the schema, answers
// received until the event starts.
func TestConsultationNotice(t *testing.T) {
	b, pub := larvik()
	ch := cityspend.Challenge{ID: "ch-1", BuyerID: b.ID, Title: "Færre fall på sykehjem", Problem: "Beboere faller om natten.", CPV: []string{"33196200"}, Status: cityspend.ChallengePublished}
	ev := cityspend.Event{ID: 7, BuyerID: b.ID, ChallengeID: ch.ID, Title: "Dialogmøte", Starts: time.Date(2026, 8, 20, 10, 0, 0, 0, time.UTC), Place: "Rådhuset, Larvik"}
	d, err := notice.Consultation(b, pub, ev, &ch, notice.Options{Now: now, BaseURL: "https://innkjop.larvik.kommune.no/"})
	if err != nil {
		t.Fatal(err)
	}
	raw := render(t, d)
	if sub := checkMandatory(t, raw); sub != "E1" {
		t.Errorf("subtype %s", sub)
	}
	p := paths(t, raw)
	lotP := root + "/cac:ProcurementProjectLot"
	if got := first(p, lotP+"/cac:TenderingProcess/ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension/efac:AnswerReceptionPeriod/cbc:EndDate"); got != "2026-08-20Z" {
		t.Errorf("answer period ends %q", got)
	}
	if got := first(p, lotP+"/cac:TenderingTerms/cac:TenderRecipientParty/cbc:EndpointID"); got != "https://innkjop.larvik.kommune.no/public/3909/challenges/ch-1" {
		t.Errorf("endpoint %q", got)
	}
	if got := first(p, proj+"/cbc:ProcurementTypeCode"); got != "supplies" {
		t.Errorf("nature of CPV 33196200: %q", got)
	}
	if _, err := notice.Consultation(b, pub, ev, nil, notice.Options{Now: now}); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("an event without a challenge: %v", err)
	}
	f := filepath.Join(t.TempDir(), "pmc.xml")
	if err := os.WriteFile(f, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	xmllint(t, f)
}

// FuzzPIN: whatever the title, need, value and codes, the notice is
// well-formed XML that keeps its mandatory fields.
func FuzzPIN(f *testing.F) {
	f.Add("Renhold", "behov", int64(100), "90910000", "eea")
	f.Add("<a>&</b>", "]]>\x00\x1f\ufffe", int64(-5), "1234", "national")
	f.Add("\xff\xfe", "", int64(1<<62), "90910000-1", "")
	b, pub := larvik()
	f.Fuzz(func(t *testing.T, title, need string, value int64, cpv, band string) {
		it := cityspend.PlanItem{ID: "f", Title: title, Need: need, Type: "services", CPV: []string{cpv, "90911200"},
			Value: cityspend.Amount(value), Threshold: band, Procedure: need, Notice: now.AddDate(0, 1, 0)}
		d, err := notice.PIN(b, pub, it, notice.Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		raw := render(t, d)
		p := paths(t, raw)
		if first(p, proj+"/cbc:Name") == "" || first(p, proj+"/cac:MainCommodityClassification/cbc:ItemClassificationCode") == "" {
			t.Fatalf("mandatory fields lost:\n%s", raw)
		}
	})
}

// Every procedure the plan proposes (by its handbook slug) has its eForms
// code, but the national competition below the thresholds, which has none;
// a procedure a person wrote in words is read from them.
func TestProcedureCodeOfThePlansProcedures(t *testing.T) {
	for slug, want := range map[string]string{procedures.Open: "open", procedures.Restricted: "restricted", procedures.Negotiated: "neg-w-call",
		procedures.CompetitiveDialogue: "comp-dial", procedures.InnovationPartnering: "innovation", procedures.PreCommercial: "oth-single",
		procedures.BelowThreshold: "", "konkurranse med forhandling": "neg-w-call", "Open procedure": "open"} {
		if got := notice.ProcedureCode(slug); got != want {
			t.Errorf("ProcedureCode(%q) = %q, want %q", slug, got, want)
		}
	}
}

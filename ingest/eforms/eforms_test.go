// SPDX-License-Identifier: EUPL-1.2

package eforms

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/ocds"
	"github.com/cityspend/cityspend/redflags"
)

func mustRead(t *testing.T, doc, name string) cityspend.Tender {
	t.Helper()
	x, err := Read(strings.NewReader(doc), name)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func utc(s string) time.Time {
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return v.UTC()
}

// releaseOf decodes the synthesised release generically.
func releaseOf(t *testing.T, x cityspend.Tender) map[string]any {
	t.Helper()
	if !json.Valid(x.Release) {
		t.Fatalf("release is not valid JSON: %s", x.Release)
	}
	if bytes.ContainsRune(x.Release, '\n') {
		t.Fatalf("release is not one line: %s", x.Release)
	}
	var m map[string]any
	if err := json.Unmarshal(x.Release, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// get walks a decoded JSON value: keys for objects, ints for arrays.
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func checkJSON(t *testing.T, rel map[string]any, want map[string]any) {
	t.Helper()
	for path, w := range want {
		var keys []any
		for _, k := range strings.Split(path, ".") {
			if n, err := strconv.Atoi(k); err == nil {
				keys = append(keys, n)
			} else {
				keys = append(keys, k)
			}
		}
		if got := get(rel, keys...); !reflect.DeepEqual(got, w) {
			t.Errorf("release %s = %#v, want %#v", path, got, w)
		}
	}
}

const ocid = OCIDPrefix + folderID

func TestCompetitionNotice(t *testing.T) {
	x := mustRead(t, competitionNotice, "cn.xml")
	want := cityspend.Tender{
		OCID: ocid, ReleaseID: "0b9c2f4e-1111-4a2b-8c3d-aaaaaaaaaaaa-01", Date: utc("2024-03-01T09:15:00Z"),
		Title: "Vask av tekstiler", Status: "active", Method: "open", MethodDetails: "Open procedure", Category: "services",
		BuyerID: "NO-BRC-964338531", BuyerName: "Bergen kommune",
		Value: 2_500_000_00, HasValue: true, Currency: "NOK",
		TenderStart: utc("2024-03-01T09:15:00Z"), TenderEnd: utc("2024-04-02T11:00:00Z"), CPV: "98310000",
		Lots: []cityspend.Lot{
			{ID: "LOT-0001", Title: "Sykehjem", Value: 1_500_000_00, Currency: "NOK"},
			{ID: "LOT-0002", Title: "Barnehager", Value: 1_000_000_50, Currency: "NOK"},
		},
		Parties: []cityspend.Party{{ID: "NO-BRC-964338531", Name: "Bergen kommune", Roles: []string{"buyer"}, Identifier: "NO-BRC-964338531"}},
	}
	got := x
	got.Release = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tender\n got %+v\nwant %+v", got, want)
	}
	rel := releaseOf(t, x)
	checkJSON(t, rel, map[string]any{
		"ocid":                                 ocid,
		"id":                                   "0b9c2f4e-1111-4a2b-8c3d-aaaaaaaaaaaa-01",
		"date":                                 "2024-03-01T09:15:00Z",
		"tag.0":                                "tender",
		"initiationType":                       "tender",
		"buyer.id":                             "NO-BRC-964338531",
		"buyer.name":                           "Bergen kommune",
		"tender.id":                            folderID,
		"tender.title":                         "Vask av tekstiler",
		"tender.status":                        "active",
		"tender.procurementMethod":             "open",
		"tender.procurementMethodDetails":      "Open procedure",
		"tender.mainProcurementCategory":       "services",
		"tender.tenderPeriod.startDate":        "2024-03-01T09:15:00Z",
		"tender.tenderPeriod.endDate":          "2024-04-02T11:00:00Z",
		"tender.value.amount":                  2500000.0,
		"tender.value.currency":                "NOK",
		"tender.numberOfTenderers":             nil,
		"tender.items.0.classification.scheme": "CPV",
		"tender.items.0.classification.id":     "98310000",
		"tender.items.1.classification.id":     "98311000",
		"tender.items.1.relatedLot":            "LOT-0001",
		"tender.items.2.classification.id":     "98311100",
		"tender.items.2.relatedLot":            "LOT-0002",
		"tender.lots.0.id":                     "LOT-0001",
		"tender.lots.0.value.amount":           1500000.0,
		"tender.lots.0.tenderPeriod.endDate":   "2024-04-02T11:00:00Z",
		"tender.lots.1.value.amount":           1000000.5,
		"tender.lots.1.tenderPeriod.endDate":   "2024-04-05T22:59:59Z", // a deadline without a time ends the day
		"bids":                                 nil,
		"awards":                               nil,
		"parties.0.id":                         "NO-BRC-964338531",
		"parties.0.roles":                      []any{"buyer"},
		"parties.0.identifier.scheme":          "NO-BRC",
		"parties.0.identifier.id":              "964338531",
		"parties.1":                            nil, // the review body has no role the indicators read
	})
}

func TestResultNotice(t *testing.T) {
	x := mustRead(t, resultNotice, "can.xml")
	fr := folderID + "/ORG-0004" // no registered identifier: the technical id, qualified
	want := cityspend.Tender{
		OCID: ocid, ReleaseID: "7d3e5a10-2222-4b3c-9d4e-bbbbbbbbbbbb-01", Date: utc("2024-06-10T07:00:00Z"),
		Title: "Vask av tekstiler", Status: "complete", Method: "open", MethodDetails: "Open procedure", Category: "services",
		BuyerID: "NO-BRC-964338531", BuyerName: "Bergen kommune", CPV: "98310000",
		Lots: []cityspend.Lot{{ID: "LOT-0001", Title: "Sykehjem"}, {ID: "LOT-0002", Title: "Barnehager"}},
		Bids: []cityspend.Bid{
			{ID: "TEN-0001", Status: "valid", Tenderers: []string{"NO-BRC-923609016"}, Value: 1_400_000_00, Currency: "NOK"},
			{ID: "TEN-0002", Status: "valid", Tenderers: []string{"NO-BRC-988588261"}, Value: 1_450_000_25, Currency: "NOK"},
			{ID: "TEN-0003", Status: "valid", Tenderers: []string{fr}, Value: 1_600_000_00, Currency: "NOK"},
			{ID: "TEN-0004", Status: "valid", Tenderers: []string{"NO-BRC-988588261"}, Value: 950_000_00, Currency: "NOK"},
			{ID: "TEN-0005", Status: "valid", Tenderers: []string{fr}, Value: 990_000_00, Currency: "NOK"},
		},
		Awards: []cityspend.Award{
			{ID: "RES-0001", Status: "active", Date: utc("2024-05-19T22:00:00Z"), Suppliers: []string{"NO-BRC-923609016"}, Value: 1_400_000_00, Currency: "NOK"},
			{ID: "RES-0002", Status: "active", Date: utc("2024-05-21T22:00:00Z"), Suppliers: []string{"NO-BRC-988588261"}, Value: 950_000_00, Currency: "NOK"},
		},
		Parties: []cityspend.Party{
			{ID: "NO-BRC-964338531", Name: "Bergen kommune", Roles: []string{"buyer"}, Identifier: "NO-BRC-964338531"},
			{ID: "NO-BRC-923609016", Name: "Vaskeri Vest AS", Roles: []string{"tenderer", "supplier"}, Identifier: "NO-BRC-923609016"},
			{ID: "NO-BRC-988588261", Name: "Renhold Nord AS", Roles: []string{"tenderer", "supplier"}, Identifier: "NO-BRC-988588261"},
			{ID: fr, Name: "Blanchisserie du Nord", Roles: []string{"tenderer"}},
		},
	}
	got := x
	got.Release = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tender\n got %+v\nwant %+v", got, want)
	}
	rel := releaseOf(t, x)
	checkJSON(t, rel, map[string]any{
		"ocid":                               ocid,
		"tag":                                []any{"award", "contract"},
		"tender.status":                      "complete",
		"tender.numberOfTenderers":           3.0,
		"tender.tenderPeriod":                nil,
		"tender.value":                       nil,
		"bids.details.0.id":                  "TEN-0001",
		"bids.details.0.status":              "valid",
		"bids.details.0.tenderers.0.id":      "NO-BRC-923609016",
		"bids.details.0.value.amount":        1400000.0,
		"bids.details.0.value.currency":      "NOK",
		"bids.details.0.relatedLots":         []any{"LOT-0001"},
		"bids.details.1.value.amount":        1450000.25,
		"bids.details.2.tenderers.0.id":      fr,
		"bids.details.4.relatedLots":         []any{"LOT-0002"},
		"awards.0.id":                        "RES-0001",
		"awards.0.status":                    "active",
		"awards.0.date":                      "2024-05-19T22:00:00Z",
		"awards.0.suppliers.0.id":            "NO-BRC-923609016",
		"awards.0.suppliers.0.name":          "Vaskeri Vest AS",
		"awards.0.suppliers.1":               nil,
		"awards.0.value.amount":              1400000.0,
		"awards.0.value.currency":            "NOK",
		"awards.0.relatedLots":               []any{"LOT-0001"},
		"awards.0.items.0.classification.id": "98311000",
		"awards.1.suppliers.0.id":            "NO-BRC-988588261",
		"awards.1.relatedLots":               []any{"LOT-0002"},
		"awards.1.items.0.classification.id": "98311100",
		"parties.1.roles":                    []any{"tenderer", "supplier"},
		"parties.3.roles":                    []any{"tenderer"},
		"parties.3.identifier":               nil,
		"parties.2.identifier.id":            "988588261",
	})
}

// The release reads back through the OCDS reader as the same tender.
func TestReleaseReadsBackAsOCDS(t *testing.T) {
	for name, doc := range map[string]string{"cn": competitionNotice, "can": resultNotice, "single": singleTenderNotice} {
		x := mustRead(t, doc, name)
		var back []cityspend.Tender
		bad, err := ocds.Read(bytes.NewReader(x.Release), func(y cityspend.Tender) error {
			back = append(back, y)
			return nil
		})
		if err != nil || len(bad) != 0 || len(back) != 1 {
			t.Fatalf("%s: ocds.Read: %v %+v %d tenders", name, err, bad, len(back))
		}
		y := back[0]
		if !bytes.Equal(y.Release, x.Release) {
			t.Errorf("%s: release changed", name)
		}
		x.Release, y.Release, y.Line = nil, nil, 0
		if !reflect.DeepEqual(x, y) {
			t.Errorf("%s: read back\n got %+v\nwant %+v", name, y, x)
		}
	}
}

func flags(t *testing.T, docs ...string) *redflags.Result {
	t.Helper()
	var lines bytes.Buffer
	for _, d := range docs {
		lines.Write(mustRead(t, d, "notice.xml").Release)
		lines.WriteByte('\n')
	}
	res, err := redflags.Run(context.Background(), &lines, redflags.AllSettings(), redflags.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestRedFlags(t *testing.T) {
	single := "ocds-eforms-b2c3d4e5-0000-4000-8000-000000000001"
	res := flags(t, singleTenderNotice, resultNotice)
	if v, ok := res.Get(redflags.OCID, single, "R018"); !ok || v != 1 {
		t.Errorf("R018 for the single tender in an open procedure: %v %v", v, ok)
	}
	if _, ok := res.Get(redflags.OCID, ocid, "R018"); ok {
		t.Errorf("R018 for a procedure with three tenderers")
	}
	// A negotiated procedure without a call is not competitive: no R018.
	limited := strings.Replace(singleTenderNotice, ">open<", ">neg-wo-call<", 1)
	if x := mustRead(t, limited, "l.xml"); x.Method != "limited" {
		t.Fatalf("method %q", x.Method)
	}
	if _, ok := flags(t, limited).Get(redflags.OCID, single, "R018"); ok {
		t.Errorf("R018 for a limited procedure")
	}
	// The tender period reaches R003: eight days is short.
	short := strings.Replace(competitionNotice, "2024-04-02+01:00", "2024-03-09+01:00", 1)
	if v, ok := flags(t, short).Get(redflags.OCID, ocid, "R003"); !ok || v != 1 {
		t.Errorf("R003 for an eight-day tender period: %v %v", v, ok)
	}
	if _, ok := flags(t, competitionNotice).Get(redflags.OCID, ocid, "R003"); ok {
		t.Errorf("R003 for a 32-day tender period")
	}
}

func TestProcedureTypes(t *testing.T) {
	for code, want := range map[string]string{"open": "open", "restricted": "selective", "neg-w-call": "selective", "neg-wo-call": "limited",
		"comp-dial": "selective", "innovation": "selective", "oth-single": "", "oth-mult": ""} {
		x := mustRead(t, strings.Replace(competitionNotice, ">open<", ">"+code+"<", 1), code)
		if x.Method != want || x.MethodDetails == "" {
			t.Errorf("%s: method %q (%q), want %q", code, x.Method, x.MethodDetails, want)
		}
	}
}

// Winners without settled contracts: the tender ranked first; a lot with
// no winner is an unsuccessful award; one still open has no award.
func TestWinnersWithoutContracts(t *testing.T) {
	doc := strings.NewReplacer(
		`<efac:SettledContract><cbc:ID schemeName="contract">CON-0001</cbc:ID></efac:SettledContract>`, "",
		`<cbc:TenderResultCode listName="winner-selection-status">selec-w</cbc:TenderResultCode>
							<efac:LotTender><cbc:ID schemeName="tender">TEN-0004</cbc:ID></efac:LotTender>`,
		`<cbc:TenderResultCode listName="winner-selection-status">clos-nw</cbc:TenderResultCode>
							<efac:LotTender><cbc:ID schemeName="tender">TEN-0004</cbc:ID></efac:LotTender>`,
	).Replace(resultNotice)
	x := mustRead(t, doc, "can.xml")
	if len(x.Awards) != 2 || x.Awards[0].Suppliers[0] != "NO-BRC-923609016" || !x.Awards[0].Date.Equal(utc("2024-05-19T22:00:00Z")) ||
		x.Awards[1].Status != "unsuccessful" || x.Awards[1].Suppliers != nil || x.Awards[1].Value != 0 {
		t.Errorf("awards %+v", x.Awards)
	}
	open := strings.Replace(doc, ">clos-nw<", ">open-nw<", 1)
	if x := mustRead(t, open, "can.xml"); len(x.Awards) != 1 {
		t.Errorf("awards %+v", x.Awards)
	}
}

func TestSkipped(t *testing.T) {
	pin := `<?xml version="1.0"?><PriorInformationNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:PriorInformationNotice-2" ` + nsDecl +
		`><cbc:ContractFolderID>x</cbc:ContractFolderID></PriorInformationNotice>`
	modif := strings.Replace(resultNotice, `listName="result">can-standard`, `listName="cont-modif">can-modif`, 1)
	for name, doc := range map[string]string{"pin.xml": pin, "modif.xml": modif} {
		_, err := Read(strings.NewReader(doc), name)
		var ne *NoticeError
		if !errors.Is(err, ErrSkipped) || !errors.As(err, &ne) || ne.Name != name || !strings.HasPrefix(err.Error(), name+": skipped: ") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestRejected(t *testing.T) {
	noFolder := strings.Replace(competitionNotice, "<cbc:ContractFolderID>"+folderID+"</cbc:ContractFolderID>", "", 1)
	blankFolder := strings.Replace(competitionNotice, folderID, "  ", 1)
	for _, tc := range []struct{ name, doc, reason string }{
		{"empty.xml", "", "no XML element"},
		{"text.xml", "this is not XML", "not well-formed XML"},
		{"json.xml", `{"ocid":"x"}`, "not well-formed XML"},
		{"truncated.xml", competitionNotice[:len(competitionNotice)/2], "not well-formed XML"},
		{"two-roots.xml", competitionNotice + "<ContractNotice/>", "second root element"},
		{"doctype.xml", `<?xml version="1.0"?><!DOCTYPE ContractNotice [<!ENTITY x "xxxxxxxx">]><ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2">&x;</ContractNotice>`, "DTD or entities"},
		{"entity.xml", strings.Replace(competitionNotice, "Sykehjem", "&lol;", 1), "DTD or entities"},
		{"no-folder.xml", noFolder, "BT-04"},
		{"blank-folder.xml", blankFolder, "BT-04"},
		{"invoice.xml", `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><cbc:ID xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">1</cbc:ID></Invoice>`, "root element is {urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice"},
		{"wrong-ns.xml", `<ContractNotice xmlns="urn:example"><ContractFolderID>x</ContractFolderID></ContractNotice>`, "not an eForms competition or result notice"},
		{"ted.xml", `<TED_EXPORT xmlns="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication"/>`, "TED_EXPORT"},
	} {
		_, err := Read(strings.NewReader(tc.doc), tc.name)
		var ne *NoticeError
		if err == nil || !errors.As(err, &ne) || ne.Skipped || !strings.HasPrefix(err.Error(), tc.name+": ") || !strings.Contains(err.Error(), tc.reason) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.reason)
		}
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cn.xml")
	if err := os.WriteFile(path, []byte(competitionNotice), 0o644); err != nil {
		t.Fatal(err)
	}
	x, err := ReadFile(path)
	if err != nil || x.OCID != ocid {
		t.Fatalf("%v %+v", err, x)
	}
	missing := filepath.Join(dir, "missing.xml")
	if _, err := ReadFile(missing); err == nil || !strings.HasPrefix(err.Error(), missing+": cannot read") {
		t.Errorf("missing file: %v", err)
	}
}

func TestDates(t *testing.T) {
	for _, tc := range []struct {
		d, t string
		end  bool
		want string
	}{
		{"2024-03-01+01:00", "10:15:00+01:00", false, "2024-03-01T09:15:00Z"},
		{"2024-03-01+01:00", "", false, "2024-02-29T23:00:00Z"},
		{"2024-03-01+01:00", "", true, "2024-03-01T22:59:59Z"},
		{"2024-03-01Z", "12:00:00", false, "2024-03-01T12:00:00Z"},
		{"2024-03-01", "12:00:00.5-02:00", false, "2024-03-01T14:00:00.5Z"},
		{"2024-03-01", "", false, "2024-03-01T00:00:00Z"},
		{"2024-13-01", "", false, ""},
		{"01.03.2024", "", false, ""},
		{"2024-03-01+1", "", false, ""},
	} {
		got := dateTime(tc.d, tc.t, tc.end)
		if tc.want == "" {
			if !got.IsZero() {
				t.Errorf("%s %s: %v, want nothing", tc.d, tc.t, got)
			}
			continue
		}
		if !got.Equal(utc(tc.want)) || got.Location() != time.UTC {
			t.Errorf("%s %s: %v, want %s", tc.d, tc.t, got, tc.want)
		}
	}
}

func TestMoney(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want cityspend.Amount
		ok   bool
	}{{"500000", 500000_00, true}, {"59299.64", 59299_64, true}, {"0.005", 1, true}, {"-0.005", -1, true}, {" 12.3 ", 12_30, true},
		{"1/3", 0, false}, {"1e6", 0, false}, {"", 0, false}, {".", 0, false}, {"1.2.3", 0, false}, {"99999999999999999999", 0, false}} {
		got, cur, ok := money(amount{Value: tc.in, Currency: " eur"})
		if got != tc.want || ok != tc.ok || (ok && cur != "EUR") {
			t.Errorf("%q: %v %q %v", tc.in, got, cur, ok)
		}
	}
}

// BT-06 strategic procurement and BT-805 green criteria, on a lot, become
// the tender's criteria.
func TestCriteria(t *testing.T) {
	lot := `<cbc:Name languageID="NOR">Sykehjem</cbc:Name>`
	if !strings.Contains(competitionNotice, lot) {
		t.Fatal("the fixture changed")
	}
	withCriteria := strings.Replace(competitionNotice, lot, lot+`
			<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="strategic-procurement">soc-obj</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>
			<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="gpp-criteria">eu</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>`, 1)
	got, err := Read(strings.NewReader(withCriteria), "c.xml")
	if err != nil {
		t.Fatal(err)
	}
	if want := (cityspend.Criteria{Green: true, Social: true}); got.Criteria != want {
		t.Errorf("criteria %+v, want %+v", got.Criteria, want)
	}
	plain, err := Read(strings.NewReader(competitionNotice), "c.xml")
	if err != nil || plain.Criteria.Any() {
		t.Errorf("no criteria in the notice: %+v %v", plain.Criteria, err)
	}
}

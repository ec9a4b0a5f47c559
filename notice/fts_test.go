// SPDX-License-Identifier: EUPL-1.2

package notice_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/notice"
	"github.com/cityspend/cityspend/plan"
)

var (
	ocdsDir  = filepath.Join("..", "..", "shared", "data", "ocds", "schema-1.1.5")
	ukExtDir = filepath.Join("..", "..", "shared", "data", "reference", "uk_fts_ocds")
)

func hollowmere() (cityspend.Buyer, plan.Publisher) {
	return cityspend.Buyer{ID: "hollowmere", OrgNumber: "GB-PPON:PABC-1234-WXYZ", Name: "Hollowmere District Council", Country: "GB", Currency: "GBP", FiscalStart: 4},
		plan.Publisher{OCIDPrefix: "ocds-h0llo1", Street: "Town Hall", City: "Hollowmere", PostalCode: "HM1 1AA", Email: "procurement@hollowmere.example", Region: "UKD63"}
}

func ukItems() []cityspend.PlanItem {
	return []cityspend.PlanItem{
		{ID: "waste", Title: "Waste collection and recycling", Need: "The current contract ends in 2027.", Type: "services", CPV: []string{"90511000", "90512000"},
			Value: 12_500_000_00, Months: 84, Threshold: "uk", Procedure: "open", Notice: day("2026-11-02"), ContractStart: day("2027-10-01"), SME: false, Published: true},
		{ID: "depot", Title: "Depot refurbishment", Type: "works", CPV: []string{"45262700"}, Value: 3_200_000_00, Threshold: "below", Published: true},
	}
}

// mergePatch applies an RFC 7386 merge patch (how an OCDS extension's
// release-schema.json changes the release schema).
func mergePatch(dst, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	d, ok := dst.(map[string]any)
	if !ok {
		d = map[string]any{}
	}
	for k, v := range p {
		if v == nil {
			delete(d, k)
			continue
		}
		d[k] = mergePatch(d[k], v)
	}
	return d
}

func readJSON(t *testing.T, path string) any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// validateFTS validates a package against the OCDS 1.1.5 release-package
// schema with the UK extension's release schema merged in (skipped when
// the shared data is missing), and always checks what a UK1 pipeline
// notice must hold.
func validateFTS(t *testing.T, raw []byte) {
	t.Helper()
	for _, e := range ftsErrors(t, raw) {
		t.Error(e)
	}
}

func ftsErrors(t *testing.T, raw []byte) []string {
	t.Helper()
	errs := checkUK1(t, raw)
	if _, err := os.Stat(filepath.Join(ocdsDir, "release-package-schema.json")); err != nil {
		t.Logf("SKIP schema: the OCDS 1.1.5 schema is not at %s", ocdsDir)
		return errs
	}
	if _, err := os.Stat(filepath.Join(ukExtDir, "release-schema.json")); err != nil {
		t.Logf("SKIP schema: the UK OCDS extension is not at %s", ukExtDir)
		return errs
	}
	release := mergePatch(readJSON(t, filepath.Join(ocdsDir, "release-schema.json")), readJSON(t, filepath.Join(ukExtDir, "release-schema.json")))
	pkg := readJSON(t, filepath.Join(ocdsDir, "release-package-schema.json"))
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for _, doc := range []any{release, pkg} {
		id, _ := doc.(map[string]any)["id"].(string)
		if err := c.AddResource(id, doc); err != nil {
			t.Fatal(err)
		}
	}
	sch, err := c.Compile(pkg.(map[string]any)["id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		errs = append(errs, fmt.Sprintf("not valid against OCDS 1.1.5 with the UK extension:\n%v", err))
	}
	return errs
}

// checkUK1 checks the fields of Find a Tender's pipeline notice (UK1):
// parties with the buyer, buyer/id, tender with title, description,
// status planned, the Procurement Act as legal basis, a value in GBP, CPV
// codes.
func checkUK1(t *testing.T, raw []byte) []string {
	t.Helper()
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	var pkg struct {
		Version    string   `json:"version"`
		Extensions []string `json:"extensions"`
		Releases   []struct {
			OCID    string   `json:"ocid"`
			Tag     []string `json:"tag"`
			Parties []struct {
				ID, Name string
				Roles    []string
			} `json:"parties"`
			Buyer  struct{ ID, Name string } `json:"buyer"`
			Tender struct {
				Title, Description, Status string
				LegalBasis                 struct{ Scheme, ID string } `json:"legalBasis"`
				Value                      struct {
					Amount   json.Number `json:"amount"`
					Currency string      `json:"currency"`
				} `json:"value"`
				Items []struct {
					Classes []struct{ Scheme, ID string } `json:"additionalClassifications"`
				} `json:"items"`
			} `json:"tender"`
		} `json:"releases"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&pkg); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	if pkg.Version != "1.1" || !strings.Contains(strings.Join(pkg.Extensions, " "), "cabinetoffice/ocds_uk_extension") {
		fail("version %q extensions %v", pkg.Version, pkg.Extensions)
	}
	for i, r := range pkg.Releases {
		found := false
		for _, p := range r.Parties {
			found = found || p.ID == r.Buyer.ID && len(p.Roles) > 0 && p.Roles[0] == "buyer" && p.Name != ""
		}
		if !found || r.Buyer.ID == "" {
			fail("release %d: buyer %q is not among the parties", i, r.Buyer.ID)
		}
		tn := r.Tender
		if tn.Title == "" || tn.Description == "" || tn.Status != "planned" || tn.LegalBasis.Scheme != "UKPGA" || tn.LegalBasis.ID != "2023/54" {
			fail("release %d: tender %+v", i, tn)
		}
		if _, err := tn.Value.Amount.Float64(); err != nil || tn.Value.Currency != "GBP" {
			fail("release %d: value %q %q", i, tn.Value.Amount, tn.Value.Currency)
		}
		if len(tn.Items) == 0 || len(tn.Items[0].Classes) == 0 || tn.Items[0].Classes[0].Scheme != "CPV" {
			fail("release %d: no CPV", i)
		}
		if len(r.Tag) != 1 || r.Tag[0] != "planning" {
			fail("release %d: tag %v", i, r.Tag)
		}
	}
	return errs
}

func TestPipelineNotice(t *testing.T) {
	b, pub := hollowmere()
	at := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	pkg, err := notice.Pipeline(b, pub, ukItems(), plan.Publication{BaseURL: "https://hollowmere.example", Now: at})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := pkg.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	validateFTS(t, buf.Bytes())
	r := pkg.Releases[0]
	if r.OCID != "ocds-h0llo1-hollowmere-waste" {
		t.Errorf("ocid %q: the buyer's registered prefix", r.OCID)
	}
	if r.Buyer["id"] != "GB-PPON-PABC-1234-WXYZ" {
		t.Errorf("buyer id %q", r.Buyer["id"])
	}
	if got := r.Tender["communication"].(map[string]string)["futureNoticeDate"]; got != "2026-11-02T00:00:00Z" {
		t.Errorf("future notice date %q", got)
	}
	cp := r.Tender["contractPeriod"].(map[string]any)
	if cp["endDate"] != "2034-09-30T00:00:00Z" || cp["durationInMonths"] != 84 {
		t.Errorf("contract period %v", cp)
	}
	if r.Tender["aboveThreshold"] != true || pkg.Releases[1].Tender["aboveThreshold"] != false {
		t.Error("aboveThreshold does not follow the threshold band")
	}
	if _, err := notice.Pipeline(cityspend.Buyer{ID: "3909", Country: "NO", Currency: "NOK"}, pub, nil, plan.Publication{}); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("a Norwegian buyer: %v", err)
	}
}

// TestFTSChecksReject makes sure the checks fail on a broken notice.
func TestFTSChecksReject(t *testing.T) {
	for _, f := range []string{filepath.Join(ocdsDir, "release-package-schema.json"), filepath.Join(ukExtDir, "release-schema.json")} {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("skip: %s is not there (the OCDS 1.1.5 schema and the UK extension, from ../shared/data): these rejections are the schemas'", f)
		}
	}
	b, pub := hollowmere()
	pkg, err := notice.Pipeline(b, pub, ukItems()[:1], plan.Publication{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := pkg.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	if errs := ftsErrors(t, []byte(good)); len(errs) != 0 {
		t.Fatalf("a good notice: %v", errs)
	}
	for _, bad := range []string{
		strings.Replace(good, `"status": "planned"`, `"status": "soon"`, 1),
		strings.Replace(good, `"aboveThreshold": true`, `"aboveThreshold": "yes"`, 1),
		strings.Replace(good, `"currency": "GBP"`, `"currency": "NOK"`, 1),
	} {
		if bad == good {
			t.Fatal("the replacement did not apply")
		}
		if errs := ftsErrors(t, []byte(bad)); len(errs) == 0 {
			t.Errorf("accepted:\n%s", bad)
		}
	}
}

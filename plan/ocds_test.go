// SPDX-License-Identifier: EUPL-1.2

package plan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
	"github.com/cityspend/cityspend/plan"
)

// schemaDir holds the official OCDS 1.1.5 schema when the shared data is
// there.
var schemaDir = filepath.Join("..", "..", "shared", "data", "ocds", "schema-1.1.5")

// validateOCDS checks a release package: against the official 1.1.5
// release-package schema when it is there, and always with the project's
// own minimal checks of what a planning release must hold.
func validateOCDS(t *testing.T, raw []byte) {
	t.Helper()
	for _, e := range ocdsErrors(t, raw) {
		t.Error(e)
	}
}

func ocdsErrors(t *testing.T, raw []byte) []string {
	t.Helper()
	errs := minimalOCDS(t, raw)
	pkgPath := filepath.Join(schemaDir, "release-package-schema.json")
	if _, err := os.Stat(pkgPath); err != nil {
		t.Logf("skip: the OCDS 1.1.5 schema is not at %s; the project's minimal checks only", schemaDir)
		return errs
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	var pkgURL string
	for _, name := range []string{"release-schema.json", "release-package-schema.json"} {
		f, err := os.Open(filepath.Join(schemaDir, name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		id, _ := doc.(map[string]any)["id"].(string)
		if id == "" {
			t.Fatalf("%s has no id", name)
		}
		if err := c.AddResource(id, doc); err != nil {
			t.Fatal(err)
		}
		pkgURL = id
	}
	sch, err := c.Compile(pkgURL)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		errs = append(errs, fmt.Sprintf("the OCDS export is not valid against the 1.1.5 release-package schema:\n%v", err))
	}
	return errs
}

// minimalOCDS checks what the schema requires of a package and of planning
// releases, for machines without the schema.
func minimalOCDS(t *testing.T, raw []byte) []string {
	t.Helper()
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	var pkg struct {
		URI           string `json:"uri"`
		Version       string `json:"version"`
		PublishedDate string `json:"publishedDate"`
		Publisher     struct {
			Name string `json:"name"`
		} `json:"publisher"`
		Releases []struct {
			OCID, ID, Date, InitiationType string
			Tag                            []string
			Planning                       struct {
				Budget struct {
					Amount struct {
						Amount   json.Number `json:"amount"`
						Currency string      `json:"currency"`
					} `json:"amount"`
				} `json:"budget"`
			} `json:"planning"`
			Tender struct {
				ID, Status, MainProcurementCategory string
				Items                               []struct {
					ID             string `json:"id"`
					Classification struct {
						Scheme, ID string
					} `json:"classification"`
				} `json:"items"`
				Milestones []struct {
					ID, Type, DueDate string
				} `json:"milestones"`
			} `json:"tender"`
		} `json:"releases"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&pkg); err != nil {
		return []string{"the OCDS export is not JSON: " + err.Error()}
	}
	isTime := func(s string) bool { _, err := time.Parse(time.RFC3339, s); return err == nil }
	if pkg.URI == "" || pkg.Version != "1.1" || !isTime(pkg.PublishedDate) || pkg.Publisher.Name == "" || pkg.Releases == nil {
		fail("package: uri %q version %q publishedDate %q publisher %q", pkg.URI, pkg.Version, pkg.PublishedDate, pkg.Publisher.Name)
	}
	seen := map[string]bool{}
	for i, r := range pkg.Releases {
		if r.OCID == "" || r.ID == "" || !isTime(r.Date) || r.InitiationType != "tender" || len(r.Tag) != 1 || r.Tag[0] != "planning" || seen[r.ID] {
			fail("release %d: ocid %q id %q date %q initiationType %q tag %v", i, r.OCID, r.ID, r.Date, r.InitiationType, r.Tag)
		}
		seen[r.ID] = true
		if _, err := r.Planning.Budget.Amount.Amount.Float64(); err != nil || len(r.Planning.Budget.Amount.Currency) != 3 {
			fail("release %d: planning.budget.amount %q %q", i, r.Planning.Budget.Amount.Amount, r.Planning.Budget.Amount.Currency)
		}
		switch r.Tender.MainProcurementCategory {
		case "goods", "services", "works":
		default:
			fail("release %d: mainProcurementCategory %q", i, r.Tender.MainProcurementCategory)
		}
		if r.Tender.ID == "" || r.Tender.Status != "planned" {
			fail("release %d: tender id %q status %q", i, r.Tender.ID, r.Tender.Status)
		}
		for _, it := range r.Tender.Items {
			if it.ID == "" || it.Classification.Scheme != "CPV" || len(it.Classification.ID) != 8 {
				fail("release %d: item %+v", i, it)
			}
		}
		for _, m := range r.Tender.Milestones {
			if m.ID == "" || !isTime(m.DueDate) || !strings.Contains(" preProcurement engagement approval delivery ", " "+m.Type+" ") {
				fail("release %d: milestone %+v", i, m)
			}
		}
	}
	return errs
}

// TestOCDSChecksReject makes sure the checks fail on a broken package.
func TestOCDSChecksReject(t *testing.T) {
	if _, err := os.Stat(filepath.Join(schemaDir, "release-package-schema.json")); err != nil {
		t.Skipf("skip: the OCDS 1.1.5 schema is not at %s: these rejections are the schema's", schemaDir)
	}
	good := `{"uri":"https://example.org/p.json","version":"1.1","publishedDate":"2026-06-01T00:00:00Z","publisher":{"name":"X"},
"releases":[{"ocid":"ocds-x-1","id":"1","date":"2026-06-01T00:00:00Z","tag":["planning"],"initiationType":"tender",
"planning":{"budget":{"amount":{"amount":100,"currency":"NOK"}}},
"tender":{"id":"1","status":"planned","mainProcurementCategory":"goods","items":[{"id":"1","classification":{"scheme":"CPV","id":"30192000"}}]}}]}`
	if errs := ocdsErrors(t, []byte(good)); len(errs) != 0 {
		t.Fatalf("a good package: %v", errs)
	}
	for _, bad := range []string{
		strings.Replace(good, `"tag":["planning"]`, `"tag":["plan"]`, 1),
		strings.Replace(good, `"status":"planned"`, `"status":"soon"`, 1),
		strings.Replace(good, `"publishedDate":"2026-06-01T00:00:00Z"`, `"publishedDate":"June"`, 1),
		strings.Replace(good, `"amount":100`, `"amount":"100"`, 1),
	} {
		if errs := ocdsErrors(t, []byte(bad)); len(errs) == 0 {
			t.Errorf("accepted: %s", bad)
		}
	}
}

// TestOCDSBuyerPrefix: a buyer's registered ocid prefix, stored in its
// publisher setting (a real DuckDB), becomes the prefix of every ocid of
// its OCDS export, which still validates; a flag's prefix wins; a
// malformed prefix is refused.
func TestOCDSBuyerPrefix(t *testing.T) {
	ctx := context.Background()
	st := duckdbtest.Lines(t, []cityspend.Buyer{larvik}, nil)
	if err := plan.SavePublisher(ctx, st, larvik.ID, plan.Publisher{OCIDPrefix: "ocds-cspend-larvik"}); cityspend.ErrorCode(err) != cityspend.EINVALID {
		t.Errorf("a malformed prefix: %v", err)
	}
	if err := plan.SavePublisher(ctx, st, larvik.ID, plan.Publisher{OCIDPrefix: " ocds-lrv123 ", City: "Larvik"}); err != nil {
		t.Fatal(err)
	}
	items := []cityspend.PlanItem{{ID: "ctr-1", Title: "Renhold", Type: "services", CPV: []string{"90910000"}, Value: 2_500_000_00,
		Basis: "48 months", Status: cityspend.PlanPlanned, Published: true, Updated: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}}
	for _, c := range []struct{ flag, want string }{{"", "ocds-lrv123-3909-ctr-1"}, {"ocds-abcdef", "ocds-abcdef-3909-ctr-1"}} {
		p, err := plan.BuyerPublication(ctx, st, larvik.ID, plan.Publication{OCIDPrefix: c.flag, Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := plan.OCDS(&buf, larvik, items, p); err != nil {
			t.Fatal(err)
		}
		validateOCDS(t, buf.Bytes())
		var pkg struct{ Releases []struct{ OCID string } }
		if err := json.Unmarshal(buf.Bytes(), &pkg); err != nil {
			t.Fatal(err)
		}
		if len(pkg.Releases) != 1 || pkg.Releases[0].OCID != c.want {
			t.Errorf("flag %q: releases %+v, want ocid %s", c.flag, pkg.Releases, c.want)
		}
	}
	// Another buyer without a setting keeps the default.
	p, err := plan.BuyerPublication(ctx, st, "other", plan.Publication{})
	if err != nil || p.OCIDPrefix != "" {
		t.Errorf("a buyer without a setting: %q %v (the default applies when writing)", p.OCIDPrefix, err)
	}
}

// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
)

// eformsSchema is the eForms SDK's PIN schema in the shared data.
var eformsSchema = filepath.Join("..", "..", "..", "shared", "data", "eforms-schemas", "maindoc", "UBL-PriorInformationNotice-2.3.xsd")

// TestNoticeExports: the buyer's publisher setting (its registered ocid
// prefix, address and contact), `plan export --format eforms-pin -o DIR`
// writing one notice per published item, each valid against the SDK's
// schema (xmllint, when present), and `--format uk-pipeline` for a UK
// buyer.
func TestNoticeExports(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "n.duckdb")
	demoCopy(t, db, "3000")

	if code, _, errs := cli(t, "plan", "publisher", "--db", db, "--buyer", "3909", "--ocid-prefix", "ocds-cspend-larvik"); code == 0 || !strings.Contains(errs, "six") {
		t.Errorf("a malformed ocid prefix: exit %d %q", code, errs)
	}
	mustCLI(t, "plan", "publisher", "--db", db, "--buyer", "3909", "--ocid-prefix", "ocds-lrv123", "--street", "Feringsgate 2",
		"--city", "Larvik", "--postal-code", "3256", "--email", "innkjop@larvik.kommune.no")
	var pub struct {
		OCIDPrefix string `json:"ocid_prefix"`
		City       string `json:"city"`
	}
	decodeJSON(t, mustCLI(t, "plan", "publisher", "--db", db, "--buyer", "3909"), &pub)
	if pub.OCIDPrefix != "ocds-lrv123" || pub.City != "Larvik" {
		t.Errorf("the setting kept %+v", pub)
	}

	var items []cityspend.PlanItem
	decodeJSON(t, mustCLI(t, "plan", "list", "--db", db, "--buyer", "3909", "--published", "--json"), &items)
	if len(items) == 0 {
		t.Fatal("the demo plan has no published item")
	}
	// The OCDS export takes the buyer's registered prefix.
	ocds := filepath.Join(dir, "plan.json")
	mustCLI(t, "plan", "export", "--db", db, "--buyer", "3909", "--format", "ocds", "--published", "-o", ocds)
	raw, err := os.ReadFile(ocds)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"ocid": "ocds-lrv123-3909-`) || strings.Contains(string(raw), "ocds-cspend-") {
		t.Error("the OCDS export does not use the buyer's registered ocid prefix")
	}

	pins := filepath.Join(dir, "pins")
	mustCLI(t, "plan", "export", "--db", db, "--buyer", "3909", "--format", "eforms-pin", "-o", pins)
	files, err := filepath.Glob(filepath.Join(pins, "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(items) {
		t.Errorf("%d notices for %d published items", len(files), len(items))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if !strings.Contains(s, `<cbc:CustomizationID>eforms-sdk-1.15</cbc:CustomizationID>`) || !strings.Contains(s, "NO093") ||
			!strings.Contains(s, "<cbc:ElectronicMail>innkjop@larvik.kommune.no</cbc:ElectronicMail>") {
			t.Errorf("%s lacks the SDK version, the buyer's NUTS code or its contact", filepath.Base(f))
		}
	}
	if _, err := os.Stat(eformsSchema); err != nil {
		t.Logf("SKIP xmllint: the eForms SDK schemas are not at %s", eformsSchema)
	} else if bin, err := exec.LookPath("xmllint"); err != nil {
		t.Log("SKIP xmllint: not installed (Debian: libxml2-utils)")
	} else if out, err := exec.Command(bin, append([]string{"--noout", "--schema", eformsSchema}, files...)...).CombinedOutput(); err != nil {
		t.Errorf("xmllint: %v\n%s", err, out)
	}

	pmc := filepath.Join(dir, "pmc")
	mustCLI(t, "plan", "export", "--db", db, "--buyer", "3909", "--format", "eforms-pmc", "-o", pmc)
	if _, err := os.Stat(pmc); err != nil {
		t.Errorf("eforms-pmc: %v", err)
	}

	// A UK pipeline notice for the UK demo council.
	uk := "E07000999"
	mustCLI(t, "plan", "add", "--db", db, "--buyer", uk, "--set", "title=Waste collection and recycling", "--set", "type=services",
		"--set", "cpv=90511000", "--set", "estimated_value=12500000", "--set", "need_date=2028-04-01")
	var ukItems []cityspend.PlanItem
	decodeJSON(t, mustCLI(t, "plan", "list", "--db", db, "--buyer", uk, "--json"), &ukItems)
	var ids []string
	for _, it := range ukItems {
		if it.Title == "Waste collection and recycling" {
			ids = append(ids, it.ID)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("the added item: %v", ids)
	}
	mustCLI(t, append([]string{"plan", "publish", "--db", db, "--buyer", uk}, ids...)...)
	pipe := filepath.Join(dir, "pipeline.json")
	mustCLI(t, "plan", "export", "--db", db, "--buyer", uk, "--format", "uk-pipeline", "-o", pipe)
	raw, err = os.ReadFile(pipe)
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Releases []struct {
			Tender struct {
				Title      string `json:"title"`
				Status     string `json:"status"`
				LegalBasis struct {
					ID string `json:"id"`
				} `json:"legalBasis"`
			} `json:"tender"`
		} `json:"releases"`
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range pkg.Releases {
		found = found || r.Tender.Title == "Waste collection and recycling" && r.Tender.Status == "planned" && r.Tender.LegalBasis.ID == "2023/54"
	}
	if !found {
		t.Errorf("the pipeline notice lacks the published item above £2 million:\n%s", raw)
	}
	if code, _, errs := cli(t, "plan", "export", "--db", db, "--buyer", "3909", "--format", "uk-pipeline", "-o", filepath.Join(dir, "no.json")); code != 1 ||
		!strings.Contains(errs, "GBP") {
		t.Errorf("a UK pipeline notice for a Norwegian buyer: exit %d %q", code, errs)
	}
}

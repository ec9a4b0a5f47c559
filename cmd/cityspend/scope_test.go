// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cityspend/cityspend/indicator"
)

// The real Oxford City Council ledgers: the payments to HMRC, to councils
// and to pension funds are out of scope with their reasons, shown as
// excluded spend; no finding names them as a possible direct award; with
// no register nothing leaks and the top-N coverage stays within 100 %.
func TestUKCouncilScope(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := sharedData(t, "uk-spend")
	db := filepath.Join(t.TempDir(), "oxf.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "OXF", "--name", "Oxford City Council", "--country", "GB")
	for _, f := range []string{"expenditure-over-500-jan-mar-2014.csv", "expenditure-over-500-oct-dec-2017.csv"} {
		mustCLI(t, "import", "ledger", "--db", db, "--buyer", "OXF", "--json", filepath.Join(dir, f))
	}
	out := mustCLI(t, "buyer", "scope", "--db", db, "--id", "OXF", "--excluded")
	for _, want := range []string{"taxes, duties and national insurance", "pension contributions and pension costs",
		"payments to other public bodies", "HMRC", "OXFORDSHIRE COUNTY COUNCIL", "KENT COUNTY COUNCIL"} {
		if !strings.Contains(out, want) {
			t.Errorf("buyer scope --excluded lacks %q", want)
		}
	}
	// The thresholds in force start in 2024: the 2017 file with its dates
	// moved to 2024 gives findings. No finding's evidence is a line paid
	// to HMRC, a council or a pension fund; with every line in scope (the
	// control) some are.
	raw, err := os.ReadFile(filepath.Join(dir, "expenditure-over-500-oct-dec-2017.csv"))
	if err != nil {
		t.Fatal(err)
	}
	moved := filepath.Join(t.TempDir(), "oxford-2024.csv")
	if err := os.WriteFile(moved, []byte(strings.ReplaceAll(string(raw), "/2017,", "/2024,")), 0o644); err != nil {
		t.Fatal(err)
	}
	payeeOf := map[string]string{} // file line → supplier name
	cr := csv.NewReader(strings.NewReader(string(raw)))
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		line, _ := cr.FieldPos(0)
		payeeOf[strconv.Itoa(line)] = rec[len(rec)-1]
	}
	db24 := filepath.Join(t.TempDir(), "oxf24.duckdb")
	mustCLI(t, "buyer", "add", "--db", db24, "--id", "OXF", "--name", "Oxford City Council", "--country", "GB")
	mustCLI(t, "import", "ledger", "--db", db24, "--buyer", "OXF", "--json", moved)
	notSuppliers := regexp.MustCompile(`(?i)revenue (and|&) customs|\bHMRC\b|county council|city council|district council|borough council|pension fund`)
	bodiesIn := func() (findings int, bodies []string) {
		t.Helper()
		out := mustCLI(t, "findings", "--db", db24, "--buyer", "OXF", "--json")
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if l == "" {
				continue
			}
			var f struct {
				Kind     string   `json:"kind"`
				Evidence []string `json:"evidence"`
			}
			if err := json.Unmarshal([]byte(l), &f); err != nil {
				t.Fatalf("finding %q: %v", l, err)
			}
			findings++
			for _, e := range f.Evidence {
				_, line, _ := strings.Cut(e, ":")
				if name := payeeOf[line]; notSuppliers.MatchString(name) {
					bodies = append(bodies, f.Kind+": "+name)
				}
			}
		}
		return findings, bodies
	}
	n, bodies := bodiesIn()
	if n == 0 || len(bodies) > 0 {
		t.Errorf("%d findings; lines of bodies that are not suppliers in their evidence: %q", n, bodies)
	}
	mustCLI(t, "buyer", "scope", "--db", db24, "--id", "OXF", "--rule", "include * the control: every line")
	if _, bodies := bodiesIn(); len(bodies) == 0 {
		t.Error("the control: with every line in scope, no finding has a council's line (the test shows nothing)")
	}
	t.Logf("%d findings on Oxford 2017 moved to 2024", n)
	for _, year := range []string{"2013", "2017"} {
		var a indicator.Analysis
		decodeJSON(t, mustCLI(t, "analyse", "--db", db, "--buyer", "OXF", "--year", year, "--json"), &a)
		if a.ExcludedSpend <= 0 || a.Leakage.OutsideL0 != 0 || a.Leakage.Coverage != 0 || a.Coverage > 1 || a.TotalSpend <= 0 {
			t.Errorf("%s: total %s, excluded %s, leakage %s (coverage %v), top-N coverage %v", year, a.TotalSpend, a.ExcludedSpend,
				a.Leakage.OutsideL0, a.Leakage.Coverage, a.Coverage)
		}
		t.Logf("%s: procurement %s, excluded %s in %d reasons, top %d coverage %.4f", year, a.TotalSpend, a.ExcludedSpend, len(a.Excluded), a.TopN, a.Coverage)
	}
	text := mustCLI(t, "analyse", "--db", db, "--buyer", "OXF", "--year", "2017")
	if !strings.Contains(text, "of the spend whose place is known (  0.0 % of it)") || !strings.Contains(text, "L0     –  ") {
		t.Errorf("analyse with nothing known:\n%s", text)
	}
}

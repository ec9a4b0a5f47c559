// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The labelled set of hard names: generated, its registers imported, and
// measured, with the breakdowns only when asked for (the five figures of
// --json stay the contract).
func TestGenNamesEvaluate(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "n.duckdb")
	set := filepath.Join(dir, "set")
	mustCLI(t, "gen", "names", "--seed", "3", "--groups", "150", "--filler", "2000", "--dir", set)
	mustCLI(t, "import", "register", "brreg", "--db", db, "--no-resolve", filepath.Join(set, "enheter.json.gz"))
	mustCLI(t, "import", "register", "brreg", "--db", db, "--no-resolve", filepath.Join(set, "underenheter.json.gz"))
	mustCLI(t, "import", "register", "csv", "--db", db, "--no-resolve", filepath.Join(set, "gb-register.csv"))
	var ev map[string]float64
	decodeJSON(t, mustCLI(t, "resolve", "evaluate", "--db", db, "--truth", filepath.Join(set, "names.csv"), "--json"), &ev)
	if len(ev) != 5 || ev["names"] < 500 || ev["precision"] < 0.98 || ev["recall"] < 0.9 {
		t.Errorf("evaluate %v", ev)
	}
	var detail struct {
		ByClue map[string]struct{ Resolved, Correct int } `json:"by_clue"`
		ByKind map[string]struct{ Names int }             `json:"by_kind"`
	}
	decodeJSON(t, mustCLI(t, "resolve", "evaluate", "--db", db, "--truth", filepath.Join(set, "names.csv"), "--json", "--detail"), &detail)
	if detail.ByClue["legal_form"].Resolved == 0 || detail.ByKind["legal_forms"].Names == 0 {
		t.Errorf("evaluate --detail %+v", detail)
	}
}

// The review list and a decision from it.
func TestResolveReviewDecide(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "r.duckdb")
	reg := filepath.Join(dir, "reg.csv")
	ledger := filepath.Join(dir, "l.csv")
	for f, s := range map[string]string{
		reg: "scheme,id,name,postcode,locality,municipality,country,legal_form\n" +
			"NO-BRC,987654325,OLA NORDMANN RØR,0150,OSLO,0301,NO,ENK\n" +
			"NO-BRC,889640782,OLA NORDMANN RØR,9008,TROMSØ,5501,NO,ENK\n",
		ledger: "Supplier,Amount,Payment date,Account\nOla Nordmann Rør,7000,2024-01-10,1230\n",
	} {
		if err := os.WriteFile(f, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustCLI(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Larvik kommune", "--country", "NO", "--municipality", "3909")
	mustCLI(t, "import", "register", "csv", "--db", db, reg)
	mustCLI(t, "import", "ledger", "--db", db, "--buyer", "3909", ledger)
	out := mustCLI(t, "resolve", "review", "--db", db, "--buyer", "3909")
	for _, want := range []string{"1 payees to review", "Ola Nordmann Rør", "987654325", "889640782", "+ name the same"} {
		if !strings.Contains(out, want) {
			t.Errorf("review lacks %q:\n%s", want, out)
		}
	}
	var items []struct {
		Payee struct {
			ID int `json:"payee_id"`
		} `json:"payee"`
		Candidates []struct {
			Evidence []struct {
				Clue string `json:"clue"`
				For  bool   `json:"for"`
			} `json:"evidence"`
		} `json:"candidates"`
	}
	decodeJSON(t, mustCLI(t, "resolve", "review", "--db", db, "--buyer", "3909", "--json"), &items)
	if len(items) != 1 || len(items[0].Candidates) != 2 || len(items[0].Candidates[0].Evidence) == 0 {
		t.Fatalf("review --json %+v", items)
	}
	mustCLI(t, "resolve", "decide", "--db", db, "--buyer", "3909", "--payee", strconv.Itoa(items[0].Payee.ID), "--to", "987654325", "--why", "the invoice says Oslo", "--who", "kari")
	if out := mustCLI(t, "resolve", "review", "--db", db, "--buyer", "3909"); !strings.Contains(out, "nothing to review") {
		t.Errorf("after the decision: %s", out)
	}
	if out := mustCLI(t, "suppliers", "payees", "--db", db, "--buyer", "3909"); !strings.Contains(out, "org:NO-BRC:987654325") {
		t.Errorf("the payee after the decision: %s", out)
	}
}

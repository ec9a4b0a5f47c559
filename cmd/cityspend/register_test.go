// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"archive/zip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/register/sirene"
)

// zipOf writes a zip archive holding one file, as Companies House and
// INSEE publish theirs.
func zipOf(t *testing.T, dst, src string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, err := zw.Create(filepath.Base(src))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// jsonLines decodes one JSON object per line.
func jsonLines(t *testing.T, s string) []map[string]int64 {
	t.Helper()
	var out []map[string]int64
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		var m map[string]int64
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not a JSON line: %v\n%s", err, s)
		}
		out = append(out, m)
	}
	return out
}

// The official registers of the UK and France import through `import
// register KIND FILE...`: several part files, a zip archive, one JSON
// object per file (the keys brreg's has), the counts and the first
// rejects; the units are in the store afterwards.
func TestImportOfficialRegisters(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.duckdb")
	ch := "../../register/companieshouse/testdata/"
	part1, part2 := ch+"BasicCompanyData-part1_2.csv", ch+"BasicCompanyData-part2_2.csv"
	zipped := filepath.Join(dir, "BasicCompanyData-part1_2.zip")
	zipOf(t, zipped, part1)

	out := mustCLI(t, "import", "register", "companies-house", "--db", db, "--no-resolve", part1, part2)
	for _, want := range []string{
		"BasicCompanyData-part1_2.csv (csv companies): 11 units read, 7 loaded, 4 rejected, 0 changed",
		"BasicCompanyData-part2_2.csv (csv companies): 1 units read, 1 loaded, 0 rejected, 0 changed",
		`  rejected: line 8: CompanyNumber: "12-34" is not a Companies House number`,
		"  rejected: line 11: CompanyName: empty",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("companies-house output lacks %q:\n%s", want, out)
		}
	}
	// The zipped part again: the same units, none changed.
	got := jsonLines(t, mustCLI(t, "import", "register", "companies-house", "--db", db, "--no-resolve", "--json", zipped))
	if len(got) != 1 || got[0]["units_read"] != 11 || got[0]["units_loaded"] != 7 || got[0]["units_rejected"] != 4 || got[0]["units_changed"] != 0 {
		t.Errorf("zipped part %v", got)
	}

	c := "../../register/charity/testdata/"
	got = jsonLines(t, mustCLI(t, "import", "register", "charities", "--db", db, "--no-resolve", "--json",
		c+"publicextract.charity.json", c+"CharityExport-oscr.csv", c+"ccni-register.csv"))
	if len(got) != 3 || got[0]["units_loaded"] != 4 || got[1]["units_loaded"] != 1 || got[2]["units_loaded"] != 2 {
		t.Errorf("charities %v", got)
	}

	s := "../../register/sirene/testdata/"
	out = mustCLI(t, "import", "register", "sirene", "--db", db, "--no-resolve", s+"StockUniteLegale_utf8.csv", s+"StockEtablissement_utf8.csv")
	for _, want := range []string{
		"StockUniteLegale_utf8.csv (csv units): 8 units read, 5 loaded, 3 rejected",
		"StockEtablissement_utf8.csv (csv establishments): 7 units read, 5 loaded, 2 rejected",
		`  rejected: line 8: siren: "12345" is not a SIREN number (nine digits)`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("sirene output lacks %q:\n%s", want, out)
		}
	}

	// The units are there, with what the registers say of them.
	st, err := duckdb.Open(context.Background(), db, duckdb.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []cityspend.Organisation{
		{ID: cityspend.Identifier{Scheme: cityspend.SchemeGBCOH, ID: "12345678"}, Source: "companies-house", SocialEconomy: "community interest company"},
		{ID: cityspend.Identifier{Scheme: sirene.Scheme, ID: "904567890"}, Source: "sirene"},
	} {
		o, err := st.Organisation(context.Background(), want.ID)
		if err != nil || o.Source != want.Source || o.SocialEconomy != want.SocialEconomy {
			t.Errorf("%v: %+v %v", want.ID, o, err)
		}
	}
	st.Close()

	// A file of another register is refused with the reason, and the
	// other files of the command still load.
	code, out, errs := cli(t, "import", "register", "sirene", "--db", db, "--no-resolve", part2, s+"StockUniteLegale_utf8.csv")
	if code == 0 || !strings.Contains(errs, "BasicCompanyData-part2_2.csv") || !strings.Contains(errs, "1 of 2 files could not be imported") ||
		!strings.Contains(out, "StockUniteLegale_utf8.csv (csv units)") {
		t.Errorf("wrong file: exit %d\n%s%s", code, out, errs)
	}
	if code, _, errs := cli(t, "import", "register", "kvk", "--db", db, part1); code != 2 || !strings.Contains(errs, "companies-house") {
		t.Errorf("unknown kind: exit %d %s", code, errs)
	}
}

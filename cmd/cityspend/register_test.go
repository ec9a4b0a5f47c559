// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
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

// jsonCounts decodes one JSON object of counts per line.
func jsonCounts(t *testing.T, s string) []map[string]int64 {
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
	t.Parallel() // independent of the other tests: it runs beside them
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
	got := jsonCounts(t, mustCLI(t, "import", "register", "companies-house", "--db", db, "--no-resolve", "--json", zipped))
	if len(got) != 1 || got[0]["units_read"] != 11 || got[0]["units_loaded"] != 7 || got[0]["units_rejected"] != 4 || got[0]["units_changed"] != 0 {
		t.Errorf("zipped part %v", got)
	}

	c := "../../register/charity/testdata/"
	got = jsonCounts(t, mustCLI(t, "import", "register", "charities", "--db", db, "--no-resolve", "--json",
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

// The postcode registers and an index of deprivation import through
// `import postcodes` and `import deprivation`, with counts, rejects and
// JSON; afterwards a payee no register knows is placed by the postcode on
// its ledger lines, old municipality codes followed (3290 Stavern: 3805,
// Larvik of 2020–2023, is 3909 today).
func TestImportPostcodes(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "p.duckdb")
	pc := "../../ingest/postcodes/testdata/"
	mustCLI(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Larvik kommune", "--country", "NO", "--municipality", "3909")
	ledger := filepath.Join(dir, "ledger.csv")
	if err := os.WriteFile(ledger, []byte("Bilagsnr;Dato;Leverandør;Postnummer;Art;Beløp\n"+
		"1;15.01.2024;Stavern Rør;3290;1230;1000,00\n"+
		"2;16.01.2024;Oslo Konsult;0010;1270;2500,00\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, "import", "ledger", "--db", db, "--buyer", "3909", ledger)

	out := mustCLI(t, "import", "postcodes", "--db", db, "--country", "NO", pc+"Postnummerregister-ansi.txt")
	for _, want := range []string{"(tab-separated text, windows-1252, posten NO): 8 rows read, 6 loaded, 2 rejected, 0 duplicate",
		`  rejected: line 7: postnummer "32X1" is not four digits`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	var sups []map[string]any
	decodeJSON(t, mustCLI(t, "suppliers", "--db", db, "--buyer", "3909", "--json"), &sups)
	places := map[string]string{}
	for _, s := range sups {
		places[fmt.Sprint(s["name"])] = fmt.Sprint(s["place"], " ", s["municipality"])
	}
	if places["Stavern Rør"] != "L0 3909" || places["Oslo Konsult"] != "L2 0301" {
		t.Errorf("places %v", places)
	}

	var sum map[string]any
	decodeJSON(t, mustCLI(t, "import", "postcodes", "--db", db, "--json", "--no-resolve", pc+"laposte_hexasmal.csv"), &sum)
	if sum["source"] != "laposte" || sum["country"] != "FR" || sum["rows_read"] != 14.0 || sum["rows_loaded"] != 11.0 ||
		sum["rows_duplicate"] != 1.0 || sum["rows_rejected"] != 2.0 {
		t.Errorf("La Poste %v", sum)
	}
	if code, _, errs := cli(t, "import", "postcodes", "--db", db, "--country", "GB", pc+"laposte_hexasmal.csv"); code == 0 ||
		!strings.Contains(errs, "a postcode file of FR (laposte), not of GB") {
		t.Errorf("wrong country: exit %d %s", code, errs)
	}
	decodeJSON(t, mustCLI(t, "import", "deprivation", "--db", db, "--json", "--no-resolve", pc+"File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv"), &sum)
	if sum["source"] != "IMD2019" || sum["rows_read"] != 6.0 || sum["rows_loaded"] != 4.0 || sum["rows_rejected"] != 2.0 {
		t.Errorf("deprivation %v", sum)
	}
	if code, _, _ := cli(t, "buyer", "places", "--db", db, "--id", "3909", "--deprived-decile", "11"); code != 2 {
		t.Errorf("--deprived-decile 11: exit %d", code)
	}
	if out := mustCLI(t, "buyer", "places", "--db", db, "--id", "3909", "--deprived-decile", "2"); !strings.Contains(out, "deprived deprivation_decile 2") {
		t.Errorf("places %s", out)
	}
}

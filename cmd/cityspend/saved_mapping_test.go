// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityspend/cityspend/duckdb"
	"github.com/cityspend/cityspend/ingest/ledger"
)

// A buyer's saved mapping (the one confirmed in the browser) reads the
// buyer's next ledgers given no mapping: here its supplier column is
// "Mottaker", where detection takes "Leverandør". A mapping file given
// reads otherwise, and a file imported before is read as it was then.
func TestSavedMapping(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "m.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Larvik kommune", "--country", "NO")
	file := filepath.Join(dir, "2026-03.csv")
	csv := "Bilagsdato;Leverandør;Mottaker;Beløp;Tekst\r\n" +
		"03.03.2026;Vestfold Rør AS;Rørlegger Hansen AS;12 500,00;Reparasjon\r\n" +
		"04.03.2026;Larvik Papir AS;Papirgrossisten AS;1 250,50;Kontorrekvisita\r\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	type summary struct {
		RowsLoaded    int64    `json:"rows_loaded"`
		RowsDuplicate int64    `json:"rows_duplicate"`
		Notes         []string `json:"notes"`
		Preview       []struct {
			Supplier struct {
				Name string `json:"name"`
			} `json:"supplier"`
		} `json:"preview"`
	}
	dry := func(args ...string) summary {
		t.Helper()
		out := mustCLI(t, append([]string{"import", "ledger", "--db", db, "--buyer", "3909", "--dry-run", "--json"}, append(args, file)...)...)
		var s summary
		if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &s); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return s
	}
	saved := func(s summary) bool {
		for _, n := range s.Notes {
			if strings.Contains(n, "saved mapping") {
				return true
			}
		}
		return false
	}
	if s := dry(); saved(s) || len(s.Preview) == 0 || s.Preview[0].Supplier.Name != "Vestfold Rør AS" {
		t.Fatalf("without a saved mapping: %+v", s)
	}
	setSetting(t, db, "3909", ledger.SettingMapping, "# confirmed in the browser\nsupplier_name = Mottaker\n")
	if s := dry(); !saved(s) || s.Preview[0].Supplier.Name != "Rørlegger Hansen AS" {
		t.Errorf("with the buyer's saved mapping: %+v", s)
	}
	other := filepath.Join(dir, "other.map")
	os.WriteFile(other, []byte("supplier_name = Leverandør\n"), 0o600)
	if s := dry("--map", other); saved(s) || s.Preview[0].Supplier.Name != "Vestfold Rør AS" {
		t.Errorf("with a mapping file given: %+v", s)
	}
	mustCLI(t, "import", "ledger", "--db", db, "--buyer", "3909", "--no-resolve", file)
	setSetting(t, db, "3909", ledger.SettingMapping, "supplier_name = Leverandør\n")
	if s := dry(); saved(s) || s.RowsDuplicate != 2 || s.RowsLoaded != 0 {
		t.Errorf("the same file again, after the saved mapping changed: %+v", s)
	}
}

// setSetting sets a buyer's setting in a database no server holds.
func setSetting(t *testing.T, db, buyer, key, value string) {
	t.Helper()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, db, duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.SetSetting(ctx, buyer, key, value); err != nil {
		t.Fatal(err)
	}
}

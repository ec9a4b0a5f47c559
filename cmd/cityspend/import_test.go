// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

// summary mirrors the JSON contract of `import ledger --json`.
type summary struct {
	File          string  `json:"file"`
	RowsRead      int64   `json:"rows_read"`
	RowsLoaded    int64   `json:"rows_loaded"`
	RowsRejected  int64   `json:"rows_rejected"`
	RowsDuplicate int64   `json:"rows_duplicate"`
	AmountLoaded  string  `json:"amount_loaded"`
	Currency      string  `json:"currency"`
	RejectsFile   *string `json:"rejects_file"`
}

// independentSum adds up a CSV column with math/big, sharing no code with
// the importer.
func independentSum(t *testing.T, path, column string) (string, int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	idx := -1
	for i, h := range recs[0] {
		if strings.EqualFold(strings.TrimSpace(h), column) {
			idx = i
		}
	}
	sum := new(big.Rat)
	blank := 0
	for _, rec := range recs[1:] {
		v := strings.TrimSpace(rec[idx])
		if v == "" {
			blank++
			continue
		}
		x, ok := new(big.Rat).SetString(strings.ReplaceAll(v, ",", ""))
		if !ok {
			t.Fatalf("independent sum: %q", v)
		}
		sum.Add(sum, x)
	}
	return sum.FloatString(2), blank
}

// The real UK council files: every valid row loads, the blank-amount row is
// rejected with its line number, and totals equal an independent sum.
func TestUKSpendFiles(t *testing.T) {
	dir := sharedData(t, "uk-spend")
	db := filepath.Join(t.TempDir(), "uk.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "OXF", "--name", "Oxford City Council", "--country", "GB")
	for _, tc := range []struct {
		file     string
		rejected int64
	}{{"expenditure-over-500-jan-mar-2014.csv", 1}, {"expenditure-over-500-oct-dec-2017.csv", 0}} {
		path := filepath.Join(dir, tc.file)
		var s summary
		decodeJSON(t, mustCLI(t, "import", "ledger", "--db", db, "--buyer", "OXF", "--json", path), &s)
		want, blank := independentSum(t, path, "amount")
		if s.AmountLoaded != want || s.Currency != "GBP" {
			t.Errorf("%s: amount %s %s, independent sum %s", tc.file, s.AmountLoaded, s.Currency, want)
		}
		if s.RowsRejected != tc.rejected || int64(blank) != tc.rejected || s.RowsRead != s.RowsLoaded+s.RowsRejected+s.RowsDuplicate {
			t.Errorf("%s: %+v (blank amounts: %d)", tc.file, s, blank)
		}
		if tc.rejected > 0 {
			if s.RejectsFile == nil {
				t.Fatalf("%s: no rejects file", tc.file)
			}
			f, err := os.Open(*s.RejectsFile)
			if err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(f).ReadAll()
			f.Close()
			if err != nil || len(recs) != 2 || recs[1][0] != "3861" || recs[1][1] != "amount" || !strings.Contains(recs[1][3], "xxx") {
				t.Errorf("rejects file %q: %v", recs, err)
			}
		}
		// Importing the same file again adds nothing.
		var again summary
		decodeJSON(t, mustCLI(t, "import", "ledger", "--db", db, "--buyer", "OXF", "--json", path), &again)
		if again.RowsLoaded != 0 || again.RowsDuplicate != s.RowsLoaded || again.AmountLoaded != "0.00" {
			t.Errorf("%s re-import: %+v", tc.file, again)
		}
	}
}

func countRows(t *testing.T, db, query string) int64 {
	t.Helper()
	h, err := sql.Open("duckdb", db+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var n int64
	if err := h.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// A crash (kill -9) in the middle of an import leaves the database exactly as
// before, and a rerun completes.
func TestImportKilledMidway(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a large ledger")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "kill.duckdb")
	ledger := filepath.Join(dir, "ledger.csv")
	mustCLI(t, "gen", "ledger", "--lines", "600000", "--seed", "3", "-o", ledger)
	mustCLI(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Larvik kommune", "--country", "NO")
	small := filepath.Join(dir, "small.csv")
	mustCLI(t, "gen", "ledger", "--lines", "1000", "--seed", "4", "-o", small)
	mustCLI(t, "import", "ledger", "--db", db, "--buyer", "3909", small)
	before := [3]int64{
		countRows(t, db, "SELECT count(*) FROM payments"),
		countRows(t, db, "SELECT count(*) FROM import_batches"),
		countRows(t, db, "SELECT count(*) FROM payees"),
	}
	for _, phase := range []string{"parse", "load"} {
		t.Run(phase, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			c := child(ctx, "import", "ledger", "--db", db, "--buyer", "3909", "--log-level", "debug", ledger)
			stderr, err := os.Create(filepath.Join(dir, phase+".log"))
			if err != nil {
				t.Fatal(err)
			}
			defer stderr.Close()
			c.Stderr = stderr
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			// Kill while parsing (the staging file is growing) or while loading
			// (the log says staging is done).
			deadline := time.Now().Add(90 * time.Second)
			for time.Now().Before(deadline) {
				if phase == "parse" {
					staged, _ := filepath.Glob(filepath.Join(dir, ".kill.duckdb.import-*.csv"))
					if len(staged) > 0 {
						if st, err := os.Stat(staged[0]); err == nil && st.Size() > 1<<20 {
							break
						}
					}
				} else if b, _ := os.ReadFile(stderr.Name()); strings.Contains(string(b), "rows parsed and staged") {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			if err := c.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			c.Wait()
			if c.ProcessState.Success() {
				t.Fatal("the import finished before it could be killed")
			}
			after := [3]int64{
				countRows(t, db, "SELECT count(*) FROM payments"),
				countRows(t, db, "SELECT count(*) FROM import_batches"),
				countRows(t, db, "SELECT count(*) FROM payees"),
			}
			if after != before {
				t.Fatalf("after kill -9 in %s: payments, batches, payees = %v, want %v", phase, after, before)
			}
		})
	}
	var s summary
	decodeJSON(t, mustCLI(t, "import", "ledger", "--db", db, "--buyer", "3909", "--no-resolve", "--no-classify", "--json", ledger), &s)
	if s.RowsLoaded != 600000 || s.RowsRejected != 0 {
		t.Errorf("rerun: %+v", s)
	}
	if staged, _ := filepath.Glob(filepath.Join(dir, ".kill.duckdb.import-*.csv")); len(staged) != 0 {
		t.Errorf("stale staging files left: %v", staged)
	}
}

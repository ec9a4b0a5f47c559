// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

// summary mirrors the JSON contract of `import ledger --json`.
type summary struct {
	File          string   `json:"file"`
	RowsRead      int64    `json:"rows_read"`
	RowsLoaded    int64    `json:"rows_loaded"`
	RowsRejected  int64    `json:"rows_rejected"`
	RowsDuplicate int64    `json:"rows_duplicate"`
	AmountLoaded  string   `json:"amount_loaded"`
	Currency      string   `json:"currency"`
	RejectsFile   *string  `json:"rejects_file"`
	Warnings      []string `json:"warnings"`
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
	t.Parallel() // a long test: it runs beside the package's other long ones
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
		if again.RowsLoaded != 0 || again.RowsDuplicate != s.RowsLoaded || again.AmountLoaded != "0" {
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

// killedLines is the size of TestImportKilledMidway's ledger: large enough
// that each phase (parse, load) lasts far longer than the test takes to see
// it start (the staging file's size, the log line) and kill.
const killedLines = 150000

// A crash (kill -9) in the middle of an import leaves the database exactly as
// before, and a rerun completes.
func TestImportKilledMidway(t *testing.T) {
	t.Parallel() // a long test: it runs beside the package's other long ones
	if testing.Short() {
		t.Skip("generates a large ledger")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "kill.duckdb")
	ledger := filepath.Join(dir, "ledger.csv")
	mustCLI(t, "gen", "ledger", "--lines", strconv.Itoa(killedLines), "--seed", "3", "-o", ledger)
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
			// Kill while parsing (the staging files, one per month, are
			// growing) or while loading (the log says staging is done).
			deadline := time.Now().Add(90 * time.Second)
			for time.Now().Before(deadline) {
				if phase == "parse" {
					staged, _ := filepath.Glob(filepath.Join(dir, ".kill.duckdb.import-*.csv"))
					var size int64
					for _, f := range staged {
						if st, err := os.Stat(f); err == nil {
							size += st.Size()
						}
					}
					if size > 1<<20 {
						break
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
	if s.RowsLoaded != killedLines || s.RowsRejected != 0 {
		t.Errorf("rerun: %+v", s)
	}
	if staged, _ := filepath.Glob(filepath.Join(dir, ".kill.duckdb.import-*.csv")); len(staged) != 0 {
		t.Errorf("stale staging files left: %v", staged)
	}
}

// A ledger with a 100 MB description, a row of invalid UTF-8 and a 10 MB
// description (which the engine refused, failing the whole file with its
// "Maximum line size" message and the staging file's path) loads the rest:
// each bad row is rejected with its line, field and reason in the rejects
// file and table, duplicates are the rows already stored, and rows read =
// loaded + rejected + duplicate (issue 15).
func TestImportHostileRows(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	if testing.Short() {
		t.Skip("writes a 110 MB ledger")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "hostile.duckdb")
	path := filepath.Join(dir, "hostile.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	long := func(n int) { // n bytes of a description
		chunk := strings.Repeat("lang tekst ", 1<<10)
		for ; n > len(chunk); n -= len(chunk) {
			w.WriteString(chunk)
		}
		w.WriteString(chunk[:n])
	}
	w.WriteString("Bilagsnr;Bilagsdato;Leverandørnavn;Beløp;Beskrivelse\n")
	w.WriteString("1;05.01.2025;Bjørnstad Rør AS;100,00;kort\n") // line 2
	w.WriteString("2;06.01.2025;Acme AS;200,00;")                // line 3
	long(100 << 20)
	w.WriteString("\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	offset := int(st.Size()) + len("3;07.01.2025;Caf")            // of the invalid byte on line 4
	w.WriteString("3;07.01.2025;Caf\xe9 Müller;300,00;ugyldig\n") // line 4
	w.WriteString("4;08.01.2025;Ørsta Bygg AS;400,00;")           // line 5
	long(10 << 20)
	w.WriteString("\n")
	w.WriteString("5;09.01.2025;Åsgard AS;500,00;ok\n") // line 6
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Larvik kommune", "--country", "NO")

	limit := "a field may be at most 64 KB (65536 bytes)"
	want := [][]string{
		{"3", "description", `description: 100.0 MB long; ` + limit + ` (column "Beskrivelse")`},
		{"4", "supplier_name", fmt.Sprintf(`supplier_name: invalid UTF-8 at byte offset %d of the file: 0xE9 (column "Leverandørnavn")`, offset)},
		{"5", "description", `description: 10.0 MB long; ` + limit + ` (column "Beskrivelse")`},
	}
	for i, dups := range []int64{0, 2} {
		start := time.Now()
		code, out, errs := cli(t, "import", "ledger", "--db", db, "--buyer", "3909", "--no-resolve", "--no-classify", "--json", path)
		t.Logf("import %d: %s", i+1, time.Since(start).Round(time.Millisecond))
		if code != 0 || strings.Contains(out+errs, "Maximum line size") || strings.Contains(out+errs, ".import-") || strings.Count(out, "\n") != 1 {
			t.Fatalf("import %d: exit %d\n%.2000s\n%.2000s", i+1, code, out, errs)
		}
		var s summary
		decodeJSON(t, out, &s)
		if s.RowsRead != 5 || s.RowsLoaded != 2-dups || s.RowsRejected != 3 || s.RowsDuplicate != dups ||
			s.RowsRead != s.RowsLoaded+s.RowsRejected+s.RowsDuplicate || s.RejectsFile == nil {
			t.Fatalf("import %d: %+v", i+1, s)
		}
		rf, err := os.Open(*s.RejectsFile)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(rf).ReadAll()
		rf.Close()
		if err != nil || len(recs) != 1+len(want) {
			t.Fatalf("import %d: rejects file: %d records, %v", i+1, len(recs), err)
		}
		for j, w := range want {
			if r := recs[j+1]; r[0] != w[0] || r[1] != w[1] || r[2] != w[2] || len(r[3]) > 2048 {
				t.Errorf("import %d: rejects file row %q (raw of %d bytes), want %q", i+1, r[:3], len(r[3]), w)
			}
		}
		if n := countRows(t, db, `SELECT count(*) FROM import_rejects r JOIN import_batches b ON r.batch_id = b.id
			WHERE b.id = (SELECT max(id) FROM import_batches) AND (r.line, r.field, r.reason) IN (
				(3, '`+want[0][1]+`', '`+want[0][2]+`'), (4, '`+want[1][1]+`', '`+want[1][2]+`'), (5, '`+want[2][1]+`', '`+want[2][2]+`'))`); n != 3 {
			t.Errorf("import %d: %d of the rejects in import_rejects", i+1, n)
		}
	}
	if n := countRows(t, db, `SELECT count(*) FROM payments WHERE line IN (2, 6)`); n != 2 {
		t.Errorf("%d payments stored, want the two good rows", n)
	}
}

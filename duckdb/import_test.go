// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

// recordingRows is a RowReader that keeps its own record of rejected rows,
// as the ledger importer's rejects file does.
type recordingRows struct {
	rows
	recorded []cityspend.Reject
}

func (r *recordingRows) RecordReject(x cityspend.Reject) error {
	r.recorded = append(r.recorded, x)
	return nil
}

// A row the store cannot take is rejected with its reason, on its own, and
// the rest loads: a row too long for the engine's CSV reader (which refused
// the whole file at 3 MB, and at 40 MB skipped the row without a word, so
// that it was counted a duplicate), and a value the engine cannot convert.
// Duplicates are the rows already stored; rows read = loaded + rejected +
// duplicate, on the first import and on the second.
func TestImportRowsTheStoreCannotTake(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	long := pay(3, 2, "B AS", 2000, "2024-02-05")
	long.Payment.Description = strings.Repeat("x", 3<<20)
	silent := pay(4, 3, "C AS", 3000, "2024-02-06")
	silent.Payment.Description = strings.Repeat("y", 40<<20)
	cast := pay(5, 4, "D AS", 4000, "2024-02-07")
	cast.Payment.Quantity = "123456789012345678901" // more digits than DECIMAL(18, 4) holds
	reader := cityspend.ImportRow{Reject: &cityspend.Reject{Line: 6, Field: "amount", Raw: "a;b", Reason: "amount: empty"}}
	in := []cityspend.ImportRow{pay(2, 1, "A AS", 1000, "2024-01-05"), long, silent, cast, reader, pay(7, 5, "E AS", 5000, "2024-03-05")}

	want := []cityspend.Reject{
		{Line: 3, Field: "description", Reason: "description: 3.0 MB long; the database stores a row of at most 1.8 MB"},
		{Line: 4, Field: "description", Reason: "description: 40.0 MB long; the database stores a row of at most 1.8 MB"},
		{Line: 5, Field: "quantity", Reason: `quantity: the database could not store the value: Could not convert string "123456789012345678901" to 'DECIMAL'`},
	}
	for i, dups := range []int64{0, 2} {
		r := &recordingRows{rows: rows{append([]cityspend.ImportRow(nil), in...)}}
		b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "f.csv", SHA256: "x", Currency: "NOK"}
		if err := db.ImportPayments(ctx, &b, r, false); err != nil {
			t.Fatal(err)
		}
		if b.RowsRead != 6 || b.RowsLoaded != 2-dups || b.RowsRejected != 4 || b.RowsDuplicate != dups ||
			b.RowsRead != b.RowsLoaded+b.RowsRejected+b.RowsDuplicate {
			t.Errorf("import %d: read %d, loaded %d, rejected %d, duplicate %d", i+1, b.RowsRead, b.RowsLoaded, b.RowsRejected, b.RowsDuplicate)
		}
		if len(r.recorded) != len(want) {
			t.Fatalf("import %d: recorded %+v", i+1, r.recorded)
		}
		for j, w := range want {
			if got := r.recorded[j]; got.Line != w.Line || got.Field != w.Field || got.Reason != w.Reason {
				t.Errorf("import %d: recorded line %d, %q: %s; want line %d, %q: %s", i+1, got.Line, got.Field, got.Reason, w.Line, w.Field, w.Reason)
			}
		}
		stored, err := db.Rejects(ctx, b.ID, 0)
		if err != nil || len(stored) != 4 || stored[0].Line != 3 || stored[1].Line != 4 || stored[2].Line != 5 || stored[2].Field != "quantity" ||
			stored[2].Reason != want[2].Reason || stored[3] != *reader.Reject {
			t.Errorf("import %d: import_rejects %+v, %v", i+1, stored, err)
		}
	}
	tot, err := db.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "3909"})
	if err != nil || tot.Lines != 2 || tot.Spend != 6000 {
		t.Errorf("stored %+v, %v", tot, err)
	}
	// A row too long to stage adds no payee.
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM payees WHERE name IN ('B AS', 'C AS')`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d payees of rows not staged, %v", n, err)
	}
}

// The audit's ledger (issue 15): two different payments, the second with a
// description far too long. The engine skipped that row without a word and
// the import reported one loaded and one duplicate; it is one loaded and
// one rejected, and nothing is a duplicate.
func TestImportDroppedRowIsNoDuplicate(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	long := pay(3, 2, "B AS", 2000, "2024-02-05")
	long.Payment.Description = strings.Repeat("y", 40<<20)
	b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "f.csv", SHA256: "x", Currency: "NOK"}
	if err := db.ImportPayments(ctx, &b, &rows{[]cityspend.ImportRow{pay(2, 1, "A AS", 1000, "2024-01-05"), long}}, false); err != nil {
		t.Fatal(err)
	}
	if b.RowsRead != 2 || b.RowsLoaded != 1 || b.RowsRejected != 1 || b.RowsDuplicate != 0 {
		t.Errorf("read %d, loaded %d, rejected %d, duplicate %d", b.RowsRead, b.RowsLoaded, b.RowsRejected, b.RowsDuplicate)
	}
	if rs, err := db.Rejects(ctx, b.ID, 0); err != nil || len(rs) != 1 || rs[0].Line != 3 || rs[0].Field != "description" {
		t.Errorf("rejects %+v, %v", rs, err)
	}
}

// wholeRows is one document's rows, loaded whole (cityspend.WholeDocument).
type wholeRows struct{ rows }

func (*wholeRows) WholeDocument() bool { return true }

// A line of a document the store cannot take refuses the whole document
// (EINVALID with the line's reason) and stores nothing, where a ledger file
// loads its other rows: a document is never loaded in part.
func TestImportWholeDocumentRowRefused(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		bad  func(*cityspend.Payment)
		want string
	}{
		{"too long to stage", func(p *cityspend.Payment) { p.Description = strings.Repeat("x", 3<<20) },
			"line 2: description: 3.0 MB long; the database stores a row of at most 1.8 MB; a document loads whole or not at all"},
		{"value the engine refuses", func(p *cityspend.Payment) { p.Quantity = "123456789012345678901" },
			`line 2: quantity: the database could not store the value: Could not convert string "123456789012345678901" to 'DECIMAL'; a document loads whole or not at all`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := pay(2, 2, "A AS", 2000, "2024-02-05")
			tc.bad(bad.Payment)
			b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ehf", FileName: "invoice.xml", SHA256: "x", Currency: "NOK"}
			err := db.ImportPayments(ctx, &b, &wholeRows{rows{[]cityspend.ImportRow{pay(1, 1, "A AS", 1000, "2024-02-05"), bad,
				pay(3, 3, "A AS", 3000, "2024-02-05")}}}, false)
			if cityspend.ErrorCode(err) != cityspend.EINVALID || cityspend.ErrorMessage(err) != tc.want {
				t.Errorf("error %v, want %s", err, tc.want)
			}
			tot, err := db.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "3909"})
			if err != nil || tot.Lines != 0 {
				t.Errorf("stored %+v, %v", tot, err)
			}
			if bs, err := db.Batches(ctx, "3909"); err != nil || len(bs) != 0 {
				t.Errorf("batches %+v, %v", bs, err)
			}
		})
	}
}

// The staging writes every line once, each month's lines in the order
// written (while a part holds one month), and its parts, in load order, hold the months in order: one
// month a part while at most maxOpen months are seen, and spans of 2, 4, …
// months beyond, never more than maxOpen parts open. A failed write is an
// error.
func TestMonthStage(t *testing.T) {
	for _, tc := range []struct {
		months, maxOpen, width int
	}{{12, 128, 1}, {12, 12, 1}, {13, 12, 2}, {300, 8, 64}} {
		t.Run(fmt.Sprintf("%d months, %d open", tc.months, tc.maxOpen), func(t *testing.T) {
			dir := t.TempDir()
			s := newMonthStage(dir, "stage-*.csv", tc.maxOpen)
			rng := rand.New(rand.NewPCG(1, 2))
			const first = 2020 * 12
			want := map[int][]string{} // by month
			for i := range 20000 {
				m := first + rng.IntN(tc.months)
				if i < tc.months {
					m = first + tc.months - 1 - i // every month, the last first
				}
				line := fmt.Sprintf("%d,%d,%s\n", i, m, strings.Repeat("x", i%150))
				want[m] = append(want[m], line)
				if err := s.Write(m, []byte(line)); err != nil {
					t.Fatal(err)
				}
				if open := len(s.open); open > tc.maxOpen {
					t.Fatalf("%d parts open", open)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if s.width != tc.width {
				t.Errorf("%d months a part, want %d", s.width, tc.width)
			}
			got := map[int][]string{}
			span := -1
			for _, name := range s.Files() {
				b, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				for _, line := range strings.SplitAfter(string(b), "\n") {
					if line == "" {
						continue
					}
					m, _ := strconv.Atoi(strings.Split(line, ",")[1])
					got[m] = append(got[m], line)
					if m/tc.width < span {
						t.Fatalf("month %d after months of span %d", m, span)
					}
					span = m / tc.width
				}
			}
			for m, lines := range want {
				if tc.width > 1 {
					// A month whose part was merged into an earlier one
					// has lines in both.
					slices.Sort(got[m])
					slices.Sort(lines)
				}
				if !slices.Equal(got[m], lines) {
					t.Errorf("month %d: %d lines staged, want %d", m, len(got[m]), len(lines))
				}
			}
			if err := s.Remove(); err != nil {
				t.Fatal(err)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("%d staging files left", len(left))
			}
		})
	}

	// A closed file cannot be written.
	s := newMonthStage(t.TempDir(), "stage-*.csv", 4)
	if err := s.Write(1, []byte("0,a\n")); err != nil {
		t.Fatal(err)
	}
	s.parts[0].f.Close()
	var werr error
	for i := 0; i < 100000 && werr == nil; i++ {
		werr = s.Write(1, []byte("0,abcdefghijklmnopqrstuvwxyz\n"))
	}
	if err := s.Close(); err == nil || !errors.Is(err, os.ErrClosed) {
		t.Errorf("Close: %v, want the write's error", err)
	}
	if werr == nil || !errors.Is(werr, os.ErrClosed) {
		t.Errorf("Write after a failed write: %v", werr)
	}
}

// A file's lines are stored grouped by month, however the file orders them
// (here at random over two years): each month's lines take a narrow range
// of rowids, so that a month's query skips the other months' row groups.
// Loaded in the file's order, every month spanned almost the whole table.
func TestImportGroupsMonths(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	const n, months = 48000, 24
	rng := rand.New(rand.NewPCG(3, 4))
	in := make([]cityspend.ImportRow, n)
	for i := range in {
		d := time.Date(2023, time.Month(1+rng.IntN(months)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		in[i] = pay(i+2, uint64(i+1), fmt.Sprintf("S%d AS", i%50), 100, d.Format("2006-01-02"))
	}
	b := importRows(t, db, false, in...)
	if b.RowsLoaded != n {
		t.Fatalf("loaded %d of %d", b.RowsLoaded, n)
	}
	rs, err := db.db.QueryContext(ctx, `SELECT strftime(period_date, '%Y-%m'), max(rowid) - min(rowid) + 1, count(*)
		FROM payments GROUP BY ALL ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	seen := 0
	for rs.Next() {
		var month string
		var span, count int64
		if err := rs.Scan(&month, &span, &count); err != nil {
			t.Fatal(err)
		}
		seen++
		// A month's 2,000 lines may share vectors with its neighbours'
		// (the engine loads the parts on more than one thread).
		if span > 4*count {
			t.Errorf("%s: %d lines over %d rowids of %d", month, count, span, n)
		}
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	if seen != months {
		t.Errorf("%d months, want %d", seen, months)
	}
}

// Rows the engine refuses in two months are two rejects, though each is
// the first line of its month's staging file, and they are recorded in the
// file's order.
func TestImportEngineRejectsInTwoMonths(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	bad := func(r cityspend.ImportRow) cityspend.ImportRow {
		r.Payment.Quantity = "123456789012345678901" // more digits than DECIMAL(18, 4) holds
		return r
	}
	r := &recordingRows{rows: rows{[]cityspend.ImportRow{bad(pay(2, 1, "A AS", 1000, "2024-03-05")), pay(3, 2, "A AS", 1000, "2024-03-06"),
		bad(pay(4, 3, "B AS", 2000, "2024-01-05")), pay(5, 4, "B AS", 2000, "2024-01-06")}}}
	b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "f.csv", SHA256: "x", Currency: "NOK"}
	if err := db.ImportPayments(ctx, &b, r, false); err != nil {
		t.Fatal(err)
	}
	if b.RowsRead != 4 || b.RowsLoaded != 2 || b.RowsRejected != 2 {
		t.Errorf("read %d, loaded %d, rejected %d", b.RowsRead, b.RowsLoaded, b.RowsRejected)
	}
	if len(r.recorded) != 2 || r.recorded[0].Line != 2 || r.recorded[1].Line != 4 {
		t.Errorf("recorded %+v", r.recorded)
	}
	if rs, err := db.Rejects(ctx, b.ID, 0); err != nil || len(rs) != 2 || rs[0].Field != "quantity" || rs[1].Line != 4 {
		t.Errorf("import_rejects %+v, %v", rs, err)
	}
}

// TestStagingInPartitionNamedFolder: a database in a folder named like a
// hive partition ("year=2024") imports ledger lines, register units and
// postcodes; DuckDB's readers must not take the folder's name for a column
// of the staging files.
func TestStagingInPartitionNamedFolder(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "year=2024")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	d, err := Open(ctx, filepath.Join(dir, "city.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	if b := importRows(t, d, false, pay(2, 1, "A AS", 1000, "2024-01-05"), pay(3, 1, "A AS", 1000, "2024-01-05")); b.RowsLoaded != 2 {
		t.Errorf("ledger: %+v", b)
	}
	importUnits(t, d, org(cityspend.Organisation{ID: cityspend.Identifier{Scheme: cityspend.SchemeGBCOH, ID: "08591698"},
		Name: "DENTON BURN COMMUNITY ASSOCIATION", Source: "companies-house"}))
	pcs := postcodeRows{pc(cityspend.Postcode{Postcode: "PR11AA", Municipality: "E07000123"})}
	if err := d.ImportPostcodes(ctx, &cityspend.PostcodeBatch{Country: "GB", Source: "onspd", FileName: "onspd.csv"}, &pcs); err != nil {
		t.Errorf("postcodes: %v", err)
	}
	// And a backup there reads back.
	backup := filepath.Join(dir, "backup")
	if err := d.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	lines := 0
	if err := ReadLedger(ctx, backup, func(_ cityspend.Buyer, _ cityspend.ImportBatch, rows cityspend.RowReader) error {
		for {
			r, err := rows.Read(ctx)
			lines += len(r)
			if err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
		}
	}); err != nil || lines != 2 {
		t.Errorf("backup: %d lines read back, %v", lines, err)
	}
}

// FuzzAppendField: a staged text field reads back, by the rules of the
// staging file's CSV (a quoted field's quotes doubled), as the text with
// any invalid UTF-8 replaced; an unquoted field holds nothing that would
// end it early.
func FuzzAppendField(f *testing.F) {
	for _, s := range []string{"", "plain", "a,b", `say "hi"`, "two\nlines", "cr\r", "blåbær", "bad \xff byte", "\xff,\"", "æ\"ø"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := string(appendField([]byte("x,"), s))
		if !strings.HasPrefix(got, "x,") {
			t.Fatalf("appendField(%q) overwrote what came before: %q", s, got)
		}
		got = got[2:]
		want := strings.ToValidUTF8(s, "\uFFFD")
		if s == "" {
			if got != "" {
				t.Fatalf("appendField(%q) = %q, want nothing (NULL)", s, got)
			}
			return
		}
		if !strings.HasPrefix(got, `"`) {
			if strings.ContainsAny(got, ",\"\n\r") {
				t.Fatalf("appendField(%q) = %q: unquoted with a separator, quote or line break", s, got)
			}
			if got != want {
				t.Fatalf("appendField(%q) = %q, want %q", s, got, want)
			}
			return
		}
		inner, ok := strings.CutSuffix(got[1:], `"`)
		if !ok || strings.Contains(strings.ReplaceAll(inner, `""`, ""), `"`) {
			t.Fatalf("appendField(%q) = %q: not one quoted field", s, got)
		}
		if back := strings.ReplaceAll(inner, `""`, `"`); back != want {
			t.Fatalf("appendField(%q) reads back as %q, want %q", s, back, want)
		}
	})
}

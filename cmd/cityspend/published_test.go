// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// publisher is how the independent oracle reads one publisher's files: the
// columns chosen by hand after reading the files, by their header text.
type publisher struct {
	dir, buyerID, name     string
	supplier, date, amount string // header, compared without case, as a prefix
	files                  []string
	expected               map[string]expectation // EXPECTED.tsv, when the data has one
}

type expectation struct {
	rows  int
	total string
}

// oracleFigures are what the oracle makes of a file: the rows with an
// amount and a date and their total; and of those, the rows whose date is
// written (not a spreadsheet serial number) and their total.
type oracleFigures struct {
	rows, nonBlank int
	total          *big.Rat
	writtenRows    int
	writtenTotal   *big.Rat
	supplierless   int
}

// oracleDecode decodes a council file without the importer's code: UTF-8
// when valid (less a BOM), else byte by byte, ASCII as is and the only two
// other bytes these files hold, both a pound sign: 0xA3 (Windows-1252) and
// 0x9C (DOS code pages). Any other byte fails the test: the oracle is
// checked by hand.
func oracleDecode(t *testing.T, name string, b []byte) string {
	t.Helper()
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	if utf8.Valid(b) {
		return string(b)
	}
	var s strings.Builder
	for i, c := range b {
		switch {
		case c < 0x80:
			s.WriteByte(c)
		case c == 0xA3 || c == 0x9C:
			s.WriteRune('£')
		default:
			t.Fatalf("%s: byte 0x%02X at %d: the oracle knows only pound signs", name, c, i)
		}
	}
	return s.String()
}

var (
	dmy4   = regexp.MustCompile(`^\d{1,2}/\d{1,2}/\d{4}$`)
	dmy2   = regexp.MustCompile(`^\d{1,2}/\d{1,2}/\d{2}$`)
	dmon   = regexp.MustCompile(`^\d{1,2}-[A-Za-z]{3}-\d{2}(\d{2})?$`)
	serial = regexp.MustCompile(`^\d{5}$`)
)

// oracleDate reads a date in the forms these councils write; a five-digit
// number is a spreadsheet serial (days since 30 Dec 1899), not written.
func oracleDate(s string) (d time.Time, written, ok bool) {
	s = strings.TrimSpace(s)
	var err error
	switch {
	case dmy4.MatchString(s):
		d, err = time.Parse("2/1/2006", s)
	case dmy2.MatchString(s):
		d, err = time.Parse("2/1/06", s)
	case dmon.MatchString(s):
		layout := "2-Jan-06"
		if len(s) > 9 {
			layout = "2-Jan-2006"
		}
		d, err = time.Parse(layout, s)
	case serial.MatchString(s):
		n, _ := strconv.Atoi(s)
		return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n), false, true
	default:
		return d, false, false
	}
	return d, true, err == nil
}

// oracle reads a file with Go's encoding/csv after its own line splitting
// (CRLF, then a lone CR, become LF) and adds up the amount column with
// math/big.
func oracle(t *testing.T, pub publisher, path string) oracleFigures {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := oracleDecode(t, filepath.Base(path), b)
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	col := func(prefix string) int {
		for i, h := range recs[0] {
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(h)), strings.ToLower(prefix)) {
				return i
			}
		}
		t.Fatalf("%s: no column %q in %q", path, prefix, recs[0])
		return -1
	}
	si, di, ai := col(pub.supplier), col(pub.date), col(pub.amount)
	f := oracleFigures{total: new(big.Rat), writtenTotal: new(big.Rat)}
	for _, rec := range recs[1:] {
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		f.nonBlank++
		if len(rec) != len(recs[0]) {
			continue
		}
		a, ok := new(big.Rat).SetString(strings.ReplaceAll(strings.TrimSpace(rec[ai]), ",", ""))
		if !ok {
			continue
		}
		_, written, ok := oracleDate(rec[di])
		if !ok {
			continue
		}
		f.rows++
		f.total.Add(f.total, a)
		if written {
			f.writtenRows++
			f.writtenTotal.Add(f.writtenTotal, a)
		}
		if strings.TrimSpace(rec[si]) == "" {
			f.supplierless++
		}
	}
	return f
}

func councilPublishers(t *testing.T) []publisher {
	hyn := publisher{dir: sharedData(t, "uk-spend-hyndburn"), buyerID: "HYN", name: "Hyndburn Borough Council",
		supplier: "Name", date: "Payment date", amount: "Net Amount", expected: map[string]expectation{}}
	oxf := publisher{dir: sharedData(t, "uk-spend"), buyerID: "OXF", name: "Oxford City Council",
		supplier: "Supplier", date: "Paid", amount: "Amount"}
	for _, p := range []*publisher{&hyn, &oxf} {
		files, err := filepath.Glob(filepath.Join(p.dir, "*.csv"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no files (%v)", p.dir, err)
		}
		sort.Strings(files)
		p.files = files
	}
	f, err := os.Open(filepath.Join(hyn.dir, "EXPECTED.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) != 3 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		n, err := strconv.Atoi(fs[1])
		if err != nil {
			t.Fatalf("EXPECTED.tsv: %q", sc.Text())
		}
		hyn.expected[fs[0]] = expectation{n, fs[2]}
	}
	if len(hyn.expected) != len(hyn.files) {
		t.Fatalf("EXPECTED.tsv lists %d files, the directory has %d", len(hyn.expected), len(hyn.files))
	}
	return []publisher{hyn, oxf}
}

// sameMoney compares a decimal string with a rational exactly.
func sameMoney(s string, r *big.Rat) bool {
	x, ok := new(big.Rat).SetString(s)
	return ok && x.Cmp(r) == 0
}

// importedFile is what `import ledger --json` says of one file (with
// --dry-run, its layout too).
type importedFile struct {
	summary
	Layout struct {
		Columns []struct {
			Header string `json:"header"`
			Field  string `json:"field"`
		} `json:"columns"`
	} `json:"layout"`
}

// importEach runs an `import ledger --json` command (args) of files and
// returns what it says of each file, by its path; each file has one
// summary.
func importEach(t *testing.T, files []string, args ...string) map[string]importedFile {
	t.Helper()
	out := map[string]importedFile{}
	dec := json.NewDecoder(strings.NewReader(mustCLI(t, append(args, files...)...)))
	for dec.More() {
		var f importedFile
		if err := dec.Decode(&f); err != nil {
			t.Fatalf("cityspend %s: %v", strings.Join(args, " "), err)
		}
		if _, twice := out[f.File]; twice {
			t.Fatalf("cityspend %s: two summaries of %s", strings.Join(args, " "), f.File)
		}
		out[f.File] = f
	}
	for _, f := range files {
		if _, ok := out[f]; !ok {
			t.Fatalf("cityspend %s: no summary of %s", strings.Join(args, " "), f)
		}
	}
	return out
}

// Issue 16's acceptance: every real council file in the shared data loads
// with no mapping file, and for each the rows loaded and the amount equal
// an independent oracle (its own decoding and line splitting, encoding/csv,
// math/big, the columns chosen by hand) and EXPECTED.tsv; rows read =
// loaded + rejected + duplicate; the supplier column is mapped. Loaded all
// into one buyer, the total is the sum of the oracles.
//
// EXPECTED.tsv's oracle counts a row valid when it reads its amount and
// its date, and it does not read spreadsheet serial numbers as dates (one
// file, 1908.csv, has only those: EXPECTED says 0 rows there). The
// importer reads serial numbers among written dates, but a text file's
// column of bare numbers only when told (--date-format excel-serial): so
// a file with written dates is compared with the oracle's rows of any
// date, a file of serial numbers only with its written rows (none) and,
// imported again with --date-format excel-serial, with all its rows.
func TestRealCouncilFiles(t *testing.T) {
	t.Parallel() // a long test: it runs beside the package's other long ones
	pubs := councilPublishers(t)
	dir := t.TempDir()
	all := filepath.Join(dir, "all.duckdb")
	mustCLI(t, "buyer", "add", "--db", all, "--id", "ALL", "--name", "All councils", "--country", "GB")
	sum := new(big.Rat)
	var loadedSum big.Rat
	var oracleRows int64 // the oracles' rows of every file
	for _, pub := range pubs {
		db := filepath.Join(dir, pub.buyerID+".duckdb")
		mustCLI(t, "buyer", "add", "--db", db, "--id", pub.buyerID, "--name", pub.name, "--country", "GB")
		targets := []struct{ db, id string }{{db, pub.buyerID}, {all, "ALL"}}
		wants := map[string]oracleFigures{}
		var serials []string // the files of serial dates only
		for _, path := range pub.files {
			want := oracle(t, pub, path)
			wants[path] = want
			sum.Add(sum, want.total)
			oracleRows += int64(want.rows)
			if e, ok := pub.expected[filepath.Base(path)]; ok {
				if e.rows != want.writtenRows || !sameMoney(e.total, want.writtenTotal) {
					t.Errorf("%s: EXPECTED.tsv says %d rows, %s; the oracle's rows with written dates: %d, %s", filepath.Base(path), e.rows, e.total, want.writtenRows, want.writtenTotal.FloatString(2))
				}
			}
			if want.writtenRows == 0 && want.rows > 0 {
				serials = append(serials, path)
			}
		}
		// One command per database imports all of a publisher's files (each
		// in its own transaction, with its own summary): a command's start
		// and end cost more than a file of this size.
		dry := importEach(t, pub.files, "import", "ledger", "--db", db, "--buyer", pub.buyerID, "--dry-run", "--json")
		imported := map[string]map[string]importedFile{}
		for _, target := range targets {
			imported[target.id] = importEach(t, pub.files, "import", "ledger", "--db", target.db, "--buyer", target.id, "--no-resolve", "--json")
		}
		// Told that the numbers are serial dates, the files of serial
		// dates only load all their rows.
		again := map[string]map[string]importedFile{}
		if len(serials) > 0 {
			for _, target := range targets {
				again[target.id] = importEach(t, serials, "import", "ledger", "--db", target.db, "--buyer", target.id, "--no-resolve", "--json", "--date-format", "excel-serial")
			}
		}
		for _, path := range pub.files {
			name, want := filepath.Base(path), wants[path]
			// The dry run shows the layout: the supplier column is mapped.
			supplier := ""
			for _, c := range dry[path].Layout.Columns {
				if c.Field == "supplier_name" {
					supplier = c.Header
				}
			}
			if !strings.HasPrefix(strings.ToLower(supplier), strings.ToLower(pub.supplier)) {
				t.Errorf("%s: the supplier column is %q, want %s…", name, supplier, pub.supplier)
			}
			// The import, into the publisher's buyer and into one for all.
			serialsOnly := slices.Contains(serials, path)
			for _, target := range targets {
				s := imported[target.id][path].summary
				wantRows, wantTotal := want.rows, want.total
				if serialsOnly {
					wantRows, wantTotal = 0, new(big.Rat)
				}
				if s.RowsLoaded != int64(wantRows) || !sameMoney(s.AmountLoaded, wantTotal) || s.RowsDuplicate != 0 ||
					s.RowsRead != s.RowsLoaded+s.RowsRejected+s.RowsDuplicate || s.RowsRead != int64(want.nonBlank) {
					t.Errorf("%s into %s: read %d, loaded %d, rejected %d, duplicate %d, %s; the oracle: %d rows of %d, %s",
						name, target.id, s.RowsRead, s.RowsLoaded, s.RowsRejected, s.RowsDuplicate, s.AmountLoaded, wantRows, want.nonBlank, wantTotal.FloatString(2))
				}
				if serialsOnly {
					if len(s.Warnings) == 0 || !strings.Contains(strings.Join(s.Warnings, " "), "--date-format excel-serial") {
						t.Errorf("%s: no warning that says how to read its serial dates: %q", name, s.Warnings)
					}
					s = again[target.id][path].summary
					if s.RowsLoaded != int64(want.rows) || !sameMoney(s.AmountLoaded, want.total) {
						t.Errorf("%s into %s with --date-format excel-serial: loaded %d, %s; the oracle: %d, %s",
							name, target.id, s.RowsLoaded, s.AmountLoaded, want.rows, want.total.FloatString(2))
					}
				}
				if target.id == "ALL" {
					if x, ok := new(big.Rat).SetString(s.AmountLoaded); ok {
						loadedSum.Add(&loadedSum, x)
					}
				}
			}
		}
	}
	// The one buyer's total, as the analysis reads it from the database.
	got := countRows(t, all, "SELECT count(*) FROM payments")
	if got != oracleRows || loadedSum.Cmp(sum) != 0 {
		t.Errorf("all files into one buyer: %d payments, %s; the oracles: %d rows, %s", got, loadedSum.FloatString(2), oracleRows, sum.FloatString(2))
	}
	cents := countRows(t, all, "SELECT sum(amount) FROM payments")
	if want := new(big.Rat).Mul(sum, big.NewRat(100, 1)); !want.IsInt() || want.Num().Int64() != cents {
		t.Errorf("the database's total %d pence, the oracles' %s", cents, sum.FloatString(2))
	}
}

// The shapes of issue 16 in files written here: each imports with no
// mapping file, and --dry-run shows the header row and why, each column
// with its reason, the formats and the first rows.
func TestPublishedLayouts(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	rows := "PARKS,MOWING,B1/1,GREEN SPACES LTD,04/01/2017,325.00\n" +
		"HOUSING,AGENCY STAFF,B1/2,EDEN PEOPLE LIMITED,05/01/2017,681.25\n" +
		"WASTE,VEHICLE HIRE,B1/3,STANLEY TIPPERS LTD,20-Jan-17,390.00\n" +
		"LEISURE,ADVERTS,B1/4,TRIO PRINT & DESIGN,42760,1357.15\n"
	const total = "2753.40"
	header := "Service Cost Centre,Description,Ref no,Name,Payment date,Net Amount(£)"
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cr := strings.ReplaceAll(header+"\n"+rows, "\n", "\r")
	dos := bytes.ReplaceAll([]byte(header+"\r\n"+rows), []byte("£"), []byte{0x9C})
	tests := []struct {
		name   string
		file   string
		show   []string // in the dry run's text
		loaded int64
		amount string
		reject int64
	}{
		{"CR-only with a final CRLF", write("cr.csv", []byte(cr[:len(cr)-1]+"\r\n")), []string{"line ends: CR 4, CRLF 1", "header on line 1:"}, 4, total, 0},
		{"DOS code page", write("dos.csv", dos), []string{"encoding cp850", "0x9C reads as '£'", `"Net Amount(£)"`}, 4, total, 0},
		{"header last", write("last.csv", []byte(rows+header+"\n")), []string{"header on line 5:", "after 4 rows of data"}, 4, total, 0},
		{"title lines", write("title.csv", []byte("Anytown Borough Council\nPayments over £500\nFrom:,01/01/2017\nTo:,31/01/2017\n\n"+header+"\n"+rows)),
			[]string{"header on line 6:", "4 title lines above the header"}, 4, total, 0},
		{"mixed dates", write("mixed.csv", []byte(header+"\n"+rows)), []string{"payment_date: dd.mm.yyyy", "2 dates were written in another form"}, 4, total, 0},
		{"fields run together", write("merged.csv", []byte(header+"\n"+rows+"PARKS,TREES,B1/5,ARB LTD,04/01/2017325.00\n")),
			[]string{"two fields seem run together"}, 4, total, 1},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(dir, fmt.Sprintf("p%d.duckdb", i))
			mustCLI(t, "buyer", "add", "--db", db, "--id", "ANY", "--name", "Anytown Borough Council", "--country", "GB")
			out := mustCLI(t, "import", "ledger", "--db", db, "--buyer", "ANY", "--dry-run", tt.file)
			for _, want := range append(tt.show, "because it names", `"Name"                           → supplier_name (content: the header says name`,
				`→ amount (exact: the header names amount)`, "→ voucher_no (exact", "payment_date: dd.mm.yyyy (reads", `amount: decimal "."`, "first rows:", "GREEN SPACES LTD") {
				if !strings.Contains(out, want) {
					t.Errorf("the dry run does not show %q:\n%s", want, out)
				}
			}
			var s summary
			decodeJSON(t, mustCLI(t, "import", "ledger", "--db", db, "--buyer", "ANY", "--no-resolve", "--json", tt.file), &s)
			if s.RowsLoaded != tt.loaded || s.RowsRejected != tt.reject || s.RowsDuplicate != 0 || s.AmountLoaded != tt.amount ||
				s.RowsRead != s.RowsLoaded+s.RowsRejected+s.RowsDuplicate {
				t.Errorf("%+v, want %d rows loaded, %d rejected, %s", s, tt.loaded, tt.reject, tt.amount)
			}
		})
	}
}

// A workbook with a sheet per month and helper columns: --json prints an
// object per sheet ("sheet"), and one for each skipped sheet ("skipped"
// and why); the text output says the same.
func TestWorkbookPerSheet(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Larvik kommune", "--country", "NO", "--municipality", "3909")
	path := filepath.Join(dir, "year.xlsx")
	writeMonthlyWorkbook(t, path)
	code, out, errs := cli(t, "import", "ledger", "--db", db, "--buyer", "3909", "--no-resolve", "--json", path)
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
	type sheetSummary struct {
		summary
		Sheet   string `json:"sheet"`
		Skipped string `json:"skipped"`
		BatchID int64  `json:"batch_id"`
	}
	var objs []sheetSummary
	for _, line := range jsonLines(t, out) {
		var o sheetSummary
		decodeJSON(t, line, &o)
		objs = append(objs, o)
	}
	var got []string
	for _, o := range objs {
		got = append(got, fmt.Sprintf("%s:%d:%s:%v", o.Sheet, o.RowsLoaded, o.AmountLoaded, o.Skipped != ""))
		if o.Skipped == "" && (o.BatchID == 0 || o.RowsRejected != 0 || o.RowsRead != o.RowsLoaded) {
			t.Errorf("sheet %s: %+v", o.Sheet, o)
		}
	}
	if strings.Join(got, " ") != "Januar:3:603.00:false Februar:3:603.00:false Notater:0:0:true" || !strings.Contains(objs[2].Skipped, "no header row found") {
		t.Errorf("objects %q (%+v)", got, objs)
	}
	// Text: each sheet, and the skipped one with its reason.
	out = mustCLI(t, "import", "ledger", "--db", db, "--buyer", "3909", "--dry-run", path)
	for _, want := range []string{"year.xlsx [Januar]: xlsx, sheet \"Januar\"", "not used (a helper column without a name", `sheet "Notater" skipped: no header row found`, "year.xlsx [Februar]: 3 rows read"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

// writeMonthlyWorkbook writes a workbook with two monthly sheets of three
// payments, helper columns beside the data, and a notes sheet.
func writeMonthlyWorkbook(t *testing.T, path string) {
	t.Helper()
	f := excelize.NewFile()
	sheet := func(name string, rows [][]any) {
		if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, m := range []struct {
		name string
		m    time.Month
	}{{"Januar", time.January}, {"Februar", time.February}} {
		rows := [][]any{{"Leverandør", "Bilagsdato", "Beløp", nil, "Column1"}}
		for i := 1; i <= 3; i++ {
			rows = append(rows, []any{fmt.Sprintf("Firma %d AS", i), time.Date(2024, m.m, i, 0, 0, 0, 0, time.UTC), float64(i) * 100.5, "sjekk", i * 2})
		}
		sheet(m.name, rows)
	}
	sheet("Notater", [][]any{{"Utbetalinger 2024"}, {"Kontakt: økonomi"}})
	if err := f.DeleteSheet("Sheet1"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// Importing a file that names another paying organisation warns on stderr
// before loading, in --json's "warnings", and in the dry run.
func TestWrongBuyerWarns(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "wb.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "OXF", "--name", "Oxford City Council", "--country", "GB")
	path := filepath.Join(dir, "other.csv")
	text := "Body Name,Supplier Name,Paid Date,Amount\nHyndburn Borough Council,A LTD,04/01/2017,10.00\nHyndburn Borough Council,B LTD,05/01/2017,20.00\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := cli(t, "import", "ledger", "--db", db, "--buyer", "OXF", "--no-resolve", "--json", path)
	var s struct {
		summary
		Warnings []string `json:"warnings"`
	}
	decodeJSON(t, out, &s)
	want := `the file names the paying organisation "Hyndburn Borough Council"`
	if code != 0 || s.RowsLoaded != 2 || len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], want) || !strings.Contains(errs, "warning: "+want) {
		t.Errorf("exit %d, %+v; stderr %q", code, s, errs)
	}
	if out := mustCLI(t, "import", "ledger", "--db", db, "--buyer", "OXF", "--dry-run", path); !strings.Contains(out, "  warning: "+want) {
		t.Errorf("the dry run does not warn:\n%s", out)
	}
}

// A file without a supplier column is refused, naming the candidates and
// --no-supplier; with --no-supplier it loads.
func TestNoSupplierFlag(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ns.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "OXF", "--name", "Oxford City Council", "--country", "GB")
	path := filepath.Join(dir, "ns.csv")
	if err := os.WriteFile(path, []byte("Date,Amount,Details\n04/01/2017,10.00,mowing the park\n05/01/2017,20.00,bins\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := cli(t, "import", "ledger", "--db", db, "--buyer", "OXF", path)
	if code == 0 || !strings.Contains(errs, "no supplier column") || !strings.Contains(errs, `"Details"`) || !strings.Contains(errs, "--no-supplier") {
		t.Errorf("exit %d: %s%s", code, out, errs)
	}
	var s summary
	decodeJSON(t, mustCLI(t, "import", "ledger", "--db", db, "--buyer", "OXF", "--no-supplier", "--no-resolve", "--json", path), &s)
	if s.RowsLoaded != 2 {
		t.Errorf("with --no-supplier: %+v", s)
	}
}

// jsonLines splits output into its non-empty lines.
func jsonLines(t *testing.T, out string) []string {
	t.Helper()
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) != "" {
			lines = append(lines, sc.Text())
		}
	}
	return lines
}

// A file imported before is read as it was then, so that its lines keep
// their keys: here the first import ignored the reference column (as an
// importer that did not know its name would have), and the second, with
// no mapping file, would map it, give every line another key and load the
// file twice.
func TestReimportReadsAsBefore(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "r.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "ANY", "--name", "Anytown Borough Council", "--country", "GB")
	path := filepath.Join(dir, "month.csv")
	text := "Service Cost Centre,Description,Ref no,Name,Payment date,Net Amount(£)\n" +
		"PARKS,MOWING,B1/1,GREEN SPACES LTD,04/01/2017,325.00\nHOUSING,AGENCY STAFF,B1/2,EDEN PEOPLE LIMITED,05/01/2017,681.25\n"
	mapping := filepath.Join(dir, "old.map")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mapping, []byte("ignore = Ref no\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var first, again struct {
		summary
		Notes []string `json:"notes"`
	}
	decodeJSON(t, mustCLI(t, "import", "ledger", "--db", db, "--buyer", "ANY", "--no-resolve", "--json", "--map", mapping, path), &first)
	decodeJSON(t, mustCLI(t, "import", "ledger", "--db", db, "--buyer", "ANY", "--no-resolve", "--json", path), &again)
	if first.RowsLoaded != 2 || again.RowsLoaded != 0 || again.RowsDuplicate != 2 || !strings.Contains(strings.Join(again.Notes, ";"), "imported before (batch") {
		t.Errorf("first %+v, again %+v", first, again)
	}
	if n := countRows(t, db, "SELECT count(*) FROM payments"); n != 2 {
		t.Errorf("%d payments, want 2", n)
	}
}

// The file is hashed while it is read (issue 22): each batch records its
// file's SHA-256 all the same, and a file of another content but the same
// size as one imported before is not read as that one was.
func TestImportRecordsFileHash(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "ANY", "--name", "Anytown Borough Council", "--country", "GB")
	texts := []string{
		"Service Cost Centre,Description,Ref no,Name,Payment date,Net Amount(£)\nPARKS,MOWING,B1/1,GREEN SPACES LTD,04/01/2017,325.00\n",
		"Service Cost Centre,Description,Ref no,Name,Payment date,Net Amount(£)\nPARKS,MOWING,B1/2,GREEN SPACES LTD,04/01/2017,325.00\n",
	}
	for i, text := range texts {
		path := filepath.Join(dir, fmt.Sprintf("month%d.csv", i))
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		var got struct {
			summary
			BatchID int64    `json:"batch_id"`
			Notes   []string `json:"notes"`
		}
		decodeJSON(t, mustCLI(t, "import", "ledger", "--db", db, "--buyer", "ANY", "--no-resolve", "--json", path), &got)
		if got.RowsLoaded != 1 || strings.Contains(strings.Join(got.Notes, ";"), "imported before") {
			t.Errorf("file %d: %+v", i, got)
		}
		sum := sha256.Sum256([]byte(text))
		if n := countRows(t, db, fmt.Sprintf("SELECT count(*) FROM import_batches WHERE id = %d AND sha256 = '%x'", got.BatchID, sum)); n != 1 {
			t.Errorf("file %d: batch %d does not record the file's SHA-256 %x", i, got.BatchID, sum)
		}
	}
}

// A file whose rows are stored but whose rejects file cannot be written
// is reported with its counts (and the error), and the follow-up runs: the
// stored lines are not left unresolved behind a plain failure.
func TestImportStoredButRejectsUnwritable(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "r.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "ANY", "--name", "Anytown Borough Council", "--country", "GB")
	// The rejects file is named after the import's start (to the second):
	// a folder in the way of every name of the next minute makes renaming
	// the finished rejects file onto it fail after the rows are committed.
	now := time.Now().UTC()
	for s := -1; s < 60; s++ {
		name := now.Add(time.Duration(s)*time.Second).Format("20060102T150405Z") + "-ANY-ledger.rejects.csv"
		if err := os.MkdirAll(filepath.Join(dir, "r-rejects", name, "in-the-way"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "ledger.csv")
	text := "Supplier,Date,Amount\nGREEN SPACES LTD,04/01/2024,325.00\nEDEN PEOPLE LIMITED,05/01/2024,681.25\nBROKEN LTD,05/01/2024,not money\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := cli(t, "import", "ledger", "--db", db, "--buyer", "ANY", "--json", path)
	lines := jsonLines(t, out)
	if code == 0 || len(lines) != 2 || !strings.Contains(lines[0], `"rows_loaded":2`) || !strings.Contains(lines[1], "rejects file could not be written") {
		t.Fatalf("exit %d, output:\n%s", code, out)
	}
	// The follow-up ran: the payees are known to the supplier list.
	if got := countRows(t, db, "SELECT count(*) FROM payments"); got != 2 {
		t.Errorf("%d payments stored, want 2", got)
	}
	if n := countRows(t, db, "SELECT count(*) FROM payees"); n == 0 {
		t.Error("the follow-up did not run: no payees")
	}
}

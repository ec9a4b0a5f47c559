// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
	tt "github.com/cityspend/cityspend/ingest/tabular/tabulartest"
)

// The files of these tests are written as councils publish them (issue 16):
// synthetic, with the shapes seen in real files.

// ukRows are payments of a made-up council, as a monthly "spend over £500"
// file lists them.
var ukRows = [][]string{
	{"PARKS", "GROUNDS MAINTENANCE", "MOWING CONTRACT", "B000018580/57559", "GREENSPACE SERVICES LTD", "04/01/2017", "325.00"},
	{"HOUSING", "AGENCY STAFF", "TEMP STAFF W/E 6.1.17", "B000018581/33923", "EDEN PEOPLE LTD", "05/01/2017", "681.25"},
	{"WASTE", "HIRED VEHICLE", "VEHICLE HIRE", "B000018578/7871", "STANLEY TIPPERS LIMITED", "09/01/2017", "390.00"},
	{"LEISURE", "ADVERTISING", "ADVERT IN LEISURE GUIDE", "B000018590/58722", "TRIO PRINT & DESIGN", "12/01/2017", "1357.15"},
	{"CORPORATE", "AUDIT FEES", "EXTERNAL AUDIT", "B000018600/1200", "GRANT & CO LLP", "20/01/2017", "14700.00"},
	{"PARKS", "GROUNDS MAINTENANCE", "TREE WORKS", "B000018601/57560", "OAKWOOD ARB CIC", "27/01/2017", "-250.50"},
}

const ukHeader = "Service Cost Centre,Account Detail,Description,Ref no,Name,Payment date,Net Amount(£)"

func ukCSV(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	return b.String()
}

// ukTotal is the sum of the rows' amounts in pence.
func ukTotal(rows [][]string) cityspend.Amount {
	var sum cityspend.Amount
	for _, r := range rows {
		a, err := cityspend.ParseWrittenAmount(r[6], cityspend.DecimalPoint)
		if err != nil {
			panic(err)
		}
		sum += a
	}
	return sum
}

// checkUK checks that every row of ukRows loaded, with its supplier, date
// and amount, and nothing was rejected.
func checkUK(t *testing.T, rows []cityspend.ImportRow) []cityspend.Payment {
	t.Helper()
	ps, rs := payments(rows)
	if len(rs) > 0 || len(ps) != len(ukRows) {
		t.Fatalf("%d payments (want %d), rejects %+v", len(ps), len(ukRows), rs)
	}
	var sum cityspend.Amount
	for i, p := range ps {
		sum += p.Amount
		if p.Supplier.Name != ukRows[i][4] || p.PaymentDate.IsZero() || p.VoucherNo != ukRows[i][3] {
			t.Errorf("payment %d: %+v", i, p)
		}
	}
	if sum != ukTotal(ukRows) {
		t.Errorf("total %s, want %s", sum, ukTotal(ukRows))
	}
	return ps
}

// 16.1: old-Mac CR line ends with one final CRLF, and mixed line ends, read
// line by line with their numbers.
func TestLineEndsCROnlyAndMixed(t *testing.T) {
	text := ukHeader + "\n" + ukCSV(ukRows)
	cr := strings.ReplaceAll(strings.TrimSuffix(text, "\n"), "\n", "\r") + "\r\n"
	mixed := strings.Replace(strings.Replace(text, "\n", "\r", 3), "\n", "\r\n", 2)
	for name, content := range map[string]string{"CR with a final CRLF": cr, "mixed": mixed} {
		t.Run(name, func(t *testing.T) {
			l, rows := readAll(t, writeFile(t, "cr.csv", []byte(content)), Options{Buyer: buyerGB})
			if l.HeaderLine != 1 || !strings.Contains(l.LineEnds, "CR") {
				t.Errorf("header line %d, line ends %q", l.HeaderLine, l.LineEnds)
			}
			ps := checkUK(t, rows)
			if ps[len(ps)-1].Line != len(ukRows)+1 {
				t.Errorf("last line %d, want %d", ps[len(ps)-1].Line, len(ukRows)+1)
			}
		})
	}
}

// 16.2: a DOS code-page file (the pound sign is 0x9C) is read as cp850, its
// amount header found, and the reason says so; header matching counts runes.
func TestDOSCodePageHeader(t *testing.T) {
	text := ukHeader + "\r\n" + ukCSV(ukRows)
	dos, err := charmap.CodePage850.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(dos, "\x9c") {
		t.Fatal("the fixture has no DOS pound sign")
	}
	l, rows := readAll(t, writeFile(t, "dos.csv", []byte(dos)), Options{Buyer: buyerGB})
	if l.Encoding != tabular.EncCP850 || !strings.Contains(l.EncodingReason, "0x9C") {
		t.Errorf("encoding %s: %s", l.Encoding, l.EncodingReason)
	}
	if c := l.Columns[6]; c.Header != "Net Amount(£)" || c.Field != FAmount || c.How != "exact" {
		t.Errorf("amount column %+v", c)
	}
	checkUK(t, rows)

	// Read as windows-1252 the header is "Net Amount(œ)": a typo of one rune
	// (two bytes) away from "net amount", which must still match.
	if m, ok := matchHeader("Net Amount(œ)"); !ok || m.field != FAmount || m.score != scoreClose {
		t.Errorf("Net Amount(œ): %+v %v", m, ok)
	}
	if m, ok := matchHeader("Leverandørnavnn"); !ok || m.field != FSupplierName {
		t.Errorf("Leverandørnavnn: %+v %v", m, ok)
	}
}

// 16.3: the header after title lines and report parameters (line 10), on
// line 2, and after the data (a file sorted so its header is last); a
// header repeated among the data is neither a row nor a reject.
func TestHeaderAnywhere(t *testing.T) {
	data := ukCSV(ukRows)
	title := "Anytown Council\nPayments to suppliers over £500\n\nReport parameters\nPeriod from:,01/01/2017\nPeriod to:,31/01/2017\nMinimum value:,500\nRun by:,FINANCE\n\n"
	tests := []struct {
		name   string
		text   string
		header int
		notes  string
	}{
		{"line 2", "Payments January 2017\n" + ukHeader + "\n" + data, 2, "1 title line above the header"},
		{"line 10", title + ukHeader + "\n" + data, 10, "7 title lines above the header"},
		{"last", data + ukHeader + "\n", len(ukRows) + 1, "after 6 rows of data"},
		{"repeated", ukHeader + "\n" + ukCSV(ukRows[:3]) + ukHeader + "\n" + ukCSV(ukRows[3:]), 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Open(writeFile(t, "h.csv", []byte(tt.text)), Options{Buyer: buyerGB})
			if err != nil {
				t.Fatal(err)
			}
			rows := drain(t, r)
			l := r.Layout()
			if l.HeaderLine != tt.header || !strings.Contains(strings.Join(l.Notes, "; "), tt.notes) {
				t.Errorf("header on line %d (want %d), notes %q (want %q)", l.HeaderLine, tt.header, l.Notes, tt.notes)
			}
			checkUK(t, rows) // the repeated header is not among the rows
			if tt.name == "repeated" && !strings.Contains(strings.Join(r.ReadNotes(), ";"), "1 row repeats the header") {
				t.Errorf("read notes %q", r.ReadNotes())
			}
		})
	}
}

// 16.3: a sorted file whose header is last, past the rows read ahead: the
// rest of the file is searched, every row above it is data, and the header
// row itself is not a row.
func TestHeaderPastReadAhead(t *testing.T) {
	var b strings.Builder
	var want cityspend.Amount
	for i := 0; i < 60; i++ {
		r := ukRows[i%len(ukRows)]
		b.WriteString(ukCSV([][]string{r}))
		a, _ := cityspend.ParseWrittenAmount(r[6], cityspend.DecimalPoint)
		want += a
	}
	b.WriteString(ukHeader + "\n")
	r, err := Open(writeFile(t, "sorted.csv", []byte(b.String())), Options{Buyer: buyerGB, SampleRows: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rows := drain(t, r)
	ps, rs := payments(rows)
	var sum cityspend.Amount
	for _, p := range ps {
		sum += p.Amount
	}
	if l := r.Layout(); l.HeaderLine != 61 || !strings.Contains(l.HeaderReason, "after the data") || len(ps) != 60 || len(rs) != 0 || sum != want {
		t.Errorf("header on line %d (%s): %d payments, %d rejects, %s (want %s)", l.HeaderLine, l.HeaderReason, len(ps), len(rs), sum, want)
	}
}

// Of several columns of amounts that no header names (debit and credit),
// content cannot tell the amount: the error names them.
func TestSeveralAmountColumns(t *testing.T) {
	text := "Date;Supplier;Debit;Credit\n05/01/2024;Acme Ltd;100.00;0.00\n06/01/2024;Beta Ltd;0.00;20.00\n"
	_, err := Open(writeFile(t, "dc.csv", []byte(text)), Options{Buyer: buyerGB})
	if err == nil || !strings.Contains(err.Error(), `several columns hold amounts ("Debit", "Credit")`) {
		t.Errorf("error %v", err)
	}
}

// 16.3, 16.4: no header names a field, yet the header and the columns are
// found by content (amounts, dates, organisation names), each with its
// reason; a header with words around a synonym ("Trans. Date", "Nett Value
// (GBP)", "Vendor:") maps when the content agrees.
func TestHeaderAndColumnsByContent(t *testing.T) {
	t.Run("no names", func(t *testing.T) {
		text := "Firma;Wann;Wieviel;Wozu\n" +
			"Müller Bau GmbH;05.01.2024;1.234,50;Dach\n" +
			"Schmidt & Söhne KG;06.01.2024;99,00;Tür\n" +
			"Bäckerei Klein;07.01.2024;12,40;Brötchen\n" +
			"Stadtwerke Nord AG;08.01.2024;5.000,00;Strom\n"
		l, rows := readAll(t, writeFile(t, "de.csv", []byte(text)), Options{Buyer: cityspend.Buyer{ID: "X", Name: "Stadt X", Country: "DE", Currency: "EUR", FiscalStart: 1}})
		if l.HeaderLine != 1 || !strings.Contains(l.HeaderReason, "by content") {
			t.Errorf("header on line %d: %s", l.HeaderLine, l.HeaderReason)
		}
		want := map[int]Field{0: FSupplierName, 1: FPaymentDate, 2: FAmount}
		for i, f := range want {
			if c := l.Columns[i]; c.Field != f || c.How != "content" || c.Reason == "" {
				t.Errorf("column %d: %+v, want %s by content", i+1, c, f)
			}
		}
		ps, rs := payments(rows)
		if len(ps) != 4 || len(rs) != 0 || ps[0].Amount != 123450 || ps[1].Supplier.Name != "Schmidt & Söhne KG" {
			t.Errorf("payments %+v rejects %+v", ps, rs)
		}
	})
	t.Run("words around a synonym", func(t *testing.T) {
		text := "Creditor Ref,Vendor:,Trans. Date,Nett Value (GBP),Expense Type,Supplier Type\n" +
			"C1,ACME LTD,03/02/2019,100.00,Stationery,SME\n" +
			"C2,BETA SERVICES LIMITED,04/02/2019,250.50,Catering,SME\n" +
			"C3,GAMMA PLC,05/02/2019,9.99,Stationery,Large\n"
		l, rows := readAll(t, writeFile(t, "uk.csv", []byte(text)), Options{Buyer: buyerGB})
		want := []Field{FSupplierID, FSupplierName, FPaymentDate, FAmount, FAccountText, ""}
		for i, f := range want {
			if l.Columns[i].Field != f {
				t.Errorf("column %d %q: %s (%s), want %s", i+1, l.Columns[i].Header, l.Columns[i].Field, l.Columns[i].Reason, f)
			}
		}
		ps, rs := payments(rows)
		if len(ps) != 3 || len(rs) != 0 || ps[1].Amount != 25050 {
			t.Errorf("payments %+v rejects %+v", ps, rs)
		}
	})
}

// 16.4: a ledger without a supplier column is refused with the columns
// that could be it, or loaded with NoSupplier.
func TestNoSupplierColumn(t *testing.T) {
	text := "Date,Amount,Cost Centre,Details\n04/01/2017,10.00,PARKS,mowing the park\n05/01/2017,20.00,WASTE,bins for the depot\n"
	path := writeFile(t, "ns.csv", []byte(text))
	_, err := Open(path, Options{Buyer: buyerGB})
	if err == nil || !strings.Contains(err.Error(), "no supplier column") || !strings.Contains(err.Error(), `"Details"`) ||
		!strings.Contains(err.Error(), "--no-supplier") || !strings.Contains(err.Error(), "ns.csv") {
		t.Fatalf("error %v", err)
	}
	l, rows := readAll(t, path, Options{Buyer: buyerGB, NoSupplier: true})
	if ps, _ := payments(rows); len(ps) != 2 || !strings.Contains(strings.Join(l.Notes, ";"), "--no-supplier") {
		t.Errorf("%d payments, notes %q", len(ps), l.Notes)
	}
}

// 16.5: several date forms in one column: card payments as 20-Apr-17 and
// spreadsheet serial numbers among dd/mm/yyyy; an ambiguous cell follows
// the column's day-month order, and is rejected when nothing settles it.
func TestMixedDateFormats(t *testing.T) {
	text := "Name,Payment date,Amount\n" +
		"A LTD,13/04/2017,1.00\n" + // line 2
		"B LTD,14/04/2017,2.00\n" +
		"C LTD,20-Apr-17,3.00\n" + // line 4: card payment
		"D LTD,42845,4.00\n" + // line 5: serial 42845 = 20/04/2017
		"E LTD,2017-04-21,5.00\n" +
		"F LTD,31/04/2017,6.00\n" // line 7: no such day
	l, rows := readAll(t, writeFile(t, "m.csv", []byte(text)), Options{Buyer: buyerGB})
	if l.DateFormats[FPaymentDate].Format != DateDMY {
		t.Errorf("format %+v", l.DateFormats[FPaymentDate])
	}
	ps, rs := payments(rows)
	if len(ps) != 5 || !ps[2].PaymentDate.Equal(d(2017, 4, 20)) || !ps[3].PaymentDate.Equal(d(2017, 4, 20)) || !ps[4].PaymentDate.Equal(d(2017, 4, 21)) {
		t.Errorf("payments %+v", ps)
	}
	if len(rs) != 1 || rs[0].Line != 7 || rs[0].Field != "payment_date" {
		t.Errorf("rejects %+v", rs)
	}

	// A column of month names with a cell that reads both ways: the column's
	// day-first values settle it; without them it is rejected.
	settled := "Name,Payment date,Amount\nA LTD,20-Apr-2017,1.00\nB LTD,21-Apr-2017,1.00\nC LTD,22-Apr-2017,1.00\nD LTD,13/04/2017,1.00\nE LTD,03/04/2017,1.00\n"
	l, rows = readAll(t, writeFile(t, "s.csv", []byte(settled)), Options{Buyer: buyerGB})
	ps, rs = payments(rows)
	if l.DateFormats[FPaymentDate].Order != DateDMY || len(rs) != 0 || !ps[4].PaymentDate.Equal(d(2017, 4, 3)) {
		t.Errorf("order %q: payments %+v rejects %+v", l.DateFormats[FPaymentDate].Order, ps, rs)
	}
	unsettled := "Name,Payment date,Amount\nA LTD,20-Apr-2017,1.00\nB LTD,21-Apr-2017,1.00\nC LTD,22-Apr-2017,1.00\nE LTD,03/04/2017,1.00\n"
	_, rows = readAll(t, writeFile(t, "u.csv", []byte(unsettled)), Options{Buyer: buyerGB})
	if _, rs = payments(rows); len(rs) != 1 || !strings.Contains(rs[0].Reason, "two different dates") {
		t.Errorf("rejects %+v", rs)
	}

	// A text file dated only with bare numbers: they may be serial dates or
	// numbers in the wrong column. Rejected with the advice, and a warning,
	// unless the user says they are serial dates.
	serials := "Name,Payment date,Amount\nA LTD,43658,1.00\nB LTD,43659,2.00\nC LTD,43708,3.00\n"
	path := writeFile(t, "serial.csv", []byte(serials))
	l, rows = readAll(t, path, Options{Buyer: buyerGB})
	ps, rs = payments(rows)
	if len(ps) != 0 || len(rs) != 3 || !strings.Contains(rs[0].Reason, "--date-format excel-serial") ||
		len(l.Warnings) != 1 || !strings.Contains(l.Warnings[0], "43658 = 2019-07-12") || !l.DateFormats[FPaymentDate].NoSerial {
		t.Errorf("bare numbers: payments %+v rejects %+v warnings %q", ps, rs, l.Warnings)
	}
	_, rows = readAll(t, path, Options{Buyer: buyerGB, Mapping: &Mapping{DateFormat: DateSerial, Source: "--date-format"}})
	if ps, rs = payments(rows); len(ps) != 3 || len(rs) != 0 || !ps[0].PaymentDate.Equal(d(2019, 7, 12)) || !ps[2].PaymentDate.Equal(d(2019, 8, 31)) {
		t.Errorf("--date-format excel-serial: payments %+v rejects %+v", ps, rs)
	}
}

// 16.6: a workbook with a sheet per month and helper columns beside the
// data (unheaded, or named "Column1"), a notes sheet and a hidden sheet:
// every ledger sheet reads, the helper columns are not used and reject
// nothing, the other sheets are skipped with their reason; `ignore = #N`
// names a column past the header.
func TestWorkbookSheets(t *testing.T) {
	f := excelize.NewFile()
	write := func(sheet string, rows [][]any) {
		t.Helper()
		if _, err := f.NewSheet(sheet); err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	month := func(m time.Month) [][]any {
		rows := [][]any{{"Supplier Name", "Payment Date", "Amount", nil, "Column1"}}
		for i := 1; i <= 3; i++ {
			rows = append(rows, []any{fmt.Sprintf("Supplier %d Ltd", i), time.Date(2024, m, i, 0, 0, 0, 0, time.UTC), float64(i) * 100.5, "check", i * 7})
		}
		return rows
	}
	write("Notes", [][]any{{"This workbook lists payments over £500."}, {"Contact: finance"}})
	write("Jan", month(time.January))
	write("Feb", month(time.February))
	write("Lookup", [][]any{{"Code", "Name"}, {"A", "Alpha"}})
	f.DeleteSheet("Sheet1")
	if err := f.SetSheetVisible("Lookup", false); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "wb.xlsx", nil)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	wb, err := tabular.OpenWorkbook(path)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	var read, skipped []string
	for _, sheet := range wb.Sheets() {
		r, err := OpenSheet(wb, path, sheet, Options{Buyer: buyerNO})
		if err != nil {
			skipped = append(skipped, sheet+": "+err.Error())
			continue
		}
		rows := drain(t, r)
		l := r.Layout()
		r.Close()
		read = append(read, sheet)
		ps, rs := payments(rows)
		if len(ps) != 3 || len(rs) != 0 || ps[2].Amount != 30150 || ps[0].PaymentDate.Month() != map[string]time.Month{"Jan": 1, "Feb": 2}[sheet] {
			t.Errorf("%s: payments %+v rejects %+v", sheet, ps, rs)
		}
		for _, c := range l.Columns[3:] {
			if c.Field != "" || !strings.Contains(c.Reason, "helper column") {
				t.Errorf("%s: helper column %+v", sheet, c)
			}
		}
	}
	if strings.Join(read, ",") != "Jan,Feb" || len(skipped) != 2 || !strings.Contains(skipped[0], "Notes: no header row found") || !strings.Contains(skipped[1], "hidden") {
		t.Errorf("read %q, skipped %q", read, skipped)
	}
	// ignore = #6: a column past the header, in a spreadsheet.
	m, err := ParseMapping(strings.NewReader("sheet = Feb\nignore = #6\n"), "wb.map")
	if err != nil {
		t.Fatal(err)
	}
	l, rows := readAll(t, path, Options{Buyer: buyerNO, Mapping: m})
	if ps, rs := payments(rows); len(ps) != 3 || len(rs) != 0 || len(l.Columns) < 6 || l.Columns[5].Reason != "ignored by the mapping file" {
		t.Errorf("with ignore = #6: columns %+v, rejects %+v", l.Columns, rs)
	}
}

// 16.7: a row in which two fields ran together (one field short, a date
// followed by digits) is rejected naming that cause.
func TestRunTogetherFields(t *testing.T) {
	text := ukHeader + "\n" + ukCSV(ukRows[:2]) +
		"PARKS,TREES,FELLING,B1/2,ARB LTD,04/01/2017325.00\n" + // line 4
		"PARKS,TREES,FELLING,B1/2,ARB LTD,16-May-171461\n" // line 5
	_, rows := readAll(t, writeFile(t, "rt.csv", []byte(text)), Options{Buyer: buyerGB})
	ps, rs := payments(rows)
	if len(ps) != 2 || len(rs) != 2 {
		t.Fatalf("payments %d, rejects %+v", len(ps), rs)
	}
	for i, want := range []string{`"04/01/2017325.00" in column 6 ("Payment date") is a date, "04/01/2017", followed by "325.00"`, `"16-May-17", followed by "1461"`} {
		if r := rs[i]; r.Line != 4+i || !strings.Contains(r.Reason, "run together") || !strings.Contains(r.Reason, want) {
			t.Errorf("reject %d: %+v, want %s", i, r, want)
		}
	}
}

// 16.9: a file of another buyer: a column naming the paying organisation,
// a title line naming another council, payees concentrated in another
// town; the buyer's own file warns of nothing.
func TestWrongBuyerWarnings(t *testing.T) {
	var towns strings.Builder
	towns.WriteString("Leverandør;Poststed;Dato;Beløp\n")
	for i := 0; i < 20; i++ {
		town := "SANDEFJORD"
		if i%10 == 0 {
			town = "OSLO"
		}
		fmt.Fprintf(&towns, "Firma %d AS;%s;05.01.2024;%d,00\n", i, town, 100+i)
	}
	tests := []struct {
		name, text string
		buyer      cityspend.Buyer
		want       string
	}{
		{"body column", "Body Name,Supplier Name,Paid Date,Amount\nHyndburn Borough Council,A LTD,04/01/2017,10.00\nHyndburn Borough Council,B LTD,05/01/2017,20.00\n",
			buyerGB, `the file names the paying organisation "Hyndburn Borough Council"`},
		{"title line", "Sandefjord kommune - utbetalinger 2024\nLeverandør;Dato;Beløp\nA AS;05.01.2024;10,00\n", buyerNO, `line 1 names "Sandefjord kommune - utbetalinger 2024"`},
		{"payees' towns", towns.String(), cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Municipality: "3909", Currency: "NOK", FiscalStart: 1},
			"the payees are concentrated in SANDEFJORD (column \"Poststed\", 18 of 20 rows)"},
		{"own file", "Body Name,Supplier Name,Paid Date,Amount\nOxford City Council,A LTD,04/01/2017,10.00\n", buyerGB, ""},
		{"own initials", "Client,Supplier Name,Paid Date,Amount\nOCC,A LTD,04/01/2017,10.00\n", buyerGB, ""},
		{"own title", "Leverandørreskontro Larvik kommune 2024\nLeverandør;Dato;Beløp\nA AS;05.01.2024;10,00\n", buyerNO, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := readAll(t, writeFile(t, "w.csv", []byte(tt.text)), Options{Buyer: tt.buyer})
			got := strings.Join(l.Warnings, "; ")
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("warnings %q, want %q", got, tt.want)
			}
		})
	}
}

// 16.10: "no header row found" only when there is none, with advice that
// fits: a file of data without a header names its columns; text that does
// not decode says so; a file that is no ledger says that.
func TestNoHeaderAdvice(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"data without a header", ukCSV(ukRows), []string{"no header row found", "column 7 holds amounts and column 6 dates", "header_row = 0"}},
		{"not a ledger", "Name,Town\nAlice,Oslo\nBob,Bergen\n", []string{"no header row found", "is it a ledger", `"Name,Town"`}},
		{"garbled text", "a;b\n\x01\x02\x03\x04\x05\x06;\x07\x08\n\x0e\x0f\x10;\x11\x12\n", []string{"does not read as", "encoding ="}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(writeFile(t, "nh.csv", []byte(tt.text)), Options{Buyer: buyerGB})
			for _, w := range append(tt.want, "nh.csv") {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("error %v, want %q", err, w)
				}
			}
		})
	}
}

// drain reads every row of an open reader.
func drain(t *testing.T, r *Reader) []cityspend.ImportRow {
	t.Helper()
	var rows []cityspend.ImportRow
	for {
		b, err := r.Read(t.Context())
		if errors.Is(err, io.EOF) {
			return rows
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, b...)
	}
}

// 16.4: headers with a synonym among other words map when the content
// agrees, and say so: "Service Cost Centre", "Account Detail" (words: the
// account's name), a transaction id whose values repeat (a voucher).
func TestKeywordColumns(t *testing.T) {
	text := "Service Cost Centre,Account Detail,Batch Transaction No,Supplier,Date,Amount Paid (GBP)\n" +
		"PARKS,GROUNDS MAINTENANCE,B1,A LTD,04/01/2017,10.00\n" +
		"WASTE,HIRED VEHICLE,B1,B LTD,05/01/2017,20.00\n" +
		"PARKS,TREE WORKS,B2,C LTD,06/01/2017,30.00\n"
	l, rows := readAll(t, writeFile(t, "k.csv", []byte(text)), Options{Buyer: buyerGB})
	want := []struct {
		field Field
		how   string
		why   string
	}{
		{FCostCentre, "keyword", `"cost centre"`},
		{FAccountText, "keyword", "the account's name"},
		{FVoucherNo, "keyword", "values repeat"},
		{FSupplierName, "exact", ""},
		{FPaymentDate, "exact", ""},
		{FAmount, "exact", ""},
	}
	for i, w := range want {
		if c := l.Columns[i]; c.Field != w.field || c.How != w.how || !strings.Contains(c.Reason, w.why) {
			t.Errorf("column %d: %+v, want %s (%s) %q", i+1, c, w.field, w.how, w.why)
		}
	}
	if ps, rs := payments(rows); len(ps) != 3 || len(rs) != 0 || ps[1].VoucherNo != "B1" || ps[2].CostCentre != "PARKS" || ps[2].AccountText != "TREE WORKS" {
		t.Errorf("payments %+v rejects %+v", ps, rs)
	}
}

// A file with the amount both including and excluding VAT, in headers
// written in camel case with "Inc"/"Exc" (as some councils' finance systems
// export them): the net column is the amount, the gross one the amount with
// VAT, and neither is taken for the VAT itself.
func TestAmountsIncAndExcVAT(t *testing.T) {
	text := "Expenses_Type,Narrative,Date,Transaction_Number,SumOfAmount_Inc_VAT,SumOfAmount_Exc_VAT,Supplier_Name\n" +
		"Supplies & Services,Litter bins,03/05/2023,100234,\"1,200.00\",\"1,000.00\",Glasdon UK Ltd\n" +
		"Premises,Boiler replacement,04/05/2023,100235,\"6,000.00\",\"5,000.00\",Baxi Heating UK Ltd\n" +
		"Transfer Payments,Precept,05/05/2023,100236,\"150,000.00\",\"150,000.00\",Staffordshire County Council\n"
	l, rows := readAll(t, writeFile(t, "incexc.csv", []byte(text)), Options{Buyer: buyerGB})
	want := map[string]Field{"SumOfAmount_Inc_VAT": FAmountGross, "SumOfAmount_Exc_VAT": FAmount}
	for _, c := range l.Columns {
		if f, ok := want[c.Header]; ok && c.Field != f {
			t.Errorf("column %q read as %q, want %q (%s)", c.Header, c.Field, f, c.Reason)
		}
	}
	ps, rs := payments(rows)
	if len(rs) > 0 || len(ps) != 3 {
		t.Fatalf("%d payments, rejects %+v", len(ps), rs)
	}
	for i, w := range []struct{ net, vat cityspend.Amount }{{100000, 20000}, {500000, 100000}, {15000000, 0}} {
		if ps[i].Amount != w.net || !ps[i].HasVAT || ps[i].VAT != w.vat {
			t.Errorf("line %d: amount %s VAT %s (has %v), want %s and %s", ps[i].Line, ps[i].Amount, ps[i].VAT, ps[i].HasVAT, w.net, w.vat)
		}
	}

	for h, f := range map[string]Field{
		"Amount Exc VAT":      FAmount,
		"Amount Inc. VAT":     FAmountGross,
		"AmountExclusiveVAT":  FAmount,
		"TotalInclusiveOfVAT": FAmountGross,
		"VATAmount":           FVAT,
		"SupplierName":        FSupplierName,
		"PaymentDate":         FPaymentDate,
	} {
		m, ok := matchHeader(h)
		if !ok {
			m, ok = matchKeyword(h)
		}
		if !ok || m.field != f {
			t.Errorf("header %q: %+v %v, want %s", h, m, ok, f)
		}
	}
}

// Whatever a file holds, opening it decides a layout or says why not, and
// every row read is a payment or a reject, with a date in range.
func FuzzOpenLedger(f *testing.F) {
	for _, s := range []string{
		ukHeader + "\r" + ukCSV(ukRows[:2]),
		ukCSV(ukRows[:3]) + ukHeader + "\n",
		"Firma;Wann;Wieviel\nA GmbH;05.01.2024;1,50\nB AG;06.01.2024;2,50\nC KG;07.01.2024;3,50\n",
		"Name,Payment date,Amount\nA LTD,13/04/2017,1.00\nB LTD,20-Apr-17,2\nC,42845,3\n",
		"Title\n\nDate,Supplier,Amount\n04/01/2017325.00,A,1\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := dir + "/f.csv"
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := Open(path, Options{Buyer: buyerGB, SampleRows: 100})
		if err != nil {
			if !strings.Contains(err.Error(), "f.csv") {
				t.Fatalf("an error that does not name the file: %v", err)
			}
			return
		}
		defer r.Close()
		for _, row := range drain(t, r) {
			switch {
			case (row.Payment == nil) == (row.Reject == nil):
				t.Fatalf("a row that is neither or both: %+v", row)
			case row.Payment != nil:
				if d := row.Payment.Date(); d.Year() < 1900 || d.Year() > 2200 {
					t.Fatalf("date %v", d)
				}
			case row.Reject.Reason == "":
				t.Fatalf("a reject without a reason: %+v", row.Reject)
			}
		}
	})
}

// "Expense Area" is the account's name when the file has nothing better
// (some councils' files), and the service area beside an "Expense Type",
// in either order.
func TestExpenseAreaBesideExpenseType(t *testing.T) {
	rows := "Facilities,Cleaning,03/05/2023,ACME CLEANING LTD,250.00\nHousing,Repairs,04/05/2023,BOB BUILDERS LTD,1234.56\nParks,Tree Works,05/05/2023,TREE CARE CIC,12000.00\n"
	for _, tc := range []struct {
		header     string
		area, kind Field
	}{
		{"Expense Area,Expense Type,Date,Supplier Name,Amount", FOrgUnit, FAccountText},
		{"Expense Type,Expense Area,Date,Supplier Name,Amount", FOrgUnit, FAccountText},
		{"Expense Area,Detail,Date,Supplier Name,Amount", FAccountText, ""},
	} {
		text := tc.header + "\n"
		if strings.HasPrefix(tc.header, "Expense Type") {
			// the same rows with the two columns swapped
			for _, l := range strings.Split(strings.TrimSpace(rows), "\n") {
				f := strings.Split(l, ",")
				f[0], f[1] = f[1], f[0]
				text += strings.Join(f, ",") + "\n"
			}
		} else {
			text += rows
		}
		l, got := readAll(t, writeFile(t, "area.csv", []byte(text)), Options{Buyer: buyerGB})
		for _, c := range l.Columns {
			want := map[string]Field{"Expense Area": tc.area, "Expense Type": tc.kind}[c.Header]
			if (c.Header == "Expense Area" || c.Header == "Expense Type") && c.Field != want {
				t.Errorf("%s: column %q read as %q, want %q (%s)", tc.header, c.Header, c.Field, want, c.Reason)
			}
		}
		ps, rs := payments(got)
		if len(ps) != 3 || len(rs) > 0 {
			t.Fatalf("%s: %d payments, rejects %+v", tc.header, len(ps), rs)
		}
		wantText := map[bool]string{true: "Cleaning", false: "Facilities"}[tc.kind != ""]
		if ps[0].AccountText != wantText {
			t.Errorf("%s: account text %q, want %q", tc.header, ps[0].AccountText, wantText)
		}
	}
}

// A council's monthly file as an OpenDocument spreadsheet (.ods), as
// LibreOffice writes it: a hidden sheet, a title row above the header,
// dates and amounts as the cells' values (shown as "03/05/23" and
// "£1,234.50"), a million blank rows at the end. Every payment loads with
// its date and amount exactly, its line the row in the sheet; the hidden
// sheet is skipped.
func TestOpenDocumentLedger(t *testing.T) {
	rows := [][]tt.Cell{{tt.S("Anytown Council: payments over £500, January 2017")},
		{tt.S("Service Cost Centre"), tt.S("Account Detail"), tt.S("Description"), tt.S("Ref no"), tt.S("Name"), tt.S("Payment date"), tt.S("Net Amount(£)")}}
	for _, r := range ukRows {
		d, err := time.Parse("02/01/2006", r[5])
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, []tt.Cell{tt.S(r[0]), tt.S(r[1]), tt.S(r[2]), tt.S(r[3]), tt.S(r[4]), tt.D(d.Format("2006-01-02"), d.Format("02/01/06")),
			tt.F(r[6], "£"+r[6])})
	}
	path := writeFile(t, "jan.ods", tt.ODS(tt.Sheet{Name: "Lookup", Hidden: true, Rows: [][]tt.Cell{{tt.S("Code"), tt.S("Name")}}},
		tt.Sheet{Name: "January", Rows: rows, BlankRows: 1048000}))
	wb, err := tabular.OpenWorkbook(path)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	var read []string
	for _, sheet := range wb.Sheets() {
		r, err := OpenSheet(wb, path, sheet, Options{Buyer: buyerGB})
		if err != nil {
			if sheet != "Lookup" || !strings.Contains(err.Error(), "hidden") {
				t.Errorf("%s: %v", sheet, err)
			}
			continue
		}
		got := drain(t, r)
		l := r.Layout()
		r.Close()
		read = append(read, sheet)
		if l.Format != "ods" || l.HeaderLine != 2 {
			t.Errorf("format %q, header on line %d", l.Format, l.HeaderLine)
		}
		ps := checkUK(t, got)
		if ps[0].Line != 3 || !ps[0].PaymentDate.Equal(time.Date(2017, 1, 4, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("first payment on line %d, paid %v", ps[0].Line, ps[0].PaymentDate)
		}
	}
	if strings.Join(read, ",") != "January" {
		t.Errorf("read %q", read)
	}
}

// A Unit4 (Agresso) export, as many Norwegian municipalities' ledgers come:
// each dimension a value column and a text column ("Leverandør" and
// "Leverandør(T)"). The supplier's text is its name and its value its
// number; the account's text its name; a unit's and a function's text are
// left unused beside their codes, and say so.
func TestUnit4TextColumns(t *testing.T) {
	text := "Periode;Bilagsnr;Bilagsdato;Konto;Konto(T);Ansvar;Ansvar(T);Funksjon;Funksjon(T);Leverandør;Leverandør(T);Fakturanr;Beløp\n" +
		"202305;600123;03.05.2023;12300;Vedlikehold bygg;1200;Eiendom;2220;Grunnskole;50012;Brødrene Dahl AS;F-991;12345,50\n" +
		"202305;600124;04.05.2023;11950;Avgifter og gebyrer;1300;Teknisk;2410;Samferdsel;50013;Larvik Taxi AS;F-992;-1000,00\n" +
		"202305;600125;05.05.2023;12700;Konsulenttjenester;1300;Teknisk;2410;Samferdsel;50014;Rambøll Norge AS;R-1;250000,00\n"
	l, rows := readAll(t, writeFile(t, "agresso.csv", []byte(text)), Options{Buyer: buyerNO})
	want := map[string]Field{"Leverandør": FSupplierID, "Leverandør(T)": FSupplierName, "Konto": FAccount, "Konto(T)": FAccountText,
		"Ansvar": FOrgUnit, "Ansvar(T)": "", "Funksjon": FService, "Funksjon(T)": ""}
	for _, c := range l.Columns {
		if f, ok := want[c.Header]; ok && c.Field != f {
			t.Errorf("column %q read as %q, want %q (%s)", c.Header, c.Field, f, c.Reason)
		}
		if c.Header == "Ansvar(T)" && !strings.Contains(c.Reason, `the text of column "Ansvar"`) {
			t.Errorf("Ansvar(T): %s", c.Reason)
		}
	}
	ps, rs := payments(rows)
	if len(ps) != 3 || len(rs) > 0 {
		t.Fatalf("%d payments, rejects %+v", len(ps), rs)
	}
	if p := ps[0]; p.Supplier.Name != "Brødrene Dahl AS" || p.Supplier.LocalID != "50012" || p.AccountText != "Vedlikehold bygg" || p.AccountCode != "12300" {
		t.Errorf("first payment %+v", p)
	}
}

// A report that writes a dimension as its code and name in one cell
// ("12300 Vedlikehold bygg", "50013 - Larvik Taxi AS"): the code is the
// account (the supplier's number), the rest its name, and a note says so.
// A column where only some names start with a number ("365 Bygg AS") is
// read as written.
func TestCodeAndNameInOneCell(t *testing.T) {
	text := "Bilagsdato;Leverandør;Konto;Beløp\n" +
		"03.05.2023;50012 Brødrene Dahl AS;12300 Vedlikehold bygg;12345,50\n" +
		"04.05.2023;50013 - Larvik Taxi AS;11950 Avgifter;-1000,00\n" +
		"05.05.2023;50014: Rambøll Norge AS;12700 Konsulenttjenester;250000,00\n"
	l, rows := readAll(t, writeFile(t, "combo.csv", []byte(text)), Options{Buyer: buyerNO})
	if !reflect.DeepEqual(l.CodeNames, []Field{FAccount, FSupplierName}) || !strings.Contains(strings.Join(l.Notes, "\n"), "a code and its name") {
		t.Errorf("code names %v, notes %q", l.CodeNames, l.Notes)
	}
	ps, rs := payments(rows)
	if len(ps) != 3 || len(rs) > 0 {
		t.Fatalf("%d payments, rejects %+v", len(ps), rs)
	}
	for i, w := range []struct{ id, name, code, text string }{{"50012", "Brødrene Dahl AS", "12300", "Vedlikehold bygg"},
		{"50013", "Larvik Taxi AS", "11950", "Avgifter"}, {"50014", "Rambøll Norge AS", "12700", "Konsulenttjenester"}} {
		p := ps[i]
		if p.Supplier.LocalID != w.id || p.Supplier.Name != w.name || p.AccountCode != w.code || p.AccountText != w.text {
			t.Errorf("line %d: %q %q %q %q", p.Line, p.Supplier.LocalID, p.Supplier.Name, p.AccountCode, p.AccountText)
		}
	}
	mixed := "Bilagsdato;Leverandør;Beløp\n03.05.2023;365 Bygg AS;100,00\n04.05.2023;Larvik Taxi AS;200,00\n05.05.2023;Rambøll Norge AS;300,00\n"
	l, rows = readAll(t, writeFile(t, "mixed.csv", []byte(mixed)), Options{Buyer: buyerNO})
	if ps, _ := payments(rows); len(l.CodeNames) != 0 || ps[0].Supplier.Name != "365 Bygg AS" || ps[0].Supplier.LocalID != "" {
		t.Errorf("a name that starts with a number was split: %v %+v", l.CodeNames, ps[0].Supplier)
	}
}

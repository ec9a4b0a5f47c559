// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

const norwegianLedger = "Bilagsnr;Bilagsdato;Leverandørnavn;Org.nr;Konto;Beløp eks. mva;Beskrivelse\n" +
	"1001;05.01.2024;Bjørnstad Rør AS;123456785;1230;1 234,50;Rørlegger Sølvberget\n" +
	"1002;13.01.2024;Ærlig Åpen Økonomi;;1270;-500,00;Kreditnota\n"

func utf16Bytes(s string, big bool) []byte {
	var b bytes.Buffer
	order := binary.ByteOrder(binary.LittleEndian)
	if big {
		order = binary.BigEndian
		b.Write([]byte{0xFE, 0xFF})
	} else {
		b.Write([]byte{0xFF, 0xFE})
	}
	for _, u := range utf16.Encode([]rune(s)) {
		binary.Write(&b, order, u)
	}
	return b.Bytes()
}

func TestEncodings(t *testing.T) {
	cp1252, err := charmap.Windows1252.NewEncoder().String(norwegianLedger)
	if err != nil {
		t.Fatal(err)
	}
	latin1, err := charmap.ISO8859_1.NewEncoder().String(norwegianLedger)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		content []byte
		enc     string
	}{
		{"utf-8", []byte(norwegianLedger), tabular.EncUTF8},
		{"utf-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, norwegianLedger...), tabular.EncUTF8BOM},
		{"utf-16le", utf16Bytes(norwegianLedger, false), tabular.EncUTF16LE},
		{"utf-16be", utf16Bytes(norwegianLedger, true), tabular.EncUTF16BE},
		{"windows-1252", []byte(cp1252), tabular.EncWin1252},
		{"iso-8859-1", []byte(latin1), tabular.EncWin1252},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, rows := readAll(t, writeFile(t, "l.csv", tt.content), Options{Buyer: buyerNO})
			if l.Encoding != tt.enc {
				t.Errorf("encoding %q, want %q", l.Encoding, tt.enc)
			}
			ps, rs := payments(rows)
			if len(ps) != 2 || len(rs) != 0 {
				t.Fatalf("%d payments, %d rejects: %+v", len(ps), len(rs), rs)
			}
			if ps[0].Supplier.Name != "Bjørnstad Rør AS" || ps[1].Supplier.Name != "Ærlig Åpen Økonomi" || ps[0].Description != "Rørlegger Sølvberget" {
				t.Errorf("text decoded wrong: %q, %q, %q", ps[0].Supplier.Name, ps[1].Supplier.Name, ps[0].Description)
			}
			if ps[0].Amount != 123450 || ps[1].Amount != -50000 {
				t.Errorf("amounts %s, %s", ps[0].Amount, ps[1].Amount)
			}
		})
	}
}

// A UTF-8 file with one stray Windows-1252 byte far down keeps every other
// line; the row with the stray bytes is rejected with their byte offset (it
// was read as Windows-1252 until issue 15: a guess nobody could check).
func TestStrayByteAfterSniffWindow(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("date,supplier,amount\n")
	n := 0
	for b.Len() < tabular.SniffWindow+1000 {
		b.WriteString("2024-01-05,Ålesund Rør,10.00\n")
		n++
	}
	off := b.Len() + len("2024-01-06,Caf")
	b.WriteString("2024-01-06,Caf\xe9 M\xfcller,5.00\n")
	b.WriteString("2024-01-07,Ørsta Bygg,7.00\n")
	l, rows := readAll(t, writeFile(t, "l.csv", b.Bytes()), Options{Buyer: buyerNO})
	ps, rs := payments(rows)
	if l.Encoding != tabular.EncUTF8 || len(ps) != n+1 || ps[n].Supplier.Name != "Ørsta Bygg" {
		t.Fatalf("%s: %d payments, want %d", l.Encoding, len(ps), n+1)
	}
	want := fmt.Sprintf(`supplier_name: invalid UTF-8 at byte offset %d of the file: 0xE9 (column "supplier")`, off)
	if len(rs) != 1 || rs[0].Line != n+2 || rs[0].Field != "supplier_name" || rs[0].Reason != want {
		t.Errorf("rejects %+v, want line %d: %s", rs, n+2, want)
	}
}

// One bad UTF-8 row in a small UTF-8 file (issue 15): the file stays UTF-8,
// the header is found, the row is rejected with its byte offset and field,
// and the rest loads. It was read as Windows-1252 whole, its header garbled,
// and refused with "no header row found".
func TestInvalidUTF8RowRejected(t *testing.T) {
	text := norwegianLedger + "1003;14.01.2024;Bad \xff\xfe Bytes AS;;1270;10,00;x\n" + "1004;15.01.2024;Øyvind Å AS;;1270;20,00;y\n"
	l, rows := readAll(t, writeFile(t, "l.csv", []byte(text)), Options{Buyer: buyerNO})
	if l.Encoding != tabular.EncUTF8 || l.HeaderLine != 1 {
		t.Fatalf("encoding %s, header on line %d", l.Encoding, l.HeaderLine)
	}
	ps, rs := payments(rows)
	if len(ps) != 3 || ps[0].Supplier.Name != "Bjørnstad Rør AS" || ps[2].Supplier.Name != "Øyvind Å AS" {
		t.Errorf("payments %+v", ps)
	}
	off := strings.Index(text, "\xff")
	want := fmt.Sprintf(`supplier_name: invalid UTF-8 at byte offset %d of the file: 0xFF (column "Leverandørnavn")`, off)
	if len(rs) != 1 || rs[0].Line != 4 || rs[0].Field != "supplier_name" || rs[0].Reason != want || !utf8.ValidString(rs[0].Raw) {
		t.Errorf("rejects %+v, want %s", rs, want)
	}
}

// A field longer than tabular.MaxField is rejected on its own, naming the
// field, its column and its length, whether the line is read whole or is
// too long to be; the rows around it load.
func TestLongFieldsRejected(t *testing.T) {
	var b strings.Builder
	b.WriteString("Bilagsnr;Bilagsdato;Leverandørnavn;Beløp;Beskrivelse;Merknad\n")
	b.WriteString("1;05.01.2024;A AS;10,00;kort;\n")                                          // line 2
	b.WriteString("2;05.01.2024;B AS;20,00;" + strings.Repeat("x", 100_000) + ";\n")          // line 3
	b.WriteString("3;05.01.2024;C AS;30,00;" + strings.Repeat("y", 5<<20) + ";z\n")           // line 4
	b.WriteString("4;05.01.2024;D AS;40,00;ok;" + strings.Repeat("m", 70_000) + "\n")         // line 5: a column no field maps
	b.WriteString("5;05.01.2024;" + strings.Repeat("E", 80_000) + ";50,00;ok;\n")             // line 6
	b.WriteString("6;05.01.2024;F AS;60,00;" + strings.Repeat("x", tabular.MaxField) + ";\n") // line 7: at the limit
	_, rows := readAll(t, writeFile(t, "l.csv", []byte(b.String())), Options{Buyer: buyerNO})
	ps, rs := payments(rows)
	if len(ps) != 2 || ps[0].Line != 2 || ps[1].Line != 7 || len(ps[1].Description) != tabular.MaxField {
		t.Errorf("%d payments", len(ps))
	}
	limit := "a field may be at most 64 KB (65536 bytes)"
	want := []cityspend.Reject{
		{Line: 3, Field: "description", Reason: `description: 100000 bytes long; ` + limit + ` (column "Beskrivelse")`},
		{Line: 4, Field: "description", Reason: `description: 5.0 MB long; ` + limit + ` (column "Beskrivelse")`},
		{Line: 5, Reason: `column 6 ("Merknad"): 70000 bytes long; ` + limit},
		{Line: 6, Field: "supplier_name", Reason: `supplier_name: 80000 bytes long; ` + limit + ` (column "Leverandørnavn")`},
	}
	if len(rs) != len(want) {
		t.Fatalf("%d rejects", len(rs))
	}
	for i, w := range want {
		if r := rs[i]; r.Line != w.Line || r.Field != w.Field || r.Reason != w.Reason || len(r.Raw) > 1100 {
			t.Errorf("reject %d: line %d, %q: %s (raw of %d bytes); want line %d, %q: %s", i, r.Line, r.Field, r.Reason, len(r.Raw), w.Line, w.Field, w.Reason)
		}
	}
}

func TestSeparatorsAndLayouts(t *testing.T) {
	tests := []struct {
		name, text string
		sep        string
		dec        string
		date       DateFormat
		amounts    []cityspend.Amount
	}{
		{"comma point iso", "date,supplier,amount\n2024-01-05,A,\"1,234.50\"\n2024-02-05,B,12\n", ",", ".", DateISO, []cityspend.Amount{123450, 1200}},
		{"semicolon comma dmy", "dato;leverandør;beløp\n05.01.2024;A;1.234,50\n06.02.2024;B;-12,00\n", ";", ",", DateDMY, []cityspend.Amount{123450, -1200}},
		{"tab", "Date\tSupplier\tAmount\n05/01/2024\tA\t(10.00)\n13/02/2024\tB\t1 000.00\n", "tab", ".", DateDMY, []cityspend.Amount{-1000, 100000}},
		{"pipe compact", "datum|leverantör|belopp\n20240105|A|12,50\n20240106|B|99\n", "|", ",", DateCompact, []cityspend.Amount{1250, 9900}},
		{"month names", "Paid Date,Supplier Name,Amount\n21-Jan-2014,A,500.00\n3-Feb-2014,B,1.5\n", ",", ".", DateDMonY, []cityspend.Amount{50000, 150}},
		{"trailing minus", "Dato;Leverandør;Beløp\n05.01.2024;A;1 234,50-\n05.02.2024;B;3,00\n", ";", ",", DateDMY, []cityspend.Amount{-123450, 300}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, rows := readAll(t, writeFile(t, "l.csv", []byte(tt.text)), Options{Buyer: buyerNO})
			if l.Separator != tt.sep {
				t.Errorf("separator %q, want %q", l.Separator, tt.sep)
			}
			if got := l.Decimals[FAmount].Separator; got != tt.dec {
				t.Errorf("decimal %q, want %q", got, tt.dec)
			}
			if got := l.DateFormats[FPaymentDate].Format; got != tt.date {
				t.Errorf("date format %s, want %s", got, tt.date)
			}
			ps, rs := payments(rows)
			if len(rs) > 0 {
				t.Fatalf("rejects: %+v", rs)
			}
			for i, want := range tt.amounts {
				if ps[i].Amount != want {
					t.Errorf("row %d amount %s, want %s", i, ps[i].Amount, want)
				}
			}
		})
	}
}

// The date format is decided for the whole column; a late value that does
// not fit it is read in another form only when it reads one way only
// (issue 16.5: it was rejected), and a value that is no date is rejected
// naming the column's format.
func TestDateFormatPerColumn(t *testing.T) {
	text := "date;supplier;amount\n13.01.2024;A;1\n14.01.2024;B;1\n2024-01-15;C;1\nsoon;D;1\n"
	l, rows := readAll(t, writeFile(t, "l.csv", []byte(text)), Options{Buyer: buyerNO})
	if l.DateFormats[FPaymentDate].Format != DateDMY {
		t.Fatalf("format %s", l.DateFormats[FPaymentDate].Format)
	}
	ps, rs := payments(rows)
	if len(ps) != 3 || !ps[2].PaymentDate.Equal(d(2024, 1, 15)) {
		t.Errorf("payments %+v", ps)
	}
	if len(rs) != 1 || rs[0].Line != 5 || rs[0].Field != "payment_date" || !strings.Contains(rs[0].Reason, "dd.mm.yyyy") {
		t.Errorf("rejects %+v", rs)
	}
}

func TestAmbiguousDatesFollowCountry(t *testing.T) {
	text := "date,supplier,amount\n05/01/2024,A,1\n06/02/2024,B,1\n"
	for _, tc := range []struct {
		buyer cityspend.Buyer
		want  time.Month
	}{{buyerNO, time.January}, {buyerGB, time.January}, {buyerUS, time.May}} {
		l, rows := readAll(t, writeFile(t, "l.csv", []byte(text)), Options{Buyer: tc.buyer})
		ps, _ := payments(rows)
		if ps[0].PaymentDate.Month() != tc.want {
			t.Errorf("%s: month %s, want %s", tc.buyer.Country, ps[0].PaymentDate.Month(), tc.want)
		}
		if len(l.Notes) == 0 || !strings.Contains(l.Notes[0], "≤ 12") {
			t.Errorf("%s: the choice is not reported: %q", tc.buyer.Country, l.Notes)
		}
	}
}

func TestHeaderLanguages(t *testing.T) {
	tests := []struct {
		lang   string
		header string
		want   map[Field]int
	}{
		{"Norwegian", "Bilagsnr;Fakturadato;Betalingsdato;Leverandørnavn;Organisasjonsnummer;Art;Ansvar;Funksjon;Prosjekt;Beløp eks. mva;Mva;Beskrivelse",
			map[Field]int{FVoucherNo: 0, FInvoiceDate: 1, FPaymentDate: 2, FSupplierName: 3, FOrgNumber: 4, FAccount: 5, FOrgUnit: 6, FService: 7, FProject: 8, FAmount: 9, FVAT: 10, FDescription: 11}},
		{"English", "Transaction ID;Payment Date;Supplier Name;Company Number;Expenditure Code;Expenditure Catergory;Department;Amount;Description",
			map[Field]int{FTransactionID: 0, FPaymentDate: 1, FSupplierName: 2, FOrgNumber: 3, FAccount: 4, FAccountText: 5, FOrgUnit: 6, FAmount: 7, FDescription: 8}},
		{"Swedish", "Verifikationsnummer;Fakturadatum;Leverantör;Organisationsnummer;Konto;Kontonamn;Belopp;Beskrivning",
			map[Field]int{FVoucherNo: 0, FInvoiceDate: 1, FSupplierName: 2, FOrgNumber: 3, FAccount: 4, FAccountText: 5, FAmount: 6, FDescription: 7}},
		{"Danish", "Bilagsnummer;Dato;Leverandør;CVR-nummer;Konto;Beløb;Tekst",
			map[Field]int{FVoucherNo: 0, FPaymentDate: 1, FSupplierName: 2, FOrgNumber: 3, FAccount: 4, FAmount: 5, FDescription: 6}},
		{"Finnish", "Tositenumero;Kirjauspäivä;Toimittajan nimi;Y-tunnus;Tili;Tilin nimi;Kustannuspaikka;Summa",
			map[Field]int{FVoucherNo: 0, FPaymentDate: 1, FSupplierName: 2, FOrgNumber: 3, FAccount: 4, FAccountText: 5, FCostCentre: 6, FAmount: 7}},
		{"Dutch", "Boekstuknummer;Boekingsdatum;Leverancier;KvK-nummer;Grootboekrekening;Kostenplaats;Bedrag;Omschrijving",
			map[Field]int{FVoucherNo: 0, FPaymentDate: 1, FSupplierName: 2, FOrgNumber: 3, FAccount: 4, FCostCentre: 5, FAmount: 6, FDescription: 7}},
		{"German", "Belegnummer;Buchungsdatum;Lieferant;USt-IdNr;Sachkonto;Kostenstelle;Betrag;Buchungstext",
			map[Field]int{FVoucherNo: 0, FPaymentDate: 1, FSupplierName: 2, FVATNumber: 3, FAccount: 4, FCostCentre: 5, FAmount: 6, FDescription: 7}},
		{"messy case and spacing", "  LEVERANDØR NAVN ; beløp_inkl_mva ; MVA-beløp ; bilags-dato ",
			map[Field]int{FSupplierName: 0, FAmountGross: 1, FVAT: 2, FPaymentDate: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			header := strings.Split(tt.header, ";")
			cols, _, err := resolveColumns(header, nil, true)
			if err != nil {
				t.Fatal(err)
			}
			for f, i := range tt.want {
				if got, ok := cols[f]; !ok || got != i {
					t.Errorf("%s: column %d, want %d (%q)", f, got, i, header[i])
				}
			}
		})
	}
}

// Every synonym belongs to one field only, or headers would map at random.
func TestSynonymsUnambiguous(t *testing.T) {
	seen := map[string]Field{}
	for f, names := range synonyms {
		for _, n := range names {
			k := tabular.NormHeader(n)
			if g, ok := seen[k]; ok && g != f {
				t.Errorf("%q names both %s and %s", n, f, g)
			}
			seen[k] = f
		}
	}
}

func TestHeaderAfterPreamble(t *testing.T) {
	text := "Leverandørreskontro Larvik kommune 2024\n\nUtskrevet 01.02.2025;;\nBilag;Dato;Leverandør;Beløp\n1;05.01.2024;A;10,00\n"
	l, rows := readAll(t, writeFile(t, "l.csv", []byte(text)), Options{Buyer: buyerNO})
	if l.HeaderLine != 4 {
		t.Errorf("header on line %d, want 4", l.HeaderLine)
	}
	ps, rs := payments(rows)
	if len(ps) != 1 || len(rs) != 0 || ps[0].Line != 5 {
		t.Errorf("payments %+v rejects %+v", ps, rs)
	}
}

func TestRejectsNameLineAndField(t *testing.T) {
	text := "Date,Supplier,Amount,Note\n" +
		"05/01/2024,A,10.00,ok\n" + // line 2
		"\n" + // blank: not a row
		"05/01/2024,B,,no amount\n" + // line 4
		"32/01/2024,C,5.00,bad date\n" + // line 5
		"05/01/2024,\"D\nwith a line break\",7.00,ok\n" + // lines 6-7
		"05/01/2024,E,1.234.5,bad amount\n" + // line 8
		"05/01/2024,F,3.00,extra,fields\n" + // line 9
		",,,\n" + // blank fields: not a row
		"05/01/2024,G,4.00,ok\n" // line 11
	_, rows := readAll(t, writeFile(t, "l.csv", []byte(text)), Options{Buyer: buyerGB})
	if len(rows) != 7 {
		t.Fatalf("%d rows, want 7 (blank lines are not rows)", len(rows))
	}
	ps, rs := payments(rows)
	if len(ps) != 3 || ps[1].Line != 6 || ps[2].Line != 11 || ps[1].Supplier.Name != "D\nwith a line break" {
		t.Errorf("payments: %+v", ps)
	}
	want := []struct {
		line  int
		field string
		text  string
	}{
		{4, "amount", "empty"}, {5, "payment_date", "32/01/2024"}, {8, "amount", "1.234.5"}, {9, "", "5 fields"},
	}
	if len(rs) != len(want) {
		t.Fatalf("rejects: %+v", rs)
	}
	for i, w := range want {
		r := rs[i]
		if r.Line != w.line || r.Field != w.field || !strings.Contains(r.Reason, w.text) || r.Raw == "" {
			t.Errorf("reject %d = %+v, want line %d field %q containing %q", i, r, w.line, w.field, w.text)
		}
	}
}

func TestCurrencyAndVAT(t *testing.T) {
	text := "Dato;Leverandør;Beløp inkl. mva;Mva;Valuta\n05.01.2024;A;125,00;25,00;NOK\n05.01.2024;B;100,00;0;EUR\n"
	_, rows := readAll(t, writeFile(t, "l.csv", []byte(text)), Options{Buyer: buyerNO})
	ps, rs := payments(rows)
	if len(ps) != 1 || ps[0].Amount != 10000 || ps[0].VAT != 2500 || !ps[0].HasVAT {
		t.Errorf("payments %+v", ps)
	}
	if len(rs) != 1 || rs[0].Field != "currency" {
		t.Errorf("rejects %+v", rs)
	}
}

func TestXLSX(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"Bilagsdato", "Leverandørnavn", "Org.nr", "Beløp", "Tekst"},
		{time.Date(2024, 1, 5, 0, 0, 0, 0, time.UTC), "Bjørnstad Rør AS", "123456785", 0.1 + 0.2, "pipe"},
		{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "Vask AS", nil, -1234.5, nil},
		{nil, nil, nil, nil, nil},
		{"05.03.2024", "Text date AS", nil, "12,50", nil},
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			c, _ := excelize.CoordinatesToCellName(1, i+1)
			f.SetCellStyle("Sheet1", c, c, style)
		}
	}
	path := writeFile(t, "l.xlsx", nil)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	l, got := readAll(t, path, Options{Buyer: buyerNO})
	if l.Format != "xlsx" || l.DateFormats[FPaymentDate].Format != DateSerial {
		t.Errorf("layout %+v", l)
	}
	ps, rs := payments(got)
	if len(ps) != 2 || len(rs) != 1 {
		t.Fatalf("payments %+v rejects %+v", ps, rs)
	}
	if ps[1].Description != "" {
		t.Errorf("missing trailing cells must read as empty: %+v", ps[1])
	}
	if ps[0].Amount != 30 || !ps[0].PaymentDate.Equal(d(2024, 1, 5)) || ps[1].Amount != -123450 || !ps[1].PaymentDate.Equal(d(2024, 2, 29)) {
		t.Errorf("payments %+v", ps)
	}
	if rs[0].Line != 5 || rs[0].Field != "payment_date" {
		t.Errorf("reject %+v: a text date in a date-number column", rs[0])
	}
}

func TestMappingFile(t *testing.T) {
	m, err := ParseMapping(strings.NewReader(`# my ERP export
header_row = 2
separator = ;
supplier_name = Mottaker   # the payee
amount = #3
amount.decimal = ,
payment_date = Bokført
payment_date.date_format = mm/dd/yyyy
ignore = Kommentar
`), "erp.map")
	if err != nil {
		t.Fatal(err)
	}
	text := "Export 2024\nBokført;Mottaker;Sum;Kommentar;Beløp\n01/13/2024;A AS;1.234,50;x;9\n"
	l, rows := readAll(t, writeFile(t, "l.csv", []byte(text)), Options{Buyer: buyerNO, Mapping: m})
	ps, rs := payments(rows)
	if len(ps) != 1 || len(rs) != 0 {
		t.Fatalf("payments %+v rejects %+v", ps, rs)
	}
	if ps[0].Amount != 123450 || ps[0].Supplier.Name != "A AS" || !ps[0].PaymentDate.Equal(d(2024, 1, 13)) {
		t.Errorf("payment %+v", ps[0])
	}
	if l.Columns[2].How != "mapping file" || l.Columns[4].Field != "" {
		t.Errorf("columns %+v", l.Columns)
	}

	for _, bad := range []string{"amount", "nosuchfield = x", "amount = #0", "decimal = ;", "payment_date.date_format = someday", "amount.colour = red"} {
		if _, err := ParseMapping(strings.NewReader(bad), "bad.map"); err == nil || !strings.Contains(err.Error(), "bad.map:1") {
			t.Errorf("%q: error %v, want one naming bad.map:1", bad, err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"empty", "", "empty"},
		{"no header", "1;2;3\n4;5;6\n", "no header row"},
		{"no separator", "just text\nmore text\n", "no separator"},
		{"binary", "\x00\x01\x02junk;x\n", "not a text file"},
		{"broken workbook", "PK\x03\x04junk", "not a readable XLSX workbook"},
		{"old excel", "\xD0\xCF\x11\xE0junk", ".xls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(writeFile(t, "f.csv", []byte(tt.content)), Options{Buyer: buyerNO})
			if err == nil || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(tt.want)) || !strings.Contains(err.Error(), "f.csv") {
				t.Errorf("error %v, want one naming f.csv and %q", err, tt.want)
			}
		})
	}
}

func TestDedupKeys(t *testing.T) {
	text := "Trans No,Date,Supplier,Amount\nT1,05/01/2024,A,10.00\nT2,05/01/2024,A,10.00\nT1,06/01/2024,B,99.00\n"
	_, rows := readAll(t, writeFile(t, "l.csv", []byte(text)), Options{Buyer: buyerGB})
	ps, _ := payments(rows)
	if ps[0].Key == ps[1].Key || ps[0].Key != ps[2].Key {
		t.Error("with a transaction id the key is the transaction id")
	}
	// Without one, the key is the content: the same line in another layout matches.
	a := "date,supplier,amount\n2024-01-05,A,10.00\n"
	b := "Supplier;Beløp;Dato\nA;10,00;05.01.2024\n"
	_, ra := readAll(t, writeFile(t, "a.csv", []byte(a)), Options{Buyer: buyerNO})
	_, rb := readAll(t, writeFile(t, "b.csv", []byte(b)), Options{Buyer: buyerNO})
	if ra[0].Payment.Key != rb[0].Payment.Key {
		t.Error("the same line in two layouts must have the same key")
	}
}

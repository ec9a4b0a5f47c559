// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ehfSummary mirrors the JSON contract of `import ehf --json`: one object
// per FILE or DIR, with a report of each document.
type ehfSummary struct {
	File          string `json:"file"`
	RowsRead      int64  `json:"rows_read"`
	RowsLoaded    int64  `json:"rows_loaded"`
	RowsRejected  int64  `json:"rows_rejected"`
	RowsDuplicate int64  `json:"rows_duplicate"`
	RowsNotSpend  int64  `json:"rows_not_spend"`
	LinesLoaded   int64  `json:"lines_loaded"`
	AmountLoaded  string `json:"amount_loaded"`
	Documents     []struct {
		File           string   `json:"file"`
		ID             string   `json:"id"`
		Type           string   `json:"type"`
		Status         string   `json:"status"`
		Reason         string   `json:"reason"`
		RefersTo       []string `json:"refers_to"`
		LinesLoaded    int64    `json:"lines_loaded"`
		LinesDuplicate int64    `json:"lines_duplicate"`
		LinesRejected  int64    `json:"lines_rejected"`
		AmountLoaded   string   `json:"amount_loaded"`
	} `json:"documents"`
}

// `import ehf --json` reports each document: loaded whole, a duplicate
// whole (the same invoice again, or a changed copy of it), not spend (a
// reminder, naming its invoice) or refused (an order); two suppliers'
// invoices 1001 both load; the text output lists what was not loaded.
func TestImportEHFDocuments(t *testing.T) {
	t.Parallel() // independent of the other tests: it runs beside them
	dir := t.TempDir()
	db := filepath.Join(dir, "e.duckdb")
	mustCLI(t, "buyer", "add", "--db", db, "--id", "3909", "--name", "Larvik kommune", "--country", "NO", "--org-number", "974760673")
	in := filepath.Join(dir, "innboks")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range [][2]string{{"invoice.xml", "1-invoice.xml"}, {"invoice.xml", "2-invoice-again.xml"}, {"invoice-three-lines.xml", "3-changed-copy.xml"},
		{"nordic-office-gb-1001.xml", "4-gb-1001.xml"}, {"nordic-office-ie-1001.xml", "5-ie-1001.xml"}, {"reminder.xml", "6-reminder.xml"}, {"order.xml", "7-order.xml"}} {
		b, err := os.ReadFile(filepath.Join("..", "..", "ingest", "ehf", "testdata", c[0]))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, c[1]), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var s ehfSummary
	decodeJSON(t, mustCLI(t, "import", "ehf", "--db", db, "--buyer", "3909", "--json", "--no-resolve", in), &s)
	if s.RowsRead != 7 || s.RowsLoaded != 3 || s.RowsDuplicate != 2 || s.RowsNotSpend != 1 || s.RowsRejected != 1 || s.LinesLoaded != 8 ||
		s.AmountLoaded != "12762.05" || len(s.Documents) != 7 {
		t.Fatalf("summary %+v", s)
	}
	for i, w := range []struct{ id, typ, status, loaded, refersTo, reason string }{
		{"F-2024-0042", "invoice", "loaded", "2782.05", "", ""},
		{"F-2024-0042", "invoice", "duplicate", "0.00", "", "invoice F-2024-0042 of 2024-03-15 from Larvik Elektro AS (923609016) is loaded already"},
		{"F-2024-0042", "invoice", "duplicate", "0.00", "", "invoice F-2024-0042 of 2024-03-15 from Larvik Elektro AS (923609016) is loaded already"},
		{"1001", "invoice", "loaded", "7500.00", "", ""},
		{"1001", "invoice", "loaded", "2480.00", "", ""},
		{"P-2024-0042-1", "reminder", "not_spend", "0.00", "F-2024-0042", "not spend: refers to invoice F-2024-0042 (a reminder)"},
		{"PO-7781", "order", "refused", "0.00", "", "not an invoice or credit note (the root element is Order)"},
	} {
		d := s.Documents[i]
		if d.ID != w.id || d.Type != w.typ || d.Status != w.status || d.AmountLoaded != w.loaded || strings.Join(d.RefersTo, ",") != w.refersTo ||
			!strings.HasPrefix(d.Reason, w.reason) || d.RefersTo == nil {
			t.Errorf("document %d: %+v\nwant %+v", i+1, d, w)
		}
	}
	if d := s.Documents[2]; d.LinesDuplicate != 3 || d.LinesLoaded != 0 {
		t.Errorf("the changed copy is a duplicate, all of its three lines: %+v", d)
	}
	// The text output says what was not loaded, and why.
	out := mustCLI(t, "import", "ehf", "--db", db, "--buyer", "3909", "--no-resolve", filepath.Join(in, "6-reminder.xml"), filepath.Join(in, "5-ie-1001.xml"))
	for _, want := range []string{"1 not spend", "  not spend 6-reminder.xml: not spend: refers to invoice F-2024-0042 (a reminder)",
		"  duplicate 5-ie-1001.xml: invoice 1001 of 2024-05-02 from Nordic Office Supply Ltd (9935:ie6388047v) is loaded already"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
	var again ehfSummary
	decodeJSON(t, mustCLI(t, "import", "ehf", "--db", db, "--buyer", "3909", "--json", "--no-resolve", filepath.Join(in, "4-gb-1001.xml")), &again)
	if again.RowsDuplicate != 1 || len(again.Documents) != 1 || again.Documents[0].LinesDuplicate != 2 || again.Documents[0].Status != "duplicate" {
		t.Errorf("a duplicate again: %+v", again)
	}
}

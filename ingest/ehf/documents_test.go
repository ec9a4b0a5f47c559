// SPDX-License-Identifier: EUPL-1.2

package ehf

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
)

func testdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustParse(t *testing.T, doc string) *Invoice {
	t.Helper()
	inv, err := parse(t, doc)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// A document is its supplier, type, number and issue date: two suppliers'
// invoices with the same number are two documents, also when the suppliers
// share a name; so are one supplier's invoices with the same number in two
// years; a changed copy with the same identity is the same document.
func TestDocumentIdentity(t *testing.T) {
	inv := mustParse(t, fixture(t))
	if inv.SupplierID != "org:923609016" || inv.Type != "invoice" {
		t.Errorf("supplier %q, type %q", inv.SupplierID, inv.Type)
	}
	gb, ie := mustParse(t, testdata(t, "nordic-office-gb-1001.xml")), mustParse(t, testdata(t, "nordic-office-ie-1001.xml"))
	if gb.SupplierID != "endpoint:9932:gb123456789" || ie.SupplierID != "endpoint:9935:ie6388047v" || gb.Supplier.OrgNumber != "" {
		t.Errorf("suppliers %q and %q (org %q)", gb.SupplierID, ie.SupplierID, gb.Supplier.OrgNumber)
	}
	if gb.Supplier.Name != ie.Supplier.Name {
		t.Fatalf("the fixtures' suppliers should share a name: %q, %q", gb.Supplier.Name, ie.Supplier.Name)
	}
	nextYear := mustParse(t, strings.Replace(fixture(t), "<cbc:IssueDate>2024-03-15</cbc:IssueDate>", "<cbc:IssueDate>2025-03-14</cbc:IssueDate>", 1))
	selfBilled := mustParse(t, strings.Replace(fixture(t), "urn:fdc:peppol.eu:2017:poacc:billing:3.0", "urn:fdc:peppol.eu:2017:poacc:selfbilling:3.0", 1))
	if selfBilled.Type != "self_billed_invoice" {
		t.Errorf("self-billed type %q", selfBilled.Type)
	}
	changed := mustParse(t, testdata(t, "invoice-three-lines.xml"))
	for _, tc := range []struct {
		name string
		a, b *Invoice
		same bool
	}{
		{"two suppliers of one name, invoice 1001 each", gb, ie, false},
		{"the same number in the next year", inv, nextYear, false},
		{"self-billed, in the customer's number series", inv, selfBilled, false},
		{"a changed copy of the same invoice", inv, changed, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shared := 0
			for _, p := range tc.a.Payments {
				for _, q := range tc.b.Payments {
					if p.Key == q.Key {
						shared++
					}
				}
			}
			if tc.same && tc.a.Payments[0].Key != tc.b.Payments[0].Key {
				t.Error("the same document must share its first row's key")
			}
			if !tc.same && shared > 0 {
				t.Errorf("two documents share %d keys", shared)
			}
		})
	}
}

// Reminders and payment requests are not spend: they refer to the invoice
// that is. Orders are not invoices. A credit note or a correction refers to
// an invoice too, and is spend.
func TestNotSpend(t *testing.T) {
	f := fixture(t)
	withRef := func(doc, ref string) string {
		return strings.Replace(doc, "<cac:OrderReference>", "<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>"+ref+
			"</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference><cac:OrderReference>", 1)
	}
	paymentRequest := strings.Replace(f, "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
		"urn:fdc:anskaffelser.no:2019:ehf:spec:payment-request:3.0", 1)
	tests := []struct {
		name, doc, typ, id string
		notSpend           bool
		refs               []string
		reason             string
	}{
		{"EHF Reminder 3.0", testdata(t, "reminder.xml"), "reminder", "P-2024-0042-1", true, []string{"F-2024-0042"},
			"not spend: refers to invoice F-2024-0042 (a reminder)"},
		{"reminder by its profile alone", strings.Replace(testdata(t, "reminder.xml"), "#conformant#urn:fdc:anskaffelser.no:2019:ehf:reminder:3.0", "", 1),
			"reminder", "P-2024-0042-1", true, []string{"F-2024-0042"}, "not spend: refers to invoice F-2024-0042 (a reminder)"},
		{"UBL reminder (EHF 2 purring)", `<?xml version="1.0"?>
<Reminder xmlns="urn:oasis:names:specification:ubl:schema:xsd:Reminder-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:www.cenbii.eu:transaction:biicoretrdm017:ver1.0:#urn:www.cenbii.eu:profile:biixy:ver1.0#urn:www.difi.no:ehf:purring:ver1</cbc:CustomizationID>
  <cbc:ID>P-17</cbc:ID><cbc:IssueDate>2014-02-01</cbc:IssueDate>
  <cac:ReminderLine><cbc:ID>1</cbc:ID><cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>F-1</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference></cac:ReminderLine>
  <cac:ReminderLine><cbc:ID>2</cbc:ID><cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>F-2</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference></cac:ReminderLine>
</Reminder>`, "reminder", "P-17", true, []string{"F-1", "F-2"}, "not spend: refers to invoices F-1, F-2 (a reminder)"},
		{"request for payment, type code 71", withRef(strings.Replace(f, ">380<", ">71<", 1), "F-2024-0007"), "request_for_payment", "F-2024-0042", true,
			[]string{"F-2024-0007"}, "not spend: refers to invoice F-2024-0007 (a request for payment, type code 71)"},
		{"EHF payment request referring to an invoice", withRef(paymentRequest, "F-2024-0007"), "payment_request", "F-2024-0042", true,
			[]string{"F-2024-0007"}, "not spend: refers to invoice F-2024-0007 (an EHF payment request)"},
		{"EHF payment request of a compensation", paymentRequest, "payment_request", "F-2024-0042", true, []string{},
			"not spend: an EHF payment request, a claim such as a compensation rather than an invoice for goods or services"},
		{"order", testdata(t, "order.xml"), "order", "PO-7781", false, nil, "not an invoice or credit note (the root element is Order)"},
		{"order response", `<OrderResponse><ID>1</ID></OrderResponse>`, "order_response", "1", false, nil,
			"not an invoice or credit note (the root element is OrderResponse)"},
		{"catalogue", `<Catalogue><ID>C-9</ID></Catalogue>`, "catalogue", "C-9", false, nil, "not an invoice or credit note (the root element is Catalogue)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := parse(t, tt.doc)
			var ref *Refusal
			if !errors.As(err, &ref) {
				t.Fatalf("%+v, %v: want a refusal", inv, err)
			}
			if ref.Type != tt.typ || ref.ID != tt.id || ref.NotSpend != tt.notSpend || !slices.Equal(ref.RefersTo, tt.refs) || ref.Reason != tt.reason {
				t.Errorf("refusal %+v\nwant type %q, id %q, not spend %v, refers to %q: %s", ref, tt.typ, tt.id, tt.notSpend, tt.refs, tt.reason)
			}
		})
	}
	// Spend that refers to an invoice: a credit note and a corrective invoice.
	credit := strings.NewReplacer("<Invoice ", "<CreditNote ", "</Invoice>", "</CreditNote>", ":Invoice-2", ":CreditNote-2",
		"InvoiceTypeCode", "CreditNoteTypeCode", ">380<", ">381<", "InvoiceLine>", "CreditNoteLine>", "InvoicedQuantity", "CreditedQuantity").Replace(f)
	for name, doc := range map[string]string{"credit note": withRef(credit, "F-2024-0001"), "corrective invoice": withRef(strings.Replace(f, ">380<", ">384<", 1), "F-2024-0001")} {
		if _, err := parse(t, doc); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func openStore(t *testing.T) (*duckdb.DB, cityspend.Buyer) {
	t.Helper()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "e.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	buyer := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1, OrgNumber: "974760673"}
	if err := st.CreateBuyer(ctx, buyer); err != nil {
		t.Fatal(err)
	}
	return st, buyer
}

// A document is all or nothing, and reported: two suppliers' invoices 1001
// both load in full; the same invoice twice, or a changed copy of it (three
// lines, two of them loaded already), is a duplicate, all of it; the same
// number in the next year is a new invoice; a reminder is not spend; an
// order is refused.
func TestImportDocuments(t *testing.T) {
	ctx := context.Background()
	st, buyer := openStore(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	f := fixture(t)
	files := []struct{ name, doc string }{
		{"a-invoice.xml", f},
		{"b-invoice-again.xml", f},
		{"c-invoice-three-lines.xml", testdata(t, "invoice-three-lines.xml")},
		{"d-invoice-next-year.xml", strings.Replace(f, "<cbc:IssueDate>2024-03-15</cbc:IssueDate>", "<cbc:IssueDate>2025-03-14</cbc:IssueDate>", 1)},
		{"e-nordic-office-gb-1001.xml", testdata(t, "nordic-office-gb-1001.xml")},
		{"f-nordic-office-ie-1001.xml", testdata(t, "nordic-office-ie-1001.xml")},
		{"g-reminder.xml", testdata(t, "reminder.xml")},
		{"h-order.xml", testdata(t, "order.xml")},
	}
	for _, x := range files {
		if err := os.WriteFile(filepath.Join(in, x.name), []byte(x.doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sums, err := ImportPaths(ctx, st, buyer, []string{in}, Options{RejectsDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s := sums[0]
	// Loaded: 2782.05 twice (2024 and 2025), 7500.00 and 2480.00.
	if s.RowsRead != 8 || s.RowsLoaded != 4 || s.RowsDuplicate != 2 || s.RowsNotSpend != 1 || s.RowsRejected != 1 ||
		s.LinesLoaded != 11 || s.AmountLoaded != 1554410 {
		t.Errorf("summary %+v", s)
	}
	if s.RowsRead != s.RowsLoaded+s.RowsDuplicate+s.RowsNotSpend+s.RowsRejected {
		t.Errorf("every document is loaded, a duplicate, not spend or refused: %+v", s)
	}
	type want struct {
		id, typ, status       string
		loaded, dup, rejected int64
		amount                cityspend.Amount
		refersTo              []string
		reason                string
	}
	wants := []want{
		{"F-2024-0042", "invoice", StatusLoaded, 3, 0, 0, 278205, []string{}, ""},
		{"F-2024-0042", "invoice", StatusDuplicate, 0, 3, 0, 0, []string{},
			"invoice F-2024-0042 of 2024-03-15 from Larvik Elektro AS (923609016) is loaded already (the same supplier, type, number and issue date)"},
		{"F-2024-0042", "invoice", StatusDuplicate, 0, 3, 0, 0, []string{},
			"invoice F-2024-0042 of 2024-03-15 from Larvik Elektro AS (923609016) is loaded already (the same supplier, type, number and issue date)"},
		{"F-2024-0042", "invoice", StatusLoaded, 3, 0, 0, 278205, []string{}, ""},
		{"1001", "invoice", StatusLoaded, 2, 0, 0, 750000, []string{}, ""},
		{"1001", "invoice", StatusLoaded, 3, 0, 0, 248000, []string{}, ""},
		{"P-2024-0042-1", "reminder", StatusNotSpend, 0, 0, 0, 0, []string{"F-2024-0042"}, "not spend: refers to invoice F-2024-0042 (a reminder)"},
		{"PO-7781", "order", StatusRefused, 0, 0, 0, 0, []string{}, "not an invoice or credit note (the root element is Order)"},
	}
	if len(s.Documents) != len(wants) {
		t.Fatalf("%d documents reported: %+v", len(s.Documents), s.Documents)
	}
	for i, w := range wants {
		d := s.Documents[i]
		if d.File != filepath.Join(in, files[i].name) || d.ID != w.id || d.Type != w.typ || d.Status != w.status || d.LinesLoaded != w.loaded ||
			d.LinesDuplicate != w.dup || d.LinesRejected != w.rejected || d.AmountLoaded != w.amount || !slices.Equal(d.RefersTo, w.refersTo) || d.Reason != w.reason {
			t.Errorf("%s: %+v\nwant %+v", files[i].name, d, w)
		}
	}
	tot, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "3909"})
	if err != nil || tot.Spend != s.AmountLoaded || tot.Lines != s.LinesLoaded {
		t.Errorf("stored %+v, %v; the import says %s in %d lines", tot, err, s.AmountLoaded, s.LinesLoaded)
	}
	if len(s.Rejects) != 1 || s.RejectsFile == nil {
		t.Errorf("the rejects file lists the refused documents: %+v", s.Rejects)
	}
	batches, err := st.Batches(ctx, "3909")
	if err != nil || len(batches) != 8 {
		t.Errorf("every document is recorded: %d batches, %v", len(batches), err)
	}
	// The JSON report: the summary's keys, and each document's.
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Documents []map[string]any `json:"documents"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"file", "id", "type", "status", "reason", "refers_to", "lines_loaded", "lines_duplicate", "lines_rejected", "amount_loaded"} {
		if _, ok := m.Documents[0][k]; !ok {
			t.Errorf("a document's JSON lacks %q: %s", k, b)
		}
	}
}

// The official examples: base-example and Allowance-example are invoice
// Snippet1 of 2017-11-13 of two suppliers of one name (electronic addresses
// 0088:9482348239847239874 and 0088:7300010000001) and both load in full;
// Vat-category-S is Snippet1 of the second again, with four lines, and is a
// duplicate, all of it. The reminder and the payment request are not
// spend; the order and the catalogue are refused.
func TestSharedExamples(t *testing.T) {
	root, _ := filepath.Abs("../../../shared/data")
	peppol, ehfDir := filepath.Join(root, "peppol-examples"), filepath.Join(root, "ehf")
	for _, d := range []string{peppol, ehfDir} {
		if _, err := os.Stat(d); err != nil {
			t.Skipf("SKIP: %s is not there; this test needs the project's shared data", d)
		}
	}
	ctx := context.Background()
	st, nok := openStore(t)
	eur := cityspend.Buyer{ID: "EU1", Name: "Buyer", Country: "BE", Currency: "EUR", FiscalStart: 1}
	if err := st.CreateBuyer(ctx, eur); err != nil {
		t.Fatal(err)
	}
	check := func(buyer cityspend.Buyer, file, status string, loaded, dup int64, reason string) {
		t.Helper()
		sums, err := ImportPaths(ctx, st, buyer, []string{file}, Options{RejectsDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		d := sums[0].Documents[0]
		if d.Status != status || d.LinesLoaded != loaded || d.LinesDuplicate != dup || !strings.HasPrefix(d.Reason, reason) {
			t.Errorf("%s: %+v\nwant %s, %d loaded, %d duplicate: %s", filepath.Base(file), d, status, loaded, dup, reason)
		}
	}
	check(eur, filepath.Join(peppol, "base-example.xml"), StatusLoaded, 3, 0, "")
	check(eur, filepath.Join(peppol, "Allowance-example.xml"), StatusLoaded, 3, 0, "")
	check(eur, filepath.Join(peppol, "Vat-category-S.xml"), StatusDuplicate, 0, 4, "invoice Snippet1 of 2017-11-13 from SupplierOfficialName Ltd (0088:7300010000001) is loaded already")
	check(nok, filepath.Join(peppol, "Reminder-Example.xml"), StatusNotSpend, 0, 0, "not spend: refers to invoice 006 (a reminder)")
	check(nok, filepath.Join(peppol, "PaymentRequest-example-1.xml"), StatusNotSpend, 0, 0, "not spend: an EHF payment request")
	check(nok, filepath.Join(ehfDir, "Order_Example.xml"), StatusRefused, 0, 0, "not an invoice or credit note (the root element is Order)")
	check(nok, filepath.Join(ehfDir, "Catalogue_Example.xml"), StatusRefused, 0, 0, "not an invoice or credit note (the root element is Catalogue)")
	tot, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "EU1"})
	if err != nil || tot.Spend != 132500+590000 || tot.Lines != 6 {
		t.Errorf("EUR spend %+v, %v", tot, err)
	}
	if tot, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: "3909"}); err != nil || tot.Lines != 0 {
		t.Errorf("NOK spend %+v, %v: reminders, payment requests, orders and catalogues load nothing", tot, err)
	}
}

// SPDX-License-Identifier: EUPL-1.2

package ehf

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
)

func fixture(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/invoice.xml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func parse(t *testing.T, doc string) (*Invoice, error) {
	t.Helper()
	return Parse(strings.NewReader(doc))
}

func TestInvoice(t *testing.T) {
	inv, err := parse(t, fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	if inv.ID != "F-2024-0042" || inv.Credit || inv.Supplier.OrgNumber != "923609016" || inv.Supplier.Name != "Larvik Elektro AS" ||
		inv.Supplier.Postcode != "3256" || inv.Customer != "974760673" || inv.Total != 278205 {
		t.Errorf("invoice %+v", inv)
	}
	if len(inv.Payments) != 3 {
		t.Fatalf("%d payments: two lines and the document charge", len(inv.Payments))
	}
	p := inv.Payments[0]
	if p.Amount != 245000 || p.CPV != "45310000" || p.Quantity != "3.5" || p.UnitCode != "HUR" || p.AccountCode != "1230.2100.222" ||
		p.OrderRef != "PO-7781" || p.ContractRef != "AVT-2022-15" || p.Description != "Elektrikerarbeid Torstrand skole" ||
		!p.InvoiceDate.Equal(inv.Issued) {
		t.Errorf("line 1 %+v", p)
	}
	if inv.Payments[1].UNSPSC != "39121400" || inv.Payments[1].AccountCode != "1230.2100.222" {
		t.Errorf("line 2 falls back to the document's accounting string: %+v", inv.Payments[1])
	}
	var sum, vat cityspend.Amount
	for _, p := range inv.Payments {
		sum += p.Amount
		vat += p.VAT
	}
	if sum != inv.Total {
		t.Errorf("payments add up to %s, the tax-exclusive total is %s", sum, inv.Total)
	}
	// The lines carry 25 % of their amounts; the charge, with no rate of its
	// own, the rest of the document's VAT.
	if vat != 69551 || inv.Payments[0].VAT != 61250 || inv.Payments[1].VAT != 4551 || inv.Payments[2].VAT != 3750 {
		t.Errorf("VAT %s: %s %s %s", vat, inv.Payments[0].VAT, inv.Payments[1].VAT, inv.Payments[2].VAT)
	}
	if inv.Payments[0].Key == inv.Payments[1].Key {
		t.Error("lines need distinct keys")
	}
}

func TestCreditNote(t *testing.T) {
	doc := strings.NewReplacer("<Invoice ", "<CreditNote ", "</Invoice>", "</CreditNote>", ":Invoice-2", ":CreditNote-2",
		"InvoiceTypeCode", "CreditNoteTypeCode", ">380<", ">381<", "InvoiceLine>", "CreditNoteLine>", "InvoicedQuantity", "CreditedQuantity").Replace(fixture(t))
	inv, err := parse(t, doc)
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Credit || inv.Total != -278205 || inv.Payments[0].Amount != -245000 || inv.Payments[0].Quantity != "3.5" {
		t.Errorf("credit note %+v", inv.Payments[0])
	}
	orig, _ := parse(t, fixture(t))
	if inv.Payments[0].Key == orig.Payments[0].Key {
		t.Error("a credit note is not a duplicate of its invoice")
	}
}

func TestRejected(t *testing.T) {
	f := fixture(t)
	tests := []struct {
		name, doc, want string
	}{
		{"broken XML", strings.Replace(f, "</cbc:IssueDate>", "</cbc:IssueDat>", 1), "not well-formed"},
		{"truncated", f[:len(f)/2], "not well-formed"},
		{"totals do not add up", strings.Replace(f, ">2632.05<", ">2632.00<", 1), "the lines add up to 2632.05"},
		{"tax-exclusive total", strings.Replace(f, "<cbc:TaxExclusiveAmount currencyID=\"NOK\">2782.05", "<cbc:TaxExclusiveAmount currencyID=\"NOK\">2632.05", 1), "TaxExclusiveAmount"},
		{"VAT", strings.Replace(f, ">3477.56</cbc:TaxInclusiveAmount>", ">3500.00</cbc:TaxInclusiveAmount>", 1), "TaxInclusiveAmount"},
		{"no ID", strings.Replace(f, "<cbc:ID>F-2024-0042</cbc:ID>", "", 1), "no ID"},
		{"bad date", strings.Replace(f, "2024-03-15", "15.03.2024", 1), "IssueDate"},
		{"three decimals", strings.Replace(f, ">182.05<", ">182.055<", 1), "at most two decimals"},
		{"no lines", strings.Split(f, "<cac:InvoiceLine>")[0] + "</Invoice>", "no lines"},
		{"not an invoice", `<?xml version="1.0"?><Order><ID>1</ID></Order>`, "not an invoice"},
		{"DTD", `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY x "y">]>` + strings.SplitN(f, "-->", 2)[1], "DTD"},
		{"entity expansion", strings.Replace(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>`, 1), "DTD"},
		{"external entity", strings.Replace(f, "Stikkontakter", "&xxe;", 1), "DTD"},
		{"empty", "", "no XML element"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse(t, tt.doc)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// The shared samples: EHF 3 and EHF 2 copies of one invoice, and a
// forward-billing invoice with its credit note.
func TestSharedSamples(t *testing.T) {
	dir, _ := filepath.Abs("../../../shared/data/ehf")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("SKIP: %s is not there", dir)
	}
	read := func(name string) *Invoice {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		inv, err := Parse(f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return inv
	}
	v3, v2 := read("ehf-3-faktura-1.xml"), read("ehf-2-faktura-1.xml")
	for _, inv := range []*Invoice{v3, v2} {
		if inv.Supplier.OrgNumber != "123456785" || inv.Total != 143650 || inv.Customer != "987654325" || len(inv.Payments) != 5 {
			t.Errorf("TOSL108: %+v", inv)
		}
		if inv.Payments[0].CPV != "65434568" || inv.Payments[0].UNSPSC != "12344321" || inv.Payments[0].AccountCode != "BookingCode001" {
			t.Errorf("classifications %+v", inv.Payments[0])
		}
	}
	for i := range v3.Payments {
		if v3.Payments[i].Key != v2.Payments[i].Key {
			t.Errorf("line %d: EHF 2 and EHF 3 copies must have the same key", i+1)
		}
	}
	inv, cn := read("Invoice_EHF3.0_forward-billing-nettleie-corporate_v2.0.xml"), read("Creditnote_EHF3.0_forward-billing-nettleie-corporate_v2.0.xml")
	if inv.Total != 123471 || cn.Total != -123471 || inv.Supplier.OrgNumber != "811143758" {
		t.Errorf("forward billing %s, credit %s", inv.Total, cn.Total)
	}
}

// Importing a directory: good documents load, bad ones are rejected with a
// reason, a repeated invoice is a duplicate.
func TestImportPaths(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := duckdb.Open(ctx, filepath.Join(dir, "e.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	buyer := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1, OrgNumber: "974760673"}
	if err := st.CreateBuyer(ctx, buyer); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	f := fixture(t)
	os.WriteFile(filepath.Join(in, "a.xml"), []byte(f), 0o644)
	os.WriteFile(filepath.Join(in, "b-copy.xml"), []byte(f), 0o644)
	os.WriteFile(filepath.Join(in, "c-broken.xml"), []byte(f[:100]), 0o644)
	os.WriteFile(filepath.Join(in, "d-other-buyer.xml"), []byte(strings.ReplaceAll(f, "974760673", "889640782")), 0o644)
	os.WriteFile(filepath.Join(in, "notes.txt"), []byte("not read"), 0o644)
	sums, err := ImportPaths(ctx, st, buyer, []string{in}, Options{RejectsDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s := sums[0]
	if s.RowsRead != 4 || s.RowsLoaded != 1 || s.RowsDuplicate != 1 || s.RowsRejected != 2 || s.LinesLoaded != 3 || s.AmountLoaded != 278205 {
		t.Errorf("summary %+v", s)
	}
	if s.RejectsFile == nil || !strings.Contains(s.Rejects[1].Reason, "addressed to organisation 889640782") {
		t.Errorf("rejects %+v", s.Rejects)
	}
	batches, _ := st.Batches(ctx, "3909")
	if len(batches) != 4 {
		t.Errorf("every document is recorded, rejected ones too: %d batches", len(batches))
	}
	if _, err := ImportPaths(ctx, st, buyer, []string{filepath.Join(dir, "missing")}, Options{}); err == nil {
		t.Error("a missing path is an error")
	}
}

func FuzzParse(f *testing.F) {
	b, _ := os.ReadFile("testdata/invoice.xml")
	f.Add(string(b))
	b, _ = os.ReadFile("testdata/xrechnung-cii.xml")
	f.Add(string(b))
	f.Add(`<Invoice><ID>1</ID></Invoice>`)
	f.Add(`<!DOCTYPE x><x/>`)
	f.Add(`<Invoice><CustomizationID>urn:fdc:anskaffelser.no:2019:ehf:reminder:3.0</CustomizationID><ID>P-1</ID>` +
		`<BillingReference><InvoiceDocumentReference><ID>F-1</ID></InvoiceDocumentReference></BillingReference></Invoice>`)
	f.Add(`<Reminder><ID>P-2</ID><ReminderLine><BillingReference><InvoiceDocumentReference><ID>F-2</ID></InvoiceDocumentReference></BillingReference></ReminderLine></Reminder>`)
	f.Fuzz(func(t *testing.T, doc string) {
		inv, err := Parse(strings.NewReader(doc))
		if err != nil {
			var ref *Refusal
			if !errors.As(err, &ref) || ref.Reason == "" || (ref.NotSpend && ref.RefersTo == nil) {
				t.Fatalf("a refusal says why: %#v", err)
			}
			return
		}
		var sum cityspend.Amount
		for _, p := range inv.Payments {
			sum += p.Amount
		}
		if sum != inv.Total {
			t.Fatalf("accepted a document whose payments (%s) do not add up to its total (%s)", sum, inv.Total)
		}
	})
}

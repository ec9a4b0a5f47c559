// SPDX-License-Identifier: EUPL-1.2

package ehf

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

func ciiFixture(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/xrechnung-cii.xml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// An XRechnung invoice in the CII syntax reads like a UBL one: its number,
// date (format 102), supplier with its VAT number and electronic address,
// lines with their CPV codes, quantities, accounting strings and order
// line, the document charge as a row of its own, VAT spread by rate, and
// the references.
func TestCIIInvoice(t *testing.T) {
	inv, err := parse(t, ciiFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	if inv.ID != "RE-2026-0815" || inv.Credit || inv.Type != "invoice" || !inv.Issued.Equal(time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)) ||
		inv.Currency != "EUR" || inv.Total != 1560_00 {
		t.Errorf("invoice %+v", inv)
	}
	s := inv.Supplier
	if s.Name != "Lichttechnik Huber GmbH" || s.VATNumber != "DE123456789" || s.Country != "DE" || s.Postcode != "80331" || s.OrgNumber != "" ||
		inv.SupplierID != "endpoint:EM:rechnung@lichttechnik-huber.example" {
		t.Errorf("supplier %+v (%s)", s, inv.SupplierID)
	}
	if len(inv.Payments) != 3 {
		t.Fatalf("%d payments: two lines and the charge", len(inv.Payments))
	}
	p := inv.Payments[0]
	if p.Amount != 1020_00 || p.CPV != "50232100" || p.Quantity != "12" || p.UnitCode != "HUR" || p.AccountCode != "5410.66" ||
		p.OrderRef != "BE-4711" || p.ContractRef != "RV-2024-033" || p.Description != "Wartung Straßenbeleuchtung" || p.VAT != 193_80 {
		t.Errorf("line 1 %+v", p)
	}
	if p := inv.Payments[1]; p.AccountCode != "5410.00" || p.CPV != "31520000" || p.VAT != 93_10 {
		t.Errorf("line 2 falls back to the document's accounting account: %+v", p)
	}
	if p := inv.Payments[2]; p.Amount != 50_00 || p.VAT != 9_50 {
		t.Errorf("the charge %+v", p)
	}
}

// A Factur-X credit note (type 381) from a French supplier named by its
// SIREN (scheme 0002): negative rows, the supplier's register number with
// its scheme; a CII document whose lines do not add up is refused like a
// UBL one; a date not of format 102 is refused.
func TestCIICreditNoteAndRefusals(t *testing.T) {
	doc := ciiFixture(t)
	credit := strings.Replace(doc, "<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>381</ram:TypeCode>", 1)
	credit = strings.Replace(credit, "<ram:ID>HRB 123456</ram:ID>", `<ram:ID schemeID="0002">732 829 320</ram:ID>`, 1)
	credit = strings.Replace(credit, "<ram:CountryID>DE</ram:CountryID>", "<ram:CountryID>FR</ram:CountryID>", 1)
	inv, err := parse(t, credit)
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Credit || inv.Type != "credit_note" || inv.Total != -1560_00 || inv.Payments[0].Amount != -1020_00 || inv.Payments[0].Quantity != "12" ||
		inv.Supplier.OrgNumber != "FR-SIRENE:732829320" || inv.SupplierID != "org:FR-SIRENE:732829320" {
		t.Errorf("credit note %+v", inv)
	}
	var sum cityspend.Amount
	for _, p := range inv.Payments {
		sum += p.Amount
	}
	if sum != inv.Total {
		t.Errorf("rows %s, total %s", sum, inv.Total)
	}

	for name, bad := range map[string]string{
		"lines that do not add up": strings.Replace(doc, "<ram:LineTotalAmount>490.00</ram:LineTotalAmount>", "<ram:LineTotalAmount>491.00</ram:LineTotalAmount>", 1),
		"a date of another format": strings.Replace(doc, `<udt:DateTimeString format="102">20260315</udt:DateTimeString>`, `<udt:DateTimeString format="203">202603151200</udt:DateTimeString>`, 1),
		"no currency":              strings.Replace(doc, "<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>", "", 1),
	} {
		_, err := parse(t, bad)
		var ref *Refusal
		if !errors.As(err, &ref) || ref.Reason == "" || ref.ID != "RE-2026-0815" {
			t.Errorf("%s: %v", name, err)
		}
	}
}

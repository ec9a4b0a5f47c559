// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

// A move reads every field of a line back from an export (ReadLedger):
// what it left out (the CPV, the VAT's absence, invoice numbers, …) would
// be lost on the other store.
func TestReadLedgerKeepsEveryField(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)
	in := []cityspend.Payment{
		{BuyerID: "3909", Line: 2, Key: cityspend.DedupKey{Hi: 1, Lo: 2}, Supplier: cityspend.Payee{Name: "A AS", LocalID: "10001", OrgNumber: "923609016",
			VATNumber: "NO923609016MVA", Country: "NO", Postcode: "3260"}, InvoiceDate: day.AddDate(0, 0, -10), PaymentDate: day, Amount: 1234_56,
			VAT: 308_64, HasVAT: true, Currency: "NOK", AccountCode: "1270", AccountText: "Konsulent", OrgUnit: "Skole", CostCentre: "K1",
			ServiceCode: "202", Project: "P9", ContractRef: "K-17", Description: "Leie 12 maskiner", TransactionID: "T-1", VoucherNo: "V-1",
			InvoiceNo: "F-1", ExpenditureType: "revenue", CPV: "45210000", UNSPSC: "72101500", OrderRef: "O-1", Quantity: "1.5000", UnitCode: "HUR"},
		{BuyerID: "3909", Line: 3, Key: cityspend.DedupKey{Hi: 3, Lo: 4}, Supplier: cityspend.Payee{Name: "B AS"}, PaymentDate: day, Amount: 100_00,
			Currency: "NOK", AccountCode: "1200"}, // no VAT, no invoice date
	}
	var rows []cityspend.ImportRow
	for i := range in {
		rows = append(rows, cityspend.ImportRow{Payment: &in[i]})
	}
	if err := db.ImportPayments(ctx, &cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: "l.csv"}, cityspend.SliceRows(rows), false); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "export")
	if err := db.Backup(ctx, dir); err != nil {
		t.Fatal(err)
	}
	var got []cityspend.Payment
	if err := ReadLedger(ctx, dir, func(_ cityspend.Buyer, _ cityspend.ImportBatch, r cityspend.RowReader) error {
		for {
			rs, err := r.Read(ctx)
			for _, x := range rs {
				got = append(got, *x.Payment)
			}
			if err != nil {
				return nil
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d lines read back", len(got))
	}
	for i := range in {
		want := in[i]
		want.Occurrence = 1 // the store's number of the key in its file
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("line %d read back:\n%+v\nwant\n%+v", want.Line, got[i], want)
		}
	}
}

// A move leaves out an undone batch: its lines are gone, and moving it
// would record an import with no lines as if it were loaded.
func TestReadLedgerSkipsUndone(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i, name := range []string{"jan.csv", "feb.csv"} {
		b := cityspend.ImportBatch{BuyerID: "3909", Kind: "ledger", FileName: name}
		row := cityspend.ImportRow{Payment: &cityspend.Payment{BuyerID: "3909", Line: 2, Key: cityspend.DedupKey{Hi: uint64(i + 1), Lo: 9},
			Supplier: cityspend.Payee{Name: "A AS"}, PaymentDate: time.Date(2025, time.Month(i+1), 4, 0, 0, 0, 0, time.UTC), Amount: 100_00,
			Currency: "NOK", AccountCode: "1200"}}
		if err := db.ImportPayments(ctx, &b, cityspend.SliceRows([]cityspend.ImportRow{row}), false); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, b.ID)
	}
	if _, err := db.UndoBatch(ctx, "3909", ids[1], cityspend.AuditEntry{Who: "test"}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "export")
	if err := db.Backup(ctx, dir); err != nil {
		t.Fatal(err)
	}
	var files []string
	if err := ReadLedger(ctx, dir, func(_ cityspend.Buyer, b cityspend.ImportBatch, _ cityspend.RowReader) error {
		files = append(files, b.FileName)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(files, []string{"jan.csv"}) {
		t.Errorf("batches moved: %v, want only jan.csv", files)
	}
}

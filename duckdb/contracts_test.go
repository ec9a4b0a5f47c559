// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

// A register whose contracts name no supplier (a file without the
// column) lists its contracts, each with no suppliers.
func TestContractsWithoutSuppliers(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.CreateBuyer(ctx, larvik); err != nil {
		t.Fatal(err)
	}
	c := cityspend.Contract{BuyerID: "3909", ID: "K-1", Title: "Cleaning", Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		Currency: "NOK", File: "k.csv", Line: 2}
	if err := db.ReplaceContracts(ctx, "3909", []cityspend.Contract{c}); err != nil {
		t.Fatal(err)
	}
	cs, err := db.Contracts(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].ID != "K-1" || len(cs[0].Suppliers) != 0 {
		t.Errorf("contracts %+v", cs)
	}
}

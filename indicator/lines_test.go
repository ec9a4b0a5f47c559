// SPDX-License-Identifier: EUPL-1.2

package indicator_test

import (
	"context"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
	"github.com/cityspend/cityspend/indicator"
)

// A page of lines carries the filter's total, not the page's.
func TestLines(t *testing.T) {
	ctx := context.Background()
	b := cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1}
	var lines []duckdbtest.Line
	for i := range 5 {
		lines = append(lines, duckdbtest.Line{Buyer: "3909", Org: "923609016", Date: "2025-03-01", CPV: "90910000", Amount: cityspend.Amount(i+1) * 100_00})
	}
	lines = append(lines, duckdbtest.Line{Buyer: "3909", Org: "974760673", Date: "2025-03-01", CPV: "50700000", Amount: 9_000_00})
	st := duckdbtest.Lines(t, []cityspend.Buyer{b}, lines)
	f := cityspend.SpendFilter{BuyerID: "3909", SupplierKey: "org:NO-BRC:923609016"}
	total, page, err := indicator.Lines(ctx, st, f, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if total.Lines != 5 || total.Spend != 1_500_00 || len(page) != 2 {
		t.Errorf("total %+v, %d lines", total, len(page))
	}
	all, _ := st.Payments(ctx, f, 0, 10)
	if len(all) != 5 || page[0].Line != all[2].Line || page[1].Line != all[3].Line {
		t.Errorf("the page is not lines 3 and 4 of %d", len(all))
	}
}

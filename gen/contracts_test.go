// SPDX-License-Identifier: EUPL-1.2

package gen

import (
	"testing"
	"time"

	"github.com/cityspend/cityspend"
)

func TestLargestPairs(t *testing.T) {
	jan, feb, mar := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	months := []cityspend.MonthSpend{
		{Group: "90620000", SupplierID: "org:B", Month: mar, Spend: 300},
		{Group: "90620000", SupplierID: "org:B", Month: feb, Spend: 300},
		{Group: "45200000", SupplierID: "org:A", Month: jan, Spend: 500},
		{Group: "45200000", SupplierID: "org:C", Month: feb, Spend: 500},
		{Group: "account:6700", SupplierID: "org:D", Month: jan, Spend: 9000},
		{Group: "72000000", SupplierID: "", Month: jan, Spend: 9000},
		{Group: "72000000", SupplierID: "org:E", Month: jan, Spend: 100},
	}
	got := LargestPairs(months, 3)
	want := []ContractPair{
		{Group: "90620000", SupplierID: "org:B", Spend: 600, First: feb},
		{Group: "45200000", SupplierID: "org:A", Spend: 500, First: jan},
		{Group: "45200000", SupplierID: "org:C", Spend: 500, First: feb},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if n := len(LargestPairs(months, 10)); n != 4 {
		t.Errorf("all pairs: %d, want 4", n)
	}
}

// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"testing"

	"github.com/cityspend/cityspend/ingest/tabular"
)

func TestChooseDecimal(t *testing.T) {
	tests := []struct {
		values  []string
		country string
		want    byte
	}{
		{[]string{"1234.50", "12.00"}, "NO", tabular.DecimalPoint},
		{[]string{"1234,50", "12,00"}, "GB", tabular.DecimalComma},
		{[]string{"1.234,50", "12"}, "GB", tabular.DecimalComma},
		{[]string{"1,234", "12"}, "NO", tabular.DecimalPoint}, // 1.234 would have three decimals
		{[]string{"1,200", "12"}, "NO", tabular.DecimalComma}, // ambiguous: the country decides
		{[]string{"1,200", "12"}, "GB", tabular.DecimalPoint},
		{[]string{"1 234,5", "-3,25"}, "NO", tabular.DecimalComma},
	}
	for _, tt := range tests {
		got, reason := chooseDecimal(tt.values, tt.country, false)
		if got != tt.want {
			t.Errorf("chooseDecimal(%q, %s) = %c (%s), want %c", tt.values, tt.country, got, reason, tt.want)
		}
	}
}

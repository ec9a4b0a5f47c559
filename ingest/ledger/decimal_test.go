// SPDX-License-Identifier: EUPL-1.2

package ledger

import (
	"testing"

	"github.com/cityspend/cityspend"
)

func TestChooseDecimal(t *testing.T) {
	tests := []struct {
		values  []string
		country string
		want    byte
	}{
		{[]string{"1234.50", "12.00"}, "NO", cityspend.DecimalPoint},
		{[]string{"1234,50", "12,00"}, "GB", cityspend.DecimalComma},
		{[]string{"1.234,50", "12"}, "GB", cityspend.DecimalComma},
		{[]string{"1,234", "12"}, "NO", cityspend.DecimalPoint}, // 1.234 would have three decimals
		{[]string{"1,200", "12"}, "NO", cityspend.DecimalComma}, // ambiguous: the country decides
		{[]string{"1,200", "12"}, "GB", cityspend.DecimalPoint},
		{[]string{"1 234,5", "-3,25"}, "NO", cityspend.DecimalComma},
	}
	for _, tt := range tests {
		got, reason := chooseDecimal(tt.values, tt.country, false)
		if got != tt.want {
			t.Errorf("chooseDecimal(%q, %s) = %c (%s), want %c", tt.values, tt.country, got, reason, tt.want)
		}
	}
}

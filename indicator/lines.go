// SPDX-License-Identifier: EUPL-1.2

package indicator

import (
	"context"

	"github.com/cityspend/cityspend"
)

// Lines reads a page of a filter's ledger lines (limit lines from offset)
// with the filter's total: the drill-down under every figure.
func Lines(ctx context.Context, st interface {
	cityspend.LedgerStore
	cityspend.LineStore
}, f cityspend.SpendFilter, offset, limit int) (cityspend.SpendTotal, []cityspend.Payment, error) {
	total, err := st.SpendTotal(ctx, f)
	if err != nil {
		return total, nil, err
	}
	lines, err := st.Payments(ctx, f, offset, limit)
	return total, lines, err
}

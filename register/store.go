// SPDX-License-Identifier: EUPL-1.2

package register

import "github.com/cityspend/cityspend"

// Store is the part of cityspend.Store supplier resolution uses.
type Store interface {
	cityspend.LedgerStore
	cityspend.RegisterStore
	cityspend.SupplierStore
}

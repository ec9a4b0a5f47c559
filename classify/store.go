// SPDX-License-Identifier: EUPL-1.2

package classify

import "github.com/cityspend/cityspend"

// Store is the part of cityspend.Store classification uses.
type Store interface {
	cityspend.LedgerStore
	cityspend.SupplierStore
	cityspend.ScopeStore
	cityspend.CategoryStore
	cityspend.ContractStore
}

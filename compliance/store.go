// SPDX-License-Identifier: EUPL-1.2

package compliance

import "github.com/cityspend/cityspend"

// Store is the part of cityspend.Store the compliance rules uses.
type Store interface {
	cityspend.LedgerStore
	cityspend.ContractStore
	cityspend.ComplianceStore
	cityspend.TenderStore
}

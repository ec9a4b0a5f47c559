// SPDX-License-Identifier: EUPL-1.2

package compliance

import "github.com/cityspend/cityspend"

// Store is the part of cityspend.Store the compliance rules use: the
// supplier profiles tell the exemptions of public suppliers.
type Store interface {
	cityspend.LedgerStore
	cityspend.ContractStore
	cityspend.ComplianceStore
	cityspend.TenderStore
	cityspend.SupplierStore
}

// ReviewStore is what the review of findings reads: the findings with
// their lines and the names of their suppliers.
type ReviewStore interface {
	cityspend.LedgerStore
	cityspend.LineStore
	cityspend.ComplianceStore
	cityspend.SupplierStore
}

// CoverageStore is what contract coverage reads.
type CoverageStore interface {
	cityspend.ContractStore
	cityspend.SpendStore
	cityspend.SupplierStore
}

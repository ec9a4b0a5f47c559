// SPDX-License-Identifier: EUPL-1.2

package indicator

import (
	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/climate"
)

// Store is the part of cityspend.Store the analysis uses (the pending
// follow-ups: whether its figures are provisional).
type Store interface {
	climate.Store
	cityspend.FollowUpStore
	cityspend.ScopeStore
	cityspend.SpendStore
	cityspend.SupplierStore
	cityspend.SurveyStore
}

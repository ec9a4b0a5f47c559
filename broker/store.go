// SPDX-License-Identifier: EUPL-1.2

package broker

import (
	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/plan"
)

// Store is the part of cityspend.Store the broker uses.
type Store interface {
	plan.Store
	cityspend.RegisterStore
	cityspend.SupplierStore
	cityspend.AccountStore
	cityspend.BrokerStore
}

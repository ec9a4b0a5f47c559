// SPDX-License-Identifier: EUPL-1.2

package strategy

import (
	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/plan"
)

// Store is the part of cityspend.Store the strategy uses.
type Store interface {
	indicator.Store
	plan.Store
	cityspend.StrategyStore
}

// SPDX-License-Identifier: EUPL-1.2

package plan

import (
	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/cube"
)

// Store is the part of cityspend.Store the plan uses.
type Store interface {
	compliance.Store
	cube.Store
	cityspend.CategoryStore
	cityspend.PlanStore
}

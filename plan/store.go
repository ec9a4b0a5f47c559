// SPDX-License-Identifier: EUPL-1.2

package plan

import (
	"context"

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
	cityspend.SupplierStore
	Challenges
}

// Challenges is the broker's list of a buyer's challenges: the innovation
// needs the plan turns into innovation procurements.
type Challenges interface {
	Challenges(ctx context.Context, buyerID string) ([]cityspend.Challenge, error)
}

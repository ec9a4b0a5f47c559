// SPDX-License-Identifier: EUPL-1.2

package enrich

import (
	"github.com/cityspend/cityspend/classify"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/register"
)

// Store is the part of cityspend.Store the follow-up uses: resolution,
// scope and classification.
type Store interface {
	register.Store
	indicator.Store
	classify.Store
}

// SPDX-License-Identifier: EUPL-1.2

package enrich

import (
	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/classify"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/register"
)

// Store is the part of cityspend.Store the follow-up uses: resolution,
// scope and classification, and the marks of pending follow-ups.
type Store interface {
	cityspend.FollowUpStore
	register.Store
	indicator.Store
	classify.Store
}

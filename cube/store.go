// SPDX-License-Identifier: EUPL-1.2

package cube

import "github.com/cityspend/cityspend"

// Store is the part of cityspend.Store the spend cube uses.
type Store interface {
	cityspend.LedgerStore
	cityspend.SpendStore
}

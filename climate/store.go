// SPDX-License-Identifier: EUPL-1.2

package climate

import "github.com/cityspend/cityspend"

// Store is the part of cityspend.Store the footprint uses.
type Store interface {
	cityspend.LedgerStore
	cityspend.ClimateStore
	cityspend.SettingStore
}

// SPDX-License-Identifier: EUPL-1.2

package auth

import (
	"context"

	"github.com/cityspend/cityspend"
)

// Publishes reports whether a buyer publishes its dashboards: then anyone
// may read them (see cityspend.SettingPublish).
func Publishes(ctx context.Context, st cityspend.SettingStore, buyerID string) (bool, error) {
	v, err := st.Setting(ctx, buyerID, cityspend.SettingPublish)
	if err != nil {
		return false, err
	}
	return v == "yes", nil
}

// SetPublishes makes a buyer publish its dashboards, or stop.
func SetPublishes(ctx context.Context, st cityspend.SettingStore, buyerID string, on bool) error {
	v := ""
	if on {
		v = "yes"
	}
	return st.SetSetting(ctx, buyerID, cityspend.SettingPublish, v)
}

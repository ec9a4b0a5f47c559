// SPDX-License-Identifier: EUPL-1.2

package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/cityspend/cityspend"
)

// SiteKey is an installation's secret key for signing (known-device
// cookies, unsubscribe links): the site's setting name (buyer ""), 32
// random bytes in hex, made and stored the first time it is asked for.
func SiteKey(ctx context.Context, st cityspend.SettingStore, name string) ([]byte, error) {
	v, err := st.Setting(ctx, "", name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if v == "" {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		v = hex.EncodeToString(b)
		if err := st.SetSetting(ctx, "", name, v); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	key, err := hex.DecodeString(v)
	if err != nil || len(key) < 32 {
		return nil, fmt.Errorf("%s: the stored key is not 32 bytes of hex", name)
	}
	return key, nil
}

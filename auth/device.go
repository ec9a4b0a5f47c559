// SPDX-License-Identifier: EUPL-1.2

package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cityspend/cityspend"
)

// DeviceTTL is how long a browser stays known after it logged in.
const DeviceTTL = 180 * 24 * time.Hour

// Devices makes and checks known-device cookies (OWASP's "device
// cookies"): a browser that logged in to an account gets one, signed
// with the site's key, and from it the account's password is tried under
// limits of its own — the ceiling on an account's failures from unknown
// browsers, which strangers can reach, does not apply to it. A cookie
// names no user: it is "nonce.expiry.mac", the MAC over the e-mail, the
// nonce and the expiry, so it is worth nothing for another account.
type Devices struct {
	// Settings keeps the key (the site's setting SettingDeviceKey), made
	// the first time it is needed.
	Settings cityspend.SettingStore

	mu  sync.Mutex
	key []byte
}

// NewDevices keeps its key in a store's settings.
func NewDevices(st cityspend.SettingStore) *Devices { return &Devices{Settings: st} }

// signingKey reads the site's key, or makes and stores one.
func (d *Devices) signingKey(ctx context.Context) ([]byte, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.key != nil {
		return d.key, nil
	}
	key, err := SiteKey(ctx, d.Settings, cityspend.SettingDeviceKey)
	if err != nil {
		return nil, err
	}
	d.key = key
	return key, nil
}

func deviceMAC(key []byte, email, nonce, expiry string) string {
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "cityspend device v1\n%s\n%s\n%s", email, nonce, expiry)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Issue makes the cookie of a browser that logged in to an account (its
// e-mail in lower case) at now.
func (d *Devices) Issue(ctx context.Context, email string, now time.Time) (string, error) {
	key, err := d.signingKey(ctx)
	if err != nil {
		return "", err
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	nonce, expiry := base64.RawURLEncoding.EncodeToString(b), strconv.FormatInt(now.Add(DeviceTTL).Unix(), 10)
	return nonce + "." + expiry + "." + deviceMAC(key, email, nonce, expiry), nil
}

// Known reports whether a cookie is one Issue made for the account and has
// not expired at now, and returns the device's id (its nonce).
func (d *Devices) Known(ctx context.Context, cookie, email string, now time.Time) (string, bool, error) {
	parts := strings.Split(cookie, ".")
	if len(parts) != 3 || len(cookie) > 200 {
		return "", false, nil
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || now.Unix() >= exp {
		return "", false, nil
	}
	key, err := d.signingKey(ctx)
	if err != nil {
		return "", false, err
	}
	if !hmac.Equal([]byte(parts[2]), []byte(deviceMAC(key, email, parts[0], parts[1]))) {
		return "", false, nil
	}
	return parts[0], true, nil
}

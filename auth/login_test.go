// SPDX-License-Identifier: EUPL-1.2

package auth_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/duckdb"
)

const victim, victimPassword = "victim@larvik.test", "correct horse battery"

// accounts are Accounts over a new database with the victim's account and
// a clock the test moves.
func accounts(t *testing.T) (*auth.Accounts, *duckdb.DB, *time.Time) {
	t.Helper()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, ":memory:", duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := auth.AddUser(ctx, st, cityspend.User{Email: victim, Name: "Victim"}, victimPassword); err != nil {
		t.Fatal(err)
	}
	a := auth.NewAccounts(st)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	a.Now = func() time.Time { return now }
	return a, st, &now
}

// Strangers' wrong passwords slow down the strangers, not the account's
// owner: from another address the owner logs in at once, from a known
// browser even when the account's ceiling for unknown browsers is
// reached; one address guessing is slowed ever more; one address trying
// many e-mails is slowed, the accounts are not.
func TestLoginLimits(t *testing.T) {
	a, _, now := accounts(t)
	ctx := context.Background()
	login := func(email, pw, addr, device string) (auth.Login, error) {
		t.Helper()
		return a.Login(ctx, auth.Attempt{Email: email, Password: pw, Addr: addr, Device: device})
	}
	tick := func(d time.Duration) { *now = now.Add(d) }

	// A stranger guesses from one address: five tries, then a wait that
	// doubles, the right password refused during it.
	for i := range 5 {
		if l, err := login(victim, fmt.Sprint("guess ", i), "198.51.100.7", ""); err == nil || l.Wait != 0 {
			t.Fatalf("guess %d: %v, wait %v", i, err, l.Wait)
		}
	}
	for _, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		l, err := login(victim, victimPassword, "198.51.100.7", "")
		if l.Wait != want || err == nil || !strings.Contains(err.Error(), auth.ErrTooMany) {
			t.Errorf("the stranger's next try: wait %v (%v), want %v", l.Wait, err, want)
		}
		tick(want)
		if l, err := login(victim, "another guess", "198.51.100.7", ""); l.Wait != 0 || err == nil {
			t.Errorf("after waiting %v: wait %v", want, l.Wait)
		}
	}
	// The owner, from home, at once.
	home, err := login(victim, victimPassword, "203.0.113.20", "")
	if err != nil || home.Token == "" || home.Device == "" || home.Known {
		t.Fatalf("the owner from another address: %+v %v", home, err)
	}
	// Many strangers, one guess each: the account's ceiling for unknown
	// browsers (50 failures) is reached.
	for i := range 50 {
		login(victim, "guess", fmt.Sprintf("10.9.%d.%d", i/200, i%200), "")
	}
	if l, _ := login(victim, victimPassword, "203.0.113.99", ""); l.Wait == 0 {
		t.Error("the right password from an unknown browser past the account's ceiling")
	}
	// The owner's known browser passes, at home or elsewhere.
	for _, addr := range []string{"203.0.113.20", "192.0.2.200"} {
		l, err := login(victim, victimPassword, addr, home.Device)
		if err != nil || !l.Known || l.Device == "" {
			t.Errorf("the known browser at %s: %+v %v", addr, l, err)
		}
	}
	// Its cookie is the account's: for another e-mail, altered or expired
	// it is no known browser.
	other := home.Device[:len(home.Device)-2] + "xy"
	for name, c := range map[string]string{"altered": other, "garbage": "a.b.c", "empty": ""} {
		if l, _ := login(victim, victimPassword, "203.0.113.20", c); l.Wait == 0 {
			t.Errorf("an %s cookie passes the ceiling", name)
		}
	}
	if _, ok, err := a.Devices.Known(ctx, home.Device, "someone@larvik.test", *now); ok || err != nil {
		t.Errorf("the victim's cookie known for another account (%v)", err)
	}
	if _, ok, _ := a.Devices.Known(ctx, home.Device, victim, now.Add(auth.DeviceTTL)); ok {
		t.Error("a cookie past its time")
	}
	// A known browser's own wrong passwords slow that browser down.
	for range 5 {
		login(victim, "typo", "203.0.113.20", home.Device)
	}
	if l, _ := login(victim, victimPassword, "203.0.113.20", home.Device); l.Wait != time.Second {
		t.Errorf("a known browser after five failures: wait %v", l.Wait)
	}

	// One address trying many e-mails (credential stuffing): slowed after
	// 20, that address only; the accounts are not locked.
	b, _, _ := accounts(t)
	for i := range 20 {
		if l, _ := b.Login(ctx, auth.Attempt{Email: fmt.Sprintf("user%d@larvik.test", i), Password: "password1", Addr: "198.51.100.8"}); l.Wait != 0 {
			t.Fatalf("e-mail %d from one address: wait %v", i, l.Wait)
		}
	}
	if l, _ := b.Login(ctx, auth.Attempt{Email: victim, Password: victimPassword, Addr: "198.51.100.8"}); l.Wait == 0 {
		t.Error("the 21st e-mail from one address")
	}
	if l, err := b.Login(ctx, auth.Attempt{Email: victim, Password: victimPassword, Addr: "198.51.100.9"}); err != nil {
		t.Errorf("the account from another address: %v (wait %v)", err, l.Wait)
	}
	if l, _ := b.Login(ctx, auth.Attempt{Email: "user0@larvik.test", Password: "password1", Addr: "198.51.100.9"}); l.Wait != 0 {
		t.Errorf("a stuffed e-mail from another address: wait %v", l.Wait)
	}
}

// The key that signs known-browser cookies is the site's, kept in the
// store: made once, the same for every server over the store and after a
// restart.
func TestDeviceKeyKept(t *testing.T) {
	a, st, now := accounts(t)
	ctx := context.Background()
	c, err := a.Devices.Issue(ctx, victim, *now)
	if err != nil {
		t.Fatal(err)
	}
	v, err := st.Setting(ctx, "", cityspend.SettingDeviceKey)
	if err != nil || len(v) != 64 {
		t.Fatalf("the stored key %q %v", v, err)
	}
	if _, ok, err := auth.NewDevices(st).Known(ctx, c, victim, *now); !ok || err != nil {
		t.Errorf("another server over the store does not know the browser (%v)", err)
	}
	if again, _ := st.Setting(ctx, "", cityspend.SettingDeviceKey); again != v {
		t.Error("the key changed")
	}
}

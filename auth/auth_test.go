// SPDX-License-Identifier: EUPL-1.2

package auth

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestPasswords(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %s", h)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Error("a salt per hash")
	}
	if !CheckPassword(h, "correct horse battery") || CheckPassword(h, "correct horse batterY") || CheckPassword(h, "") {
		t.Error("check")
	}
	parts := strings.Split(h, "$")
	for _, bad := range []string{"", "plain", strings.Replace(h, "argon2id", "argon2i", 1), strings.Replace(h, "v=19", "v=18", 1),
		strings.Replace(h, "m=19456", "m=0", 1), strings.Replace(h, "m=19456", "m=99999999", 1),
		strings.Join(append(parts[:5:5], "!!"), "$")} {
		if CheckPassword(bad, "correct horse battery") {
			t.Errorf("accepted hash %q", bad)
		}
	}
	if _, err := HashPassword("short"); err == nil {
		t.Error("a short password")
	}
}

// A key has its free failures, then waits after each failure, twice as
// long each time up to the most; failures are forgotten one by one.
func TestLimiter(t *testing.T) {
	l := NewLimiter()
	a := Key{"a", Policy{Free: 3, Base: time.Second, Max: 10 * time.Second, Forget: time.Hour}}
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := range 3 {
		if w := l.Wait(a, t0); w != 0 {
			t.Fatalf("try %d waits %v", i, w)
		}
		l.Fail(a, t0)
	}
	now := t0
	for _, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second} {
		if w := l.Wait(a, now); w != want {
			t.Errorf("after %v: wait %v, want %v", now.Sub(t0), w, want)
		}
		if w := l.Wait(a, now.Add(want-time.Millisecond)); w != time.Millisecond {
			t.Errorf("a moment before the wait ends: %v", w)
		}
		now = now.Add(want)
		if w := l.Take(now, a); w != 0 {
			t.Fatalf("after the wait: %v more", w)
		}
	}
	if l.Wait(Key{"b", a.Policy}, now) != 0 {
		t.Error("keys are apart")
	}
	// Failures are forgotten one an hour: four hours on, 9 - 4 = 5
	// remembered, which wait 4 s after the last failure (long over).
	if w := l.Wait(a, now.Add(4*time.Hour)); w != 0 {
		t.Errorf("four hours on: %v", w)
	}
	l.Fail(a, now.Add(4*time.Hour))
	if w := l.Wait(a, now.Add(4*time.Hour)); w != 8*time.Second {
		t.Errorf("a failure four hours on, with five remembered: %v, want 8s", w)
	}
	l.Reset(a)
	if l.Wait(a, now) != 0 {
		t.Error("reset")
	}
	// A ceiling: Base = Max = Forget.
	c := Key{"c", Policy{Free: 2, Base: time.Minute, Max: time.Minute, Forget: time.Minute}}
	l.Take(t0, c)
	l.Take(t0, c)
	if w := l.Take(t0.Add(30*time.Second), c); w != 30*time.Second {
		t.Errorf("a ceiling of 2: %v, want 30s", w)
	}
	if w := l.Take(t0.Add(time.Minute), c); w != 0 {
		t.Errorf("one forgotten a minute on: %v", w)
	}
}

func TestTokens(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || len(a) != 43 || TokenHash(a) == a || len(TokenHash(a)) != 64 {
		t.Errorf("tokens %q %q", a, b)
	}
	if SameToken("", "") || !SameToken(a, a) || SameToken(a, b) {
		t.Error("SameToken")
	}
}

// A stored hash is parsed: nothing in it makes the check panic or accept.
func FuzzCheckPassword(f *testing.F) {
	h, _ := HashPassword("correct horse battery")
	f.Add(h, "x")
	f.Add("$argon2id$v=19$m=1,t=1,p=1$$", "")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		if CheckPassword(hash, pw) && CheckPassword(hash, pw+"x") {
			t.Errorf("%q accepts two passwords", hash)
		}
	})
}

// Attempts are taken before the password is checked: parallel attempts do
// not slip past the limit; logging into one's own account gives back only
// that attempt.
func TestLimiterTake(t *testing.T) {
	l := NewLimiter()
	p := Policy{Free: 5, Base: time.Minute, Max: time.Hour, Forget: time.Hour}
	addr := func(a string) Key { return Key{"addr:" + a, p} }
	email := func(e string) Key { return Key{"email:" + e, p} }
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	var taken atomic.Int32
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if l.Take(now, addr("x"), email("victim")) == 0 {
				taken.Add(1)
			}
		}()
	}
	wg.Wait()
	if taken.Load() != 5 {
		t.Errorf("%d parallel attempts taken, want 5", taken.Load())
	}
	// Four failures on others' accounts, then one's own success: the
	// address keeps its four.
	l2 := NewLimiter()
	for i := range 4 {
		l2.Take(now, addr("y"), email("other"+string(rune('a'+i))))
	}
	l2.Take(now.Add(time.Second), addr("y"), email("mine"))
	l2.Give(addr("y"))
	l2.Reset(email("mine"))
	if l2.Take(now.Add(2*time.Second), addr("y"), email("next")) != 0 {
		t.Error("the fifth attempt from the address")
	}
	if l2.Take(now.Add(3*time.Second), addr("y"), email("more")) == 0 {
		t.Error("a sixth attempt after four failures, one success and one failure")
	}
}

func TestRate(t *testing.T) {
	r := NewRate(2, 3)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 3 {
		if ok, _ := r.Allow("a", now); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, wait := r.Allow("a", now)
	if ok || wait < time.Second {
		t.Errorf("past the burst: %v, wait %v", ok, wait)
	}
	if ok, _ := r.Allow("b", now); !ok {
		t.Error("another key refused")
	}
	if ok, _ := r.Allow("a", now.Add(500*time.Millisecond)); !ok {
		t.Error("half a second at 2 a second gives one request")
	}
	if ok, _ := r.Allow("a", now.Add(500*time.Millisecond)); ok {
		t.Error("and only one")
	}
	// Memory stays bounded under a flood of new keys, and a client being
	// limited meanwhile stays limited (the buckets used longest ago go).
	flood := now.Add(time.Hour)
	r.Allow("c", flood)
	r.Allow("c", flood)
	r.Allow("c", flood)
	for i := range maxKeys + 10 {
		at := flood.Add(time.Duration(i) * time.Microsecond)
		r.Allow(fmt.Sprint("k", i), at)
		if i%1000 == 0 {
			r.Allow("c", at) // still asking, still refused
		}
	}
	if len(r.buckets) > maxKeys {
		t.Errorf("%d buckets", len(r.buckets))
	}
	if ok, _ := r.Allow("c", flood.Add(time.Duration(maxKeys+10)*time.Microsecond)); ok {
		t.Error("a limited client got through after the flood")
	}
}

// A flood of failures under other keys does not wipe the count of the key
// under attack: the limiter forgets first the keys that remember fewest
// failures and, of those, the ones that failed longest ago, not any.
func TestLimiterFloodKeepsTheAttacked(t *testing.T) {
	l := NewLimiter()
	p := DefaultLoginLimits().Pair
	victim := Key{"victim@example.org", p}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 5 {
		l.Fail(victim, now)
	}
	// Failures of other keys, older than the victim's last but within
	// the window: the map fills and is trimmed some twenty times.
	for i := range 3 * maxKeys {
		l.Fail(Key{fmt.Sprint("noise", i, "@example.org"), p}, now.Add(-10*time.Minute+time.Duration(i)*time.Microsecond))
	}
	if len(l.keys) > maxKeys {
		t.Errorf("%d keys kept", len(l.keys))
	}
	if w := l.Wait(victim, now.Add(time.Millisecond)); w == 0 {
		t.Error("the attacked e-mail may try again after a flood of other keys")
	}
	// Nor does a flood that fails after the victim's last failure.
	for i := range 3 * maxKeys {
		l.Fail(Key{fmt.Sprint("later", i, "@example.org"), p}, now.Add(time.Duration(i)*time.Nanosecond))
	}
	if w := l.Wait(victim, now.Add(time.Millisecond)); w == 0 {
		t.Error("the attacked e-mail may try again after a later flood")
	}
}

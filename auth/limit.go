// SPDX-License-Identifier: EUPL-1.2

package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"sort"
	"sync"
	"time"
)

// Policy is how the failures of one kind of key are slowed down: Free
// failures without a wait; then, after each failure, a wait of Base,
// doubled with each further failure, up to Max. One failure is forgotten
// every Forget, gradually, whether or not others follow. Base = Max =
// Forget is a ceiling: Free failures, then one more each Forget.
type Policy struct {
	Free   int
	Base   time.Duration
	Max    time.Duration
	Forget time.Duration
}

// Key is a limiter's key (an e-mail and an address, an address, a
// device, …) with its policy.
type Key struct {
	Name   string
	Policy Policy
}

// Limiter slows down failed attempts per key: a key past its policy's free
// failures must wait before its next attempt, and is told how long at
// once (nothing waits in the server). An attempt is taken before the
// password is checked, so that parallel attempts cannot slip past, and
// given back when it succeeds. Its memory is bounded (maxKeys).
type Limiter struct {
	mu   sync.Mutex
	keys map[string]*failures
}

// failures is what a limiter remembers of a key.
type failures struct {
	level  float64       // failures remembered at last
	last   time.Time     // the last failure
	forget time.Duration // the key's Policy.Forget
}

// maxKeys bounds the limiter's memory under a flood of distinct keys.
const maxKeys = 100_000

// NewLimiter returns an empty limiter.
func NewLimiter() *Limiter {
	return &Limiter{keys: map[string]*failures{}}
}

// limitKey is the fixed-size key of a name (e-mails are the client's text).
func limitKey(k string) string {
	h := sha256.Sum256([]byte(k))
	return hex.EncodeToString(h[:16])
}

// at is how many failures f remembers at now.
func (f *failures) at(now time.Time) float64 {
	if f.forget <= 0 {
		return f.level
	}
	return max(0, f.level-float64(now.Sub(f.last))/float64(f.forget))
}

// Wait is how long a key must wait before it may try again (0: now).
func (l *Limiter) Wait(k Key, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.wait(k, now)
}

func (l *Limiter) wait(k Key, now time.Time) time.Duration {
	f := l.keys[limitKey(k.Name)]
	if f == nil {
		return 0
	}
	// A failure not wholly forgotten counts.
	n := int(math.Ceil(f.at(now) - 1e-9))
	if n < k.Policy.Free {
		return 0
	}
	d := k.Policy.Max
	if shift := n - k.Policy.Free; shift < 32 && k.Policy.Base<<shift < d && k.Policy.Base<<shift > 0 {
		d = k.Policy.Base << shift
	}
	return max(0, f.last.Add(d).Sub(now))
}

// Take takes an attempt for every key at once, counted as a failure until
// Give gives it back; if any key must wait, nothing is taken and Take
// returns the longest wait.
func (l *Limiter) Take(now time.Time, keys ...Key) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		wait = max(wait, l.wait(k, now))
	}
	if wait > 0 {
		return wait
	}
	for _, k := range keys {
		l.fail(k, now)
	}
	return 0
}

// Fail records a failure.
func (l *Limiter) Fail(k Key, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fail(k, now)
}

func (l *Limiter) fail(k Key, now time.Time) {
	name := limitKey(k.Name)
	f := l.keys[name]
	if f == nil {
		l.bound(now)
		f = &failures{}
		l.keys[name] = f
	}
	f.level = f.at(now) + 1
	f.last = now
	f.forget = k.Policy.Forget
}

// Give gives back an attempt Take took (it succeeded).
func (l *Limiter) Give(k Key) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f := l.keys[limitKey(k.Name)]; f != nil {
		f.level = max(0, f.level-1)
	}
}

// Reset forgets a key's failures.
func (l *Limiter) Reset(k Key) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.keys, limitKey(k.Name))
}

// bound keeps the map under maxKeys before a key is added: the keys that
// remember nothing any more go first; then, if that is not enough, those
// that remember the fewest failures, and of those the ones that failed
// longest ago. A key under attack remembers many recent failures, so a
// flood of other keys (each failing once or twice) cannot wipe its count.
func (l *Limiter) bound(now time.Time) {
	if len(l.keys) < maxKeys {
		return
	}
	for k, f := range l.keys {
		if f.at(now) <= 0 {
			delete(l.keys, k)
		}
	}
	if len(l.keys) < maxKeys*9/10 {
		return
	}
	type kept struct {
		name  string
		level float64
		last  time.Time
	}
	all := make([]kept, 0, len(l.keys))
	for k, f := range l.keys {
		all = append(all, kept{k, math.Ceil(f.at(now) - 1e-9), f.last})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].level != all[j].level {
			return all[i].level < all[j].level
		}
		return all[i].last.Before(all[j].last)
	})
	for _, k := range all[:len(all)-maxKeys*9/10] {
		delete(l.keys, k.name)
	}
}

// SPDX-License-Identifier: EUPL-1.2

package auth

import (
	"math"
	"sort"
	"sync"
	"time"
)

// Rate limits requests per key (an API token, a user, an address) with a
// token bucket: PerSecond requests a second on average, bursts of Burst.
type Rate struct {
	PerSecond float64
	Burst     int

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// NewRate allows perSecond requests a second per key, in bursts of burst.
func NewRate(perSecond float64, burst int) *Rate {
	return &Rate{PerSecond: perSecond, Burst: max(burst, 1), buckets: map[string]*bucket{}}
}

// Allow takes a request of key at now; when the key has none left it
// returns false and how long until it has one.
func (r *Rate) Allow(key string, now time.Time) (bool, time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	b := r.buckets[key]
	if b == nil {
		r.bound(now)
		b = &bucket{tokens: float64(r.Burst), last: now}
		r.buckets[key] = b
	}
	b.tokens = math.Min(float64(r.Burst), b.tokens+now.Sub(b.last).Seconds()*r.PerSecond)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / r.PerSecond * float64(time.Second))
	return false, max(wait, time.Second)
}

// bound keeps the map's memory bounded under a flood of distinct keys:
// buckets that have filled up again are forgotten (a new one starts full,
// so nothing changes for them); if that is not enough, the half used
// longest ago — a client being limited keeps asking, so it stays.
func (r *Rate) bound(now time.Time) {
	if len(r.buckets) < maxKeys {
		return
	}
	for k, b := range r.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*r.PerSecond >= float64(r.Burst) {
			delete(r.buckets, k)
		}
	}
	if len(r.buckets) < maxKeys {
		return
	}
	keys := make([]string, 0, len(r.buckets))
	for k := range r.buckets {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return r.buckets[keys[i]].last.Before(r.buckets[keys[j]].last) })
	for _, k := range keys[:len(keys)/2] {
		delete(r.buckets, k)
	}
}

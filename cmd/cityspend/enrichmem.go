// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"os"
	"runtime/debug"
	"sync"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb"
)

// The enrichment (resolving a city's payees, classifying its items) runs
// in well under 1 GB: the engine capped at enrichMemory, and the Go heap
// held near enrichGoMemory by the garbage collector's soft limit (a city of
// 10 million lines holds about 280 MB of items and categories live; without
// the limit the heap grows to twice that before it is collected).
// docs/benchmarks.md has the measurements.
const (
	enrichMemory   = "450MB"
	enrichGoMemory = 400 << 20
)

// goHeapBound counts the enrichments under way in the process (the tests
// run commands side by side in one): the first sets the Go heap's soft
// limit, the last gives back the one before.
var goHeapBound struct {
	sync.Mutex
	n      int
	before int64
}

// boundGoHeap sets the Go heap's soft limit to enrichGoMemory until the
// returned function is called.
func boundGoHeap() (release func()) {
	goHeapBound.Lock()
	defer goHeapBound.Unlock()
	if goHeapBound.n == 0 {
		goHeapBound.before = debug.SetMemoryLimit(enrichGoMemory)
	}
	goHeapBound.n++
	return func() {
		goHeapBound.Lock()
		defer goHeapBound.Unlock()
		if goHeapBound.n--; goHeapBound.n == 0 {
			debug.SetMemoryLimit(goHeapBound.before)
		}
	}
}

// memoryLimiter is a store whose engine's memory cap can change (the
// embedded store; the cluster's servers keep their own limits).
type memoryLimiter interface {
	SetMemoryLimit(ctx context.Context, limit string) error
}

// boundedEnrichment runs f — resolution, classification, or both — under
// the enrichment's memory bounds, unless the command runs in the server
// (which keeps its own) or the operator set them (--memory-limit,
// GOMEMLIMIT). When the engine runs out of its cap, f has been rolled back
// and runs once more with the engine's default cap: a city with more
// distinct items than the cap holds still completes, using more memory.
func (a *app) boundedEnrichment(ctx context.Context, st cityspend.Store, f func() error) error {
	if a.shared != nil {
		return f()
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		defer boundGoHeap()()
	}
	m, capped := a.engineCap(st)
	if capped {
		if err := m.SetMemoryLimit(ctx, enrichMemory); err != nil {
			return err
		}
	}
	err := f()
	if again, serr := a.uncapped(ctx, m, capped, "the enrichment", enrichMemory, err); serr != nil {
		return serr
	} else if again {
		err = f()
	}
	return err
}

// engineCap is the store's memory cap, and whether this command sets it:
// not in the server (which keeps its own), not when the operator gave one
// (--memory-limit), and only where the cap can change (the embedded
// store).
func (a *app) engineCap(st cityspend.Store) (memoryLimiter, bool) {
	m, ok := st.(memoryLimiter)
	return m, ok && a.shared == nil && a.cfg.MemoryLimit == ""
}

// uncapped reports whether err is the engine running out of the cap this
// command set (capped, from engineCap; limit, for the log) for what it
// was doing. If so, that work has been rolled back: the engine gets its
// default cap back, the log says so, and the caller runs the work once
// more — it completes, using more memory.
func (a *app) uncapped(ctx context.Context, m memoryLimiter, capped bool, what, limit string, err error) (bool, error) {
	if !capped || !duckdb.OutOfMemory(err) || ctx.Err() != nil {
		return false, nil
	}
	a.log.Warn(what+" needed more than its memory cap; running it again with the engine's default cap", "cap", limit, "error", err)
	if err := m.SetMemoryLimit(ctx, ""); err != nil {
		return false, err
	}
	return true, nil
}

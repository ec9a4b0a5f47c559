// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"runtime"
	"sync/atomic"
	"time"
)

// The reads that cost hundreds of milliseconds of CPU each when they are
// not kept — a page of ledger lines (its 100 lines lie in nearly every row
// group) and a finding's evidence lines — are admitted heavyAtOnce at a
// time; the rest wait for a place in turn, up to heavyWait. Many of them at
// once only share the same cores, each taking longer, while every cheap
// page (a kept dashboard, the findings list) waits behind them for the
// same cores; admitted a few at a time, the cheap pages answer between
// them. The wait is bounded because under a
// load beyond what the server can answer the queue of heavy reads would
// otherwise only grow (docs/benchmarks.md, the mixed load): a read that
// has waited heavyWait runs beside the admitted ones, as without the
// bound.
var heavyAtOnce = max(2, runtime.GOMAXPROCS(0))

const heavyWait = 10 * time.Second

// admission bounds the heavy reads running at once.
type admission struct {
	slots   chan struct{}
	wait    time.Duration
	waiting atomic.Int64 // reads waiting for a place
	over    atomic.Int64 // reads that ran without a place after the wait
}

func newAdmission(atOnce int, wait time.Duration) *admission {
	return &admission{slots: make(chan struct{}, atOnce), wait: wait}
}

// do runs a heavy read when a place is free, or when it has waited
// a.wait. The wait is not cut short by a request that leaves: the read is
// kept for the others that asked for it (results.get), as it is computed
// without the request's cancellation.
func (a *admission) do(read func() (any, error)) (any, error) {
	select {
	case a.slots <- struct{}{}:
	default:
		a.waiting.Add(1)
		t := time.NewTimer(a.wait)
		select {
		case a.slots <- struct{}{}:
			t.Stop()
			a.waiting.Add(-1)
		case <-t.C:
			a.waiting.Add(-1)
			a.over.Add(1)
			return read()
		}
	}
	defer func() { <-a.slots }()
	return read()
}

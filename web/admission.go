// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"runtime"
	"sync/atomic"
)

// The reads that cost hundreds of milliseconds of CPU each when they are
// not kept — a page of ledger lines (its 100 lines lie in nearly every row
// group) and a finding's evidence lines — are admitted heavyAtOnce at a
// time; the rest wait for a place in turn. Many of them at once only share
// the same cores, each taking longer, while every cheap page (a kept
// dashboard, the findings list) waits behind them for the same cores;
// admitted a few at a time, they end in the same order, and the cheap
// pages answer between them (docs/benchmarks.md, the mixed load).
var heavyAtOnce = max(2, runtime.GOMAXPROCS(0))

// admission bounds the heavy reads running at once.
type admission struct {
	slots   chan struct{}
	waiting atomic.Int64 // reads waiting for a place
}

func newAdmission(atOnce int) *admission {
	return &admission{slots: make(chan struct{}, atOnce)}
}

// do runs a heavy read when a place is free. The wait is not cut short by
// a request that leaves: the read is kept for the others that asked for
// it (results.get), as it is computed without the request's cancellation.
func (a *admission) do(read func() (any, error)) (any, error) {
	select {
	case a.slots <- struct{}{}:
	default:
		a.waiting.Add(1)
		a.slots <- struct{}{}
		a.waiting.Add(-1)
	}
	defer func() { <-a.slots }()
	return read()
}

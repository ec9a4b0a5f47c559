// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

// Concurrent requests for one result compute it once; a change computes it
// anew; an error is not kept.
func TestResultsCache(t *testing.T) {
	var c results
	var n atomic.Int32
	compute := func() (any, error) { n.Add(1); return int(n.Load()), nil }
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() { defer wg.Done(); c.get("k", compute) }()
	}
	wg.Wait()
	if n.Load() != 1 {
		t.Errorf("computed %d times", n.Load())
	}
	if v, _ := c.get("k", compute); v != 1 {
		t.Errorf("cached %v", v)
	}
	c.changed()
	if v, _ := c.get("k", compute); v != 2 {
		t.Errorf("after a change %v", v)
	}
	boom := errors.New("boom")
	if _, err := c.get("e", func() (any, error) { return nil, boom }); err != boom {
		t.Error(err)
	}
	if v, err := c.get("e", compute); err != nil || v != 3 {
		t.Errorf("an error is not kept: %v %v", v, err)
	}
}

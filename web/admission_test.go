// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/duckdb/duckdbtest"
)

// slowLines is the real store whose pages of lines wait at a gate, counting
// how many are read at once.
type slowLines struct {
	cityspend.Store
	gate      chan struct{}
	now, most atomic.Int64
}

func (s *slowLines) Payments(ctx context.Context, f cityspend.SpendFilter, offset, limit int) ([]cityspend.Payment, error) {
	n := s.now.Add(1)
	defer s.now.Add(-1)
	for m := s.most.Load(); n > m && !s.most.CompareAndSwap(m, n); m = s.most.Load() {
	}
	<-s.gate
	return s.Store.Payments(ctx, f, offset, limit)
}

// Pages of lines not yet kept are read a few at a time: more asked at once
// wait for a place in turn (all answered in the end), while a cheap page
// answers at once; a read that has waited long enough runs all the same.
func TestHeavyReadsAdmitted(t *testing.T) {
	m := duckdbtest.Build(t, duckdbtest.Options{})
	st := &slowLines{Store: m.Store, gate: make(chan struct{})}
	srv, s := serveStore(t, st, func(s *Server) { s.heavy = newAdmission(heavyAtOnce, time.Hour) })
	var open sync.Once
	release := func() { open.Do(func() { close(st.gate) }) }
	t.Cleanup(release)
	c := clientFor(srv.URL)
	get := func(path string) (int, error) {
		resp, err := c.hc.Get(srv.URL + path)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		_, err = io.ReadAll(resp.Body)
		return resp.StatusCode, err
	}
	places := cap(s.heavy.slots)
	n := places + 4
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if codes[i], err = get(fmt.Sprintf("/buyers/3909/lines?year=2025&page=%d", i+1)); err != nil {
				t.Error(err)
			}
		}()
	}
	for i := 0; st.now.Load()+s.heavy.waiting.Load() < int64(n); i++ {
		if i == 1000 {
			t.Fatalf("waited in vain for %d pages of lines: %d read, %d waiting", n, st.now.Load(), s.heavy.waiting.Load())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if code, err := get("/buyers/3909?year=2025"); code != http.StatusOK || err != nil {
		t.Errorf("the overview while pages of lines wait: %d, %v", code, err)
	}
	release()
	wg.Wait()
	for i, code := range codes {
		if code != http.StatusOK {
			t.Errorf("page %d of lines: %d", i+1, code)
		}
	}
	if most := st.most.Load(); most > int64(places) || most < 1 {
		t.Errorf("%d pages of lines read at once, want at most %d", most, places)
	}

	// The wait has an end: every place held, a page of lines is read all
	// the same after the wait.
	s.heavy.wait = 50 * time.Millisecond
	for range places {
		s.heavy.slots <- struct{}{}
	}
	done := make(chan int, 1)
	go func() {
		code, err := get("/buyers/3909/lines?year=2024")
		if err != nil {
			t.Error(err)
		}
		done <- code
	}()
	select {
	case code := <-done:
		if code != http.StatusOK || s.heavy.over.Load() != 1 {
			t.Errorf("a page of lines after the wait: %d, %d read without a place", code, s.heavy.over.Load())
		}
	case <-time.After(time.Minute):
		t.Errorf("a page of lines waits for a place without end")
	}
	for range places {
		<-s.heavy.slots
	}
}

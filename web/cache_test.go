// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"errors"
	"fmt"
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

// Beyond its bound the cache forgets the least recently used result, not
// everything: a result asked for all along (a session, an analysis) stays
// while a flood of distinct keys (pages of lines) passes through.
func TestResultsCacheForgetsTheLeastRecentlyUsed(t *testing.T) {
	var c results
	computed := map[string]int{}
	get := func(k string) {
		c.get(k, func() (any, error) { computed[k]++; return k, nil })
	}
	get("session")
	for i := range 3 * maxResults {
		get(fmt.Sprint("lines|", i))
		get("session")
	}
	if computed["session"] != 1 {
		t.Errorf("the result asked for all along was computed %d times", computed["session"])
	}
	if n := c.entries.len(); n > maxResults {
		t.Errorf("%d results kept, bound %d", n, maxResults)
	}
	get("lines|0") // forgotten long since
	if computed["lines|0"] != 2 {
		t.Errorf("the least recently used result was computed %d times, want 2", computed["lines|0"])
	}
	last := fmt.Sprint("lines|", 3*maxResults-1)
	get(last)
	if computed[last] != 1 {
		t.Errorf("a recent result was computed %d times", computed[last])
	}
}

// The answers too: the answer asked for all along stays.
func TestAnswersForgetTheLeastRecentlyUsed(t *testing.T) {
	var a answers
	a.put("/api/v1/buyers/3909/analysis", 1, []byte("{}"))
	for i := range 3 * maxResults {
		a.put(fmt.Sprint("/api/v1/buyers/3909/lines?page=", i), 1, []byte("[]"))
		if _, ok := a.get("/api/v1/buyers/3909/analysis", 1); !ok {
			t.Fatalf("the answer asked for all along forgotten after %d others", i+1)
		}
	}
	if a.m.len() > maxResults {
		t.Errorf("%d answers kept", a.m.len())
	}
}

// A change of who is logged in renews the logins kept, not the results;
// a change by a command renews both; an import, only the results.
func TestResultsPeopleApart(t *testing.T) {
	var c results
	n := map[string]int{}
	data := func() { c.get("analysis", func() (any, error) { n["analysis"]++; return nil, nil }) }
	login := func() { c.getPeople("session|x", func() (any, error) { n["session"]++; return nil, nil }) }
	data()
	login()
	c.peopleChanged()
	data()
	login()
	if n["analysis"] != 1 || n["session"] != 2 {
		t.Errorf("after a login changed: analysis computed %d times (want 1), session %d (want 2)", n["analysis"], n["session"])
	}
	c.changed()
	data()
	login()
	if n["analysis"] != 2 || n["session"] != 3 {
		t.Errorf("after the data changed: analysis computed %d times (want 2), session %d (want 3)", n["analysis"], n["session"])
	}
	// An import changes the data and nobody's login.
	c.dataChanged()
	data()
	login()
	if n["analysis"] != 3 || n["session"] != 3 {
		t.Errorf("after an import: analysis computed %d times (want 3), session %d (want 3)", n["analysis"], n["session"])
	}
}

// A login kept is not pushed out by results: more distinct results than
// the cache keeps leave the session as it was.
func TestLoginsApartFromResults(t *testing.T) {
	var c results
	var reads atomic.Int32
	session := func() (any, error) { reads.Add(1); return "anna", nil }
	c.getPeople("session|a", session)
	for i := range 2 * maxResults {
		c.get(fmt.Sprintf("lines|%d", i), func() (any, error) { return i, nil })
	}
	if v, _ := c.getPeople("session|a", session); v != "anna" || reads.Load() != 1 {
		t.Errorf("the session was read %d times after %d results", reads.Load(), 2*maxResults)
	}
	if n := c.entries.len(); n > maxResults {
		t.Errorf("%d results kept, at most %d", n, maxResults)
	}
}

// SPDX-License-Identifier: EUPL-1.2

package web

import (
	"fmt"
	"testing"
)

// The encoded answers stay within their byte budget however many URLs ask,
// and are not served once the data has changed.
func TestAnswersBounded(t *testing.T) {
	var a answers
	big := make([]byte, 1<<20)
	for i := range 200 { // 200 MB of answers asked for
		a.put(fmt.Sprint("/api/v1/buyers/3909/analysis?x=", i), 1, big)
		if a.bytes > maxAnswerBytes {
			t.Fatalf("after %d answers: %d bytes kept", i+1, a.bytes)
		}
	}
	// Long URLs with small answers count too, and so does their number.
	long := string(make([]byte, 1<<20))
	for i := range 300 {
		a.put(fmt.Sprint(i, long), 1, []byte("{}"))
		if a.bytes > maxAnswerBytes || a.m.len() > maxResults {
			t.Fatalf("after %d long URLs: %d bytes, %d answers kept", i+1, a.bytes, a.m.len())
		}
	}
	for i := range 2 * maxResults {
		a.put(fmt.Sprint("/u?", i), 1, []byte("{}"))
		if a.m.len() > maxResults {
			t.Fatalf("%d answers kept", a.m.len())
		}
	}
	a.put("/api/v1/buyers/3909/analysis?x=199", 1, big)
	if _, ok := a.get("/api/v1/buyers/3909/analysis?x=199", 1); !ok {
		t.Error("the latest answer is not kept")
	}
	if _, ok := a.get("/api/v1/buyers/3909/analysis?x=199", 2); ok {
		t.Error("an answer served after the data changed")
	}
	a.put("/a", 3, []byte("new"))
	a.put("/b", 2, []byte("old")) // computed before the change: not kept
	if _, ok := a.get("/b", 3); ok {
		t.Error("an answer of an older generation kept")
	}
	if b, ok := a.get("/a", 3); !ok || string(b) != "new" {
		t.Error("the newer answer lost")
	}
}

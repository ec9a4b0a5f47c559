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

// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"encoding/json"
	"slices"
	"testing"
)

// evidenceIDs reads what encoding/json reads, and fails where it fails.
func FuzzEvidenceIDs(f *testing.F) {
	for _, s := range []string{`null`, `[]`, `[""]`, `["1:2","1:3"]`, `["ocds-1-a"]`, `["a\"b"]`, `["a", "b"]`, `["\u00e6"]`, `["a`, `"a"]`, `[1]`, "[\"a\x01\"]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, gerr := evidenceIDs(s)
		var want []string
		werr := json.Unmarshal([]byte(s), &want)
		if (gerr == nil) != (werr == nil) || werr == nil && (!slices.Equal(got, want) || (got == nil) != (want == nil)) {
			t.Fatalf("evidenceIDs(%q) = %q, %v; encoding/json reads %q, %v", s, got, gerr, want, werr)
		}
	})
}

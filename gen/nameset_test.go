// SPDX-License-Identifier: EUPL-1.2

package gen

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// The name set is the same for a seed, and holds every kind of hard case.
func TestWriteNameSet(t *testing.T) {
	ctx := context.Background()
	a, b := t.TempDir(), t.TempDir()
	opts := NameSetOptions{Groups: 120, Filler: 500}
	st, err := WriteNameSet(ctx, a, 7, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WriteNameSet(ctx, b, 7, opts); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{NameSetUnits, NameSetSubunits, NameSetGB, NameSetTruth} {
		x, err := os.ReadFile(filepath.Join(a, f))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, f))
		if err != nil {
			t.Fatal(err)
		}
		if string(x) != string(y) {
			t.Errorf("%s differs for one seed", f)
		}
	}
	for _, k := range []string{"legal_forms", "folded", "same_name", "branches", "near_duplicates", "gb_legal_forms", "gb_branches", "plain", "gb_plain"} {
		if st.ByKind[k] == 0 {
			t.Errorf("no names of kind %s: %+v", k, st.ByKind)
		}
	}
	if st.Subunits == 0 || st.GBUnits == 0 || st.Names < 3*120 {
		t.Errorf("stats %+v", st)
	}
}

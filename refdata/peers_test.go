// SPDX-License-Identifier: EUPL-1.2

package refdata

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

func TestPeerGroup(t *testing.T) {
	for _, tc := range []struct {
		country, muni string
		persons       int64
		want          string
	}{
		{"NO", "3909", 48226, "NO-large"}, {"NO", "3911", 19999, "NO-medium"}, {"NO", "1511", 4999, "NO-small"},
		{"NO", "1511", 5000, "NO-medium"}, {"NO", "3909", -1, "NO-unknown"}, {"NO", "0301", -1, "NO-oslo"},
		{"NO", "4601", 290000, "NO-big3"}, {"GB", "E07000999", -1, "GB-E07"}, {"gb", "e06000001", 9, "GB-E06"},
		{"GB", "X1", 9, "GB-unknown"}, {"GB", "E12000001", 9, "GB-unknown"}, {"SE", "0180", 9, "SE-unknown"},
	} {
		if got := PeerGroup(tc.country, tc.muni, tc.persons); got != tc.want {
			t.Errorf("PeerGroup(%s, %s, %d) = %s, want %s", tc.country, tc.muni, tc.persons, got, tc.want)
		}
	}
}

// Every local authority district in the ONS list of the shared data is of a
// known council type.
func TestUKCouncilTypesCoverTheDistricts(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "data", "reference", "uk_local_authorities", "la_all_codes.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("SKIPPED, not checked: the UK local authority list %s (from refdata/: the shared data beside the repository, "+
			"not committed) is not there; put la_all_codes.csv there to run this test: %v", path, err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 300 {
		t.Fatalf("%d rows: not the list of districts", len(rows))
	}
	for _, r := range rows[1:] {
		for _, code := range []string{r[0], r[4]} { // LADCD, UTLACD
			if UKCouncilType(code) == "" {
				t.Errorf("%s (%s) is of no council type", code, r[1])
			}
		}
	}
}

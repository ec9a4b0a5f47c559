// SPDX-License-Identifier: EUPL-1.2

package ledger

import "testing"

// Every date format the form and the command line offer is read, each as
// a different format.
func TestDateFormatNamesParse(t *testing.T) {
	seen := map[DateFormat]string{}
	for _, n := range DateFormatNames {
		f, err := ParseDateFormat(n)
		if err != nil {
			t.Errorf("%s: %v", n, err)
		}
		if f != DateDMY && seen[f] != "" { // dd.mm.yyyy and dd/mm/yyyy are both day-first
			t.Errorf("%s and %s are one format", n, seen[f])
		}
		seen[f] = n
	}
}

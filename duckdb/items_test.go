// SPDX-License-Identifier: EUPL-1.2

package duckdb

import (
	"context"
	"testing"
	"unicode/utf8"
)

// itemTextOf (Go, for lines going to a line source) and itemText (SQL, for
// the embedded store's lines) name the same item: the same text for any
// description, or a line would get another item on each store.
func FuzzItemText(f *testing.F) {
	for _, s := range []string{"", "Faktura 1234 arbeid", "  Leie\tav 12 maskiner\n", "ÆØÅ 2024-03 Strøm", "a  b\r\n\fc", "123", " 1 2 3 ",
		"Café 10 %", "x\u00a0y", "TEST\u2003ord", "Ĳssel İstanbul"} {
		f.Add(s)
	}
	db := openTest(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // stored text is valid UTF-8 (both imports replace invalid bytes)
		}
		var want string
		if err := db.db.QueryRowContext(context.Background(), `SELECT `+itemText+` FROM (SELECT ? AS description)`, s).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if got := itemTextOf(s); got != want {
			t.Errorf("%q: Go %q, SQL %q", s, got, want)
		}
	})
}

// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"testing"

	"github.com/cityspend/cityspend/gen"
)

// A demo bigger than one sheet holds gets its spreadsheet municipality as
// CSV (it failed for `demo --lines 3333334`); the others keep their format.
func TestDemoFormat(t *testing.T) {
	for _, c := range []struct {
		format string
		lines  int64
		want   string
	}{
		{gen.FormatXLSX, 40000, gen.FormatXLSX},
		{gen.FormatXLSX, gen.MaxXLSXLines, gen.FormatXLSX},
		{gen.FormatXLSX, gen.MaxXLSXLines + 1, gen.FormatCSV},
		{gen.FormatMessy, 5_000_000, gen.FormatMessy},
	} {
		if got := demoFormat(c.format, c.lines); got != c.want {
			t.Errorf("%s with %d lines: %s, want %s", c.format, c.lines, got, c.want)
		}
	}
}

// SPDX-License-Identifier: EUPL-1.2

package gen

import (
	"strings"
	"testing"
)

// fillTemplate does what a strings.Replacer of "{name}" → value does, on
// every description template and on the edge cases of the syntax.
func TestFillTemplate(t *testing.T) {
	vals := []string{"unit", "Bygg {n}", "n", "7", "home", "Kjerringvik", "month", "mars", "place", "Tjølling"}
	var args []string
	for i := 0; i < len(vals); i += 2 {
		args = append(args, "{"+vals[i]+"}", vals[i+1])
	}
	want := strings.NewReplacer(args...)
	cases := []string{"", "plain", "{", "}", "{}", "{n", "n}", "{{n}}", "{n}{n}", "{nope} {n}", "a {unit} b", "{unit}{", "x{home", "{month}.{place}", "æ{n}ø"}
	for _, c := range categories {
		cases = append(cases, c.descr...)
	}
	cases = append(cases, genericDescr...)
	for _, tmpl := range cases {
		if got, w := fillTemplate(tmpl, vals), want.Replace(tmpl); got != w {
			t.Errorf("fillTemplate(%q) = %q, want %q", tmpl, got, w)
		}
	}
}

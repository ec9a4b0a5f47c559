// SPDX-License-Identifier: EUPL-1.2

package climate

import (
	"testing"

	"github.com/cityspend/cityspend/refdata/cpv"
)

// The footprint's categories are named in the options' language: bokmål
// from the project's table (the group's own label), English from the
// labeler, else the division's.
func TestFootprintCategoryLabels(t *testing.T) {
	set, cells := fixture()
	labels := func(o Options) map[string]string {
		out := map[string]string{}
		for _, f := range set.Compute(cells, 2024, "NOK", o).ByCategory {
			out[f.Key] = f.Label
		}
		return out
	}
	nb := labels(Options{Lang: "nb"})
	for _, g := range []string{"45200000", "45100000", "90900000", "30100000"} {
		want, _ := cpv.NB(cpv.Code(g))
		if nb[g] != want.Text || !want.Own(cpv.Code(g)) {
			t.Errorf("nb %s: %q, want %q", g, nb[g], want.Text)
		}
	}
	if nb["90900000"] != "Rengjøring og sanitærtjenester" {
		t.Errorf("nb 909: %q", nb["90900000"])
	}
	en := labels(Options{})
	if en["45200000"] != cpv.Divisions["45"].EN || en["90900000"] != cpv.Divisions["90"].EN {
		t.Errorf("en without a labeler: %v", en)
	}
	// A labeler with the official list's English: used for English; for
	// bokmål it is asked in bokmål (cube.Labels answers from the table).
	var asked []string
	label := func(code, lang string) string {
		asked = append(asked, lang)
		if lang == "nb" {
			n, _ := cpv.NB(cpv.Code(code))
			return n.Text
		}
		return "official " + code
	}
	if l := labels(Options{Label: label})["45200000"]; l != "official 45200000" {
		t.Errorf("en with a labeler: %q", l)
	}
	asked = nil
	if l := labels(Options{Label: label, Lang: "nb"})["45200000"]; l != nb["45200000"] {
		t.Errorf("nb with a labeler: %q", l)
	}
	for _, l := range asked {
		if l != "nb" {
			t.Errorf("a bokmål footprint asked the labeler in %q", l)
		}
	}
}

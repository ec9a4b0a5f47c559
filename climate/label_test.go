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
	// Without a labeler both languages name the same level: a group the
	// project names in English and bokmål, else the division.
	nb, en := labels(Options{Lang: "nb"}), labels(Options{})
	for g, of := range map[string]string{"45200000": "45200000", "45100000": "45000000", "90900000": "90900000", "30100000": "30100000"} {
		wantNB, _ := cpv.NB(cpv.Code(of))
		wantEN, _ := cpv.LabelIn(cpv.Code(g), "en")
		if nb[g] != wantNB.Text || en[g] != wantEN.Text || string(wantEN.Of) != of {
			t.Errorf("%s: nb %q, en %q; want %q and %q, both of %s", g, nb[g], en[g], wantNB.Text, wantEN.Text, of)
		}
	}
	if nb["90900000"] != "Rengjøring og sanitærtjenester" || en["90900000"] != cpv.Groups["909"].EN {
		t.Errorf("909: nb %q, en %q", nb["90900000"], en["90900000"])
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

// SPDX-License-Identifier: EUPL-1.2

package cube

import (
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// English and bokmål name a code at the same level: with the official
// list its class (or its own group), without it a group the project names
// in both languages, else the division.
func TestLabelsNameOneLevel(t *testing.T) {
	none := Labels(nil, map[string]string{})
	for code, want := range map[string][2]string{
		"45233141": {cpv.Groups["452"].EN, cpv.NBCodes()["45200000"]},
		"45112000": {cpv.Divisions["45"].EN, cpv.Divisions["45"].NB},
		"90910000": {cpv.Groups["909"].EN, cpv.NBCodes()["90900000"]},
		"45000000": {cpv.Divisions["45"].EN, cpv.Divisions["45"].NB},
	} {
		if en, nb := none(code, "en"), none(code, "nb"); en != want[0] || nb != want[1] {
			t.Errorf("without the list, %s: en %q, nb %q; want %q, %q", code, en, nb, want[0], want[1])
		}
	}
	list := Labels([]cityspend.CPVCode{
		{Code: "45233141", Labels: map[string]string{"EN": "Road-maintenance works"}},
		{Code: "45230000", Labels: map[string]string{"EN": "Construction work for pipelines, communication and power lines, for highways, roads, airfields and railways; flatwork"}},
		{Code: "45110000", Labels: map[string]string{"EN": "Building demolition and wrecking work and earthmoving work"}},
	}, map[string]string{})
	if en, nb := list("45233141", "en"), list("45233141", "nb"); en != "Construction work for pipelines, communication and power lines, for highways, roads, airfields and railways; flatwork" ||
		nb != cpv.NBCodes()["45230000"] {
		t.Errorf("with the list, 45233141: en %q, nb %q (both its class's)", en, nb)
	}
	if en, nb := list("45112000", "en"), list("45112000", "nb"); en != "Building demolition and wrecking work and earthmoving work" || nb != cpv.NBCodes()["45110000"] {
		t.Errorf("with the list, 45112000: en %q, nb %q (both its class's)", en, nb)
	}
}

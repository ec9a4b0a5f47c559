// SPDX-License-Identifier: EUPL-1.2

package factors

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata/cpv"
)

func TestNormalizeCode(t *testing.T) {
	for _, c := range []struct{ scheme, code, want string }{
		{cityspend.SchemeCPV, "45", "45"}, {cityspend.SchemeCPV, "45210000", "4521"}, {cityspend.SchemeCPV, "45210000-2", "4521"},
		{cityspend.SchemeCPV, "90000000", "90"}, {cityspend.SchemeCPV, "4", ""}, {cityspend.SchemeCPV, "4X", ""}, {cityspend.SchemeCPV, "*", "*"},
		{cityspend.SchemeNACE, "4120", "41.20"}, {cityspend.SchemeNACE, "41.2", "41.2"}, {cityspend.SchemeNACE, "41", "41"},
		{cityspend.SchemeKOSTRA, "115", "115"}, {cityspend.SchemeKOSTRA, "1115", ""},
		{cityspend.SchemeNAICS, "236220", "236220"}, {cityspend.SchemeNAICS, "2362201", ""},
		{cityspend.SchemeSupplier, "org:X", "org:X"}, {cityspend.SchemeSupplier, "NO-BRC:974760673", "org:NO-BRC:974760673"},
		{cityspend.SchemeSupplier, "org:NO-BRC:974760673", "org:NO-BRC:974760673"}, {"planet", "09", ""},
	} {
		if got := NormalizeCode(c.scheme, c.code); got != c.want {
			t.Errorf("NormalizeCode(%s, %q) = %q, want %q", c.scheme, c.code, got, c.want)
		}
	}
}

// Every shipped concordance is in normal form and leads to CPV.
func TestDefaultConcordances(t *testing.T) {
	for _, c := range DefaultConcordances() {
		if c.ToScheme != cityspend.SchemeCPV || NormalizeCode(c.FromScheme, c.FromCode) != c.FromCode || NormalizeCode(c.ToScheme, c.ToCode) != c.ToCode || c.Source == "" {
			t.Errorf("%+v", c)
		}
	}
}

// epaFile is the whole US EPA v1.2 file in the shared data, read at test
// time (it is not committed).
const epaFile = "../../../shared/data/reference/emission_factors/" + EPAFile

// The shipped EPA table is the published file: every NAICS code and factor
// with margins as the file gives them.
func TestEPATable(t *testing.T) {
	f, err := os.Open(epaFile)
	if err != nil {
		t.Skipf("SKIP: the US EPA file is not at %s", epaFile)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1017 || rows[0][0] != "2017 NAICS Code" || rows[0][6] != "Supply Chain Emission Factors with Margins" {
		t.Fatalf("not the v1.2 layout: %d rows, header %q", len(rows), rows[0])
	}
	published := map[string][]string{}
	for _, r := range rows[1:] {
		published[r[0]] = r
	}
	for _, r := range epaV12 {
		p, ok := published[r.naics]
		if !ok {
			t.Errorf("NAICS %s is not in the file", r.naics)
			continue
		}
		kg, err := strconv.ParseFloat(p[6], 64)
		if err != nil || kg != r.kg || p[1] != r.title || p[3] != "kg CO2e/2021 USD, purchaser price" {
			t.Errorf("NAICS %s: shipped %v %q, published %q %q (%s)", r.naics, r.kg, r.title, p[6], p[1], p[3])
		}
	}
}

// Every CPV division and group has exactly one NAICS industry, and every
// industry a factor: no category is left to an average.
func TestCPVNAICSCoversEveryGroup(t *testing.T) {
	factor := map[string]float64{}
	for _, r := range epaV12 {
		factor[r.naics] = r.kg
	}
	seen := map[string]bool{}
	for _, r := range cpvNAICS {
		if seen[r.cpv] {
			t.Errorf("CPV %s twice", r.cpv)
		}
		seen[r.cpv] = true
		if _, ok := factor[r.naics]; !ok {
			t.Errorf("CPV %s → NAICS %s has no factor", r.cpv, r.naics)
		}
		if NormalizeCode(cityspend.SchemeCPV, r.cpv) != r.cpv || len(r.cpv) > 3 {
			t.Errorf("CPV %q is not a division or group in normal form", r.cpv)
		}
	}
	for d := range cpv.Divisions {
		if !seen[d] {
			t.Errorf("division %s has no industry", d)
		}
	}
	if len(cpvNAICS) != 45+272 {
		t.Errorf("%d CPV codes, want the 45 divisions and 272 groups", len(cpvNAICS))
	}
}

// The Norwegian default is never one number for all categories: the
// divisions and groups carry their industries' factors, and only the
// catch-all is the national average.
func TestDefaultsPerCategory(t *testing.T) {
	fs := Defaults()
	distinct := map[float64]bool{}
	for _, f := range fs {
		if f.Source == "" || f.Licence == "" || f.PriceYear == 0 || !f.Estimate || f.Currency == "" || f.Set != DefaultSet {
			t.Errorf("factor %s %s lacks source, licence, price year or the estimate label", f.Scheme, f.Code)
		}
		if f.Code != "*" {
			distinct[f.KgPerUnit] = true
		}
	}
	if len(distinct) < 50 {
		t.Errorf("%d distinct factors", len(distinct))
	}
	if last := fs[len(fs)-1]; last.Code != "*" || last.KgPerUnit != NorwayAverage() {
		t.Errorf("catch-all %+v", last)
	}
	if SetFor("no") != DefaultSet || SetFor("GB") != EPASet || Shipped(EPASet)[0].Set != EPASet || Shipped("own") != nil {
		t.Error("the shipped set by country")
	}
}

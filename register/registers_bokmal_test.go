// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/i18n"
	"github.com/cityspend/cityspend/i18n/i18ntest"
	"github.com/cityspend/cityspend/register/charity"
	"github.com/cityspend/cityspend/register/companieshouse"
	"github.com/cityspend/cityspend/register/sirene"
)

// Every unit of the UK and French registers' fixtures (Companies House,
// the three charity registers, SIRENE) gets a type and size reason that
// reads in bokmål on a Norwegian page, through i18n's reason table.
func TestRegisterReasonsInBokmal(t *testing.T) {
	ctx := context.Background()
	type reader interface {
		ReadUnits(context.Context) ([]cityspend.RegisterRow, error)
		Close() error
	}
	open := map[string]func(string) (reader, error){
		"companieshouse": func(p string) (reader, error) { return companieshouse.Open(p) },
		"charity":        func(p string) (reader, error) { return charity.Open(p) },
		"sirene":         func(p string) (reader, error) { return sirene.Open(p) },
	}
	files := map[string][]string{
		"companieshouse": {"BasicCompanyData-part1_2.csv", "BasicCompanyData-part2_2.csv"},
		"charity":        {"publicextract.charity.txt", "CharityExport-oscr.csv", "ccni-register.csv"},
		"sirene":         {"StockUniteLegale_utf8.csv"},
	}
	nb := i18n.New("nb")
	// What a reason quotes: a name or category as the register writes it,
	// an act's title.
	quoted := regexp.MustCompile(`«[^»]*»|\([^()]*(Act|Regulations) [^()]*\)|entreprise de taille intermédiaire|grande entreprise|navnet slutter på [^)]*`)
	seen, units := map[string]bool{}, 0
	for pkg, fs := range files {
		country := map[string]string{"sirene": "FR"}[pkg]
		if country == "" {
			country = "GB"
		}
		a := AreaFor(cityspend.Buyer{ID: "b", Country: country}, nil, NewPlaces())
		for _, f := range fs {
			r, err := open[pkg](filepath.Join(pkg, "testdata", f))
			if err != nil {
				t.Fatal(err)
			}
			for {
				rows, err := r.ReadUnits(ctx)
				for _, row := range rows {
					if row.Organisation == nil {
						continue
					}
					units++
					p := Classify(row.Organisation, nil, a)
					for _, why := range []string{p.TypeReason, p.SizeBasis} {
						if seen[why] {
							continue
						}
						seen[why] = true
						got := nb.Reason(why)
						if w := i18ntest.English.FindAllString(quoted.ReplaceAllString(got, ""), -1); len(w) > 0 {
							t.Errorf("%s %s: %q in bokmål is %q (%v)", pkg, row.Organisation.Name, why, got, w)
						}
					}
				}
				if err != nil || len(rows) == 0 {
					break
				}
			}
			r.Close()
		}
	}
	if units < 15 || len(seen) < 8 {
		t.Fatalf("%d units with %d reasons read from the fixtures", units, len(seen))
	}
}

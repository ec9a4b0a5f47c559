// SPDX-License-Identifier: EUPL-1.2

// Package factors is the emission factor set cityspend ships and the
// concordances between code schemes that carry factors to CPV categories:
// dated figures with their sources and licences (docs/climate.md), and the
// normal form of the codes of each scheme that factor files and
// concordances use.
package factors

import (
	"sort"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// DefaultSet is the name of the shipped factor set.
const DefaultSet = "cityspend-default"

// DefaultVersion is its version.
const DefaultVersion = "2026.1"

// The published figures the default set is built from (docs/climate.md).
const (
	// Norwegian public purchasing in 2017: about 11 Mt CO2e on NOK 523 bn.
	norwayPublicT     = 11_000_000.0
	norwayPublicNOKbn = 523.0
	// US EPA Supply Chain GHG Emission Factors v1.3, with margins, kg CO2e
	// per 2022 USD at purchaser prices.
	epaCommercialBuilding = 0.224 // NAICS 236220
	epaHighway            = 0.255 // NAICS 237310
)

// NorwayAverage is the kg CO2e per NOK (2017 prices) of Norwegian public
// purchasing as a whole: 11 Mt / NOK 523 bn.
func NorwayAverage() float64 { return norwayPublicT * 1000 / (norwayPublicNOKbn * 1e9) }

const (
	sourceNorway = "cityspend default: Norwegian public purchasing 2017, about 11 Mt CO2e on NOK 523 bn (16 % of the national footprint), as one average for every division (docs/climate.md)"
	sourceEPA    = "US EPA Supply Chain GHG Emission Factors for US Industries and Commodities v1.3, supply chain factors with margins"
)

// Defaults is the shipped set: the Norwegian public-purchasing
// average for each of the 45 CPV divisions and as the catch-all (a
// fallback), and two US EPA
// v1.3 factors for building and road construction work, reached through the
// NAICS → CPV concordance. Every row is an estimate.
func Defaults() []cityspend.EmissionFactor {
	var out []cityspend.EmissionFactor
	divs := make([]string, 0, len(cpv.Divisions))
	for d := range cpv.Divisions {
		divs = append(divs, d)
	}
	sort.Strings(divs)
	avg := NorwayAverage()
	for _, d := range divs {
		out = append(out, cityspend.EmissionFactor{Set: DefaultSet, Version: DefaultVersion, Scheme: cityspend.SchemeCPV, Code: d,
			Label: cpv.Divisions[d].EN, KgPerUnit: avg, Currency: "NOK", PriceYear: 2017, PriceBasis: "purchaser", GWP: "AR5",
			Source: sourceNorway, Licence: "derived from public figures; CC0", Estimate: true, File: "shipped"})
	}
	// The catch-all: spend without a category (or whose category has no
	// factor) at the same average.
	out = append(out, cityspend.EmissionFactor{Set: DefaultSet, Version: DefaultVersion, Scheme: cityspend.SchemeCPV, Code: "*",
		Label: "any purchase", KgPerUnit: avg, Currency: "NOK", PriceYear: 2017, PriceBasis: "purchaser", GWP: "AR5",
		Source: sourceNorway, Licence: "derived from public figures; CC0", Estimate: true, File: "shipped"})
	for _, f := range []struct {
		code, label string
		kg          float64
	}{{"236220", "Commercial and institutional building construction", epaCommercialBuilding},
		{"237310", "Highway, street, and bridge construction", epaHighway}} {
		out = append(out, cityspend.EmissionFactor{Set: DefaultSet, Version: DefaultVersion, Scheme: cityspend.SchemeNAICS, Code: f.code,
			Label: f.label, KgPerUnit: f.kg, Currency: "USD", PriceYear: 2022, PriceBasis: "purchaser", GWP: "AR5",
			Source: sourceEPA, Licence: "public domain (US Government work)", Estimate: true, File: "shipped"})
	}
	return out
}

// naicsToCPV is the project's own concordance from 2017 NAICS codes a
// municipality buys from to CPV prefixes, for NAICS factor sets such as the
// US EPA's. Edit it with `cityspend import concordance`.
var naicsToCPV = []struct{ naics, cpv string }{
	{"236220", "4521"}, {"236118", "45453"}, {"237310", "45233"}, {"237110", "45232"}, {"238210", "4531"}, {"238220", "4533"},
	{"221100", "0931"}, {"221200", "0912"}, {"221300", "651"}, {"324110", "0913"},
	{"562111", "90511"}, {"561720", "9091"}, {"561730", "7731"},
	{"541310", "712"}, {"541330", "7132"}, {"541511", "722"}, {"541611", "7941"},
	{"611110", "801"}, {"621111", "8512"}, {"623110", "85144"},
	{"485113", "60112"}, {"485410", "6013"}, {"722310", "5552"}, {"311812", "1581"},
	{"334111", "3021"}, {"337127", "391"}, {"325412", "336"}, {"339112", "331"}, {"517311", "642"},
}

// DefaultConcordances are the shipped concordances: NAICS → CPV (above),
// and KOSTRA art → CPV and NACE → CPV from the tables the classification's
// account and industry rules are made of (refdata.KostraArtCPV and
// refdata.NACECPV).
func DefaultConcordances() []cityspend.Concordance {
	var out []cityspend.Concordance
	for _, r := range naicsToCPV {
		out = append(out, cityspend.Concordance{FromScheme: cityspend.SchemeNAICS, FromCode: r.naics, ToScheme: cityspend.SchemeCPV, ToCode: r.cpv,
			Source: "cityspend (project's own)"})
	}
	for _, t := range []struct {
		scheme string
		rows   []refdata.CPVMapping
	}{{cityspend.SchemeKOSTRA, refdata.KostraArtCPV}, {cityspend.SchemeNACE, refdata.NACECPV}} {
		for _, r := range t.rows {
			from, to := NormalizeCode(t.scheme, r.Code), NormalizeCode(cityspend.SchemeCPV, r.CPV)
			if from == "" || to == "" {
				continue
			}
			out = append(out, cityspend.Concordance{FromScheme: t.scheme, FromCode: from, ToScheme: cityspend.SchemeCPV, ToCode: to,
				Source: "cityspend classification rules"})
		}
	}
	return out
}

// NormalizeCode checks and normalises a code of a scheme: CPV codes and
// prefixes as digits ("45", "45210000", "45210000-2" → "45210000"), NACE
// with its dot ("4120" → "41.20"), KOSTRA arts of three digits, NAICS of
// two to six digits, supplier ids as given; "*" is any code of the scheme.
func NormalizeCode(scheme, code string) string {
	code = strings.TrimSpace(code)
	if code == "*" {
		return code
	}
	digits := func(s string) bool {
		for _, r := range s {
			if r < '0' || r > '9' {
				return false
			}
		}
		return s != ""
	}
	switch scheme {
	case cityspend.SchemeCPV:
		code, _, _ = strings.Cut(code, "-")
		if !digits(code) || len(code) < 2 || len(code) > 8 {
			return ""
		}
		return code[:cpv.Significant(code)]
	case cityspend.SchemeNACE:
		c := strings.ReplaceAll(code, ".", "")
		if !digits(c) || len(c) < 2 || len(c) > 5 {
			return ""
		}
		if len(c) == 2 {
			return c
		}
		return c[:2] + "." + c[2:]
	case cityspend.SchemeKOSTRA:
		if !digits(code) || len(code) != 3 {
			return ""
		}
		return code
	case cityspend.SchemeNAICS:
		if !digits(code) || len(code) < 2 || len(code) > 6 {
			return ""
		}
		return code
	case cityspend.SchemeSupplier:
		return code
	}
	return ""
}

// SPDX-License-Identifier: EUPL-1.2

// Package factors is the emission factor sets cityspend ships and the
// concordances between code schemes that carry factors to CPV categories:
// dated figures with their sources and licences (docs/climate.md), and the
// normal form of the codes of each scheme that factor files and
// concordances use.
package factors

import (
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// DefaultSet is the name of the shipped set for Norwegian buyers.
const DefaultSet = "cityspend-default"

// EPASet is the name of the shipped set for buyers of every other country.
const EPASet = "cityspend-epa"

// DefaultVersion is the version of the shipped sets.
const DefaultVersion = "2026.2"

// The published figures the shipped sets are built from (docs/climate.md).
const (
	// Norwegian public purchasing in 2017: about 11 Mt CO2e on NOK 523 bn.
	norwayPublicT     = 11_000_000.0
	norwayPublicNOKbn = 523.0
	// The US EPA file's unit: kg CO2e per 2021 USD at purchaser prices.
	epaCurrency  = "USD"
	epaPriceYear = 2021
)

// NorwayAverage is the kg CO2e per NOK (2017 prices) of Norwegian public
// purchasing as a whole: 11 Mt / NOK 523 bn.
func NorwayAverage() float64 { return norwayPublicT * 1000 / (norwayPublicNOKbn * 1e9) }

const (
	sourceNorway = "cityspend default: Norwegian public purchasing 2017, about 11 Mt CO2e on NOK 523 bn (16 % of the national footprint), for spend without a category (docs/climate.md)"
	// EPASource names the US EPA factors the shipped sets carry.
	EPASource = "US EPA Supply Chain GHG Emission Factors for US Industries and Commodities v1.2 (2017 NAICS, GHG data 2019), supply chain factors with margins"
	// EPALicence is their licence.
	EPALicence = "public domain (US Government work)"
	// EPAFile is the published file they are copied from.
	EPAFile = "SupplyChainGHGEmissionFactors_v1.2_NAICS_CO2e_USD2021.csv"
)

// EPA is the US EPA v1.2 supply-chain factor (with margins, kg CO2e per
// 2021 USD at purchaser prices) of every NAICS code the CPV concordance
// uses, in set. Through the concordance each CPV division and group has
// the factor of its own industry.
func EPA(set string) []cityspend.EmissionFactor {
	out := make([]cityspend.EmissionFactor, 0, len(epaV12))
	for _, r := range epaV12 {
		out = append(out, cityspend.EmissionFactor{Set: set, Version: DefaultVersion, Scheme: cityspend.SchemeNAICS, Code: r.naics,
			Label: r.title, KgPerUnit: r.kg, Currency: epaCurrency, PriceYear: epaPriceYear, PriceBasis: "purchaser", GWP: "AR5",
			Source: EPASource, Licence: EPALicence, Estimate: true, File: EPAFile})
	}
	return out
}

// Defaults is the shipped set for Norwegian buyers: the US EPA factor of
// each CPV division's and group's industry (EPA, through the CPV → NAICS
// concordance), and, for spend without a category, the Norwegian
// public-purchasing average as the catch-all (a fallback). Every row is an
// estimate.
func Defaults() []cityspend.EmissionFactor {
	out := EPA(DefaultSet)
	return append(out, cityspend.EmissionFactor{Set: DefaultSet, Version: DefaultVersion, Scheme: cityspend.SchemeCPV, Code: "*",
		Label: "any purchase", KgPerUnit: NorwayAverage(), Currency: "NOK", PriceYear: 2017, PriceBasis: "purchaser", GWP: "AR5",
		Source: sourceNorway, Licence: "derived from public figures; CC0", Estimate: true, File: "shipped"})
}

// countrySets are the shipped sets by buyer country; EPASet for the rest.
var countrySets = map[string]string{"NO": DefaultSet}

// SetFor is the shipped set a buyer of a country uses until it chooses
// its own: the Norwegian one for Norway, the US EPA factors elsewhere.
func SetFor(country string) string {
	if s, ok := countrySets[strings.ToUpper(country)]; ok {
		return s
	}
	return EPASet
}

// UKSet is the name the UK government's (DESNZ/Defra) conversion factors
// by SIC code take when imported (cityspend import factors --set
// desnz-sic FILE): the set British buyers use first where it is loaded.
const UKSet = "desnz-sic"

// loadedSets are the published sets a buyer of a country uses first when
// the store has them: cityspend ships none (their licences and years are
// the publisher's), the user imports the published file.
var loadedSets = map[string]string{"GB": UKSet}

// LoadedSetFor names the published set a buyer of a country uses before
// the shipped one when it is loaded, "" for none.
func LoadedSetFor(country string) string { return loadedSets[strings.ToUpper(country)] }

// Shipped returns a shipped set by name, nil for any other name.
func Shipped(name string) []cityspend.EmissionFactor {
	switch name {
	case DefaultSet:
		return Defaults()
	case EPASet:
		return EPA(EPASet)
	}
	return nil
}

// ShippedSets names the shipped sets.
var ShippedSets = []string{DefaultSet, EPASet}

// DefaultConcordances are the shipped concordances: NAICS → CPV (the
// project's own table, every CPV division and group), and KOSTRA art →
// CPV and NACE → CPV from the tables the classification's account and
// industry rules are made of (refdata.KostraArtCPV and refdata.NACECPV).
func DefaultConcordances() []cityspend.Concordance {
	var out []cityspend.Concordance
	for _, r := range cpvNAICS {
		out = append(out, cityspend.Concordance{FromScheme: cityspend.SchemeNAICS, FromCode: r.naics, ToScheme: cityspend.SchemeCPV, ToCode: r.cpv,
			Source: "cityspend CPV → NAICS (project's own): " + r.label})
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
		// An organisation identifier as registers write it
		// ("NO-BRC:974760673") is the supplier id "org:NO-BRC:974760673".
		if scheme, id, ok := strings.Cut(code, ":"); ok && id != "" && len(scheme) > 3 && scheme[2] == '-' && strings.ToUpper(scheme) == scheme &&
			!strings.Contains(scheme, " ") {
			return "org:" + code
		}
		return code
	}
	return ""
}

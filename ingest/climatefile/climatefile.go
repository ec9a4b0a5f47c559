// SPDX-License-Identifier: EUPL-1.2

// Package climatefile reads the files of the climate footprint: emission
// factor sets, concordances between code schemes, and exchange rates and
// price indices (CSV or XLSX, Norwegian or English headers). Every bad row
// is returned as a reject with its line, field and reason.
package climatefile

import (
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
	"github.com/cityspend/cityspend/refdata/factors"
)

// fields gives a row's line, raw text and fields by name; a row that could
// not be split has none.
func fields(r tabular.Row) (int, string, func(string) string) {
	if r.Problem != "" {
		return r.Line, r.Raw, func(string) string { return "" }
	}
	return r.Line, r.Raw, r.Get
}

// parseNumber reads a decimal with a point or a comma ("0,224").
func parseNumber(s string) (float64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

func parseYear(s string) (int, error) {
	y, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || y < 1950 || y > 2100 {
		return 0, fmt.Errorf("%q is not a year (1950–2100)", s)
	}
	return y, nil
}

func validCurrency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// Factor file columns and their header names. Besides the generic layout
// it reads two published ones as they are (docs/climate.md):
//
//   - the US EPA's Supply Chain GHG Emission Factors by NAICS (v1.2, v1.3):
//     "2017 NAICS Code", "2017 NAICS Title", "Supply Chain Emission Factors
//     with Margins" and "Unit" ("kg CO2e/2021 USD, purchaser price"), from
//     which the scheme, currency, price year and price basis follow;
//   - the EXIOBASE-derived factors by NACE of the Emission Factor Database
//     (nace_emission_factors_2022.csv): "nace_code", "nace_description",
//     "emission_factor_kgco2e_per_eur", "data_source"
//     ("EXIOBASE_3.9.6_IOT_2022_pxp_AR6_GWP") and "year": scheme NACE,
//     EUR at the year's basic prices, the GWP basis from the data source;
//   - the UK government's (DESNZ/Defra) conversion factors by SIC code
//     (desnz.go): a title naming the year above "SIC code", "Description",
//     "GHG (kgCO2e per £)", in a CSV or a sheet of a workbook.
var factorLayout = tabular.Layout{Columns: []tabular.Column{
	{Field: "scheme", Aliases: []string{"classification", "code scheme", "kodeverk"}},
	{Field: "code", Aliases: []string{"kode"}},
	{Field: "naics_code", Aliases: []string{"2017 NAICS Code", "NAICS code"}},
	{Field: "nace_code", Aliases: []string{"nace", "nace code", "naeringskode"}},
	{Field: "label", Aliases: []string{"title", "name", "navn", "2017 NAICS Title", "description", "nace_description"}},
	{Field: "factor", Aliases: []string{"kg_co2e_per_unit", "kg co2e per unit", "emission factor", "kg co2e", "Supply Chain Emission Factors with Margins", "utslippsfaktor"}},
	{Field: "factor_eur", Aliases: []string{"emission_factor_kgco2e_per_eur", "kg co2e per eur"}},
	{Field: "unit", Aliases: []string{"enhet"}},
	{Field: "currency", Aliases: []string{"valuta"}},
	{Field: "price_year", Aliases: []string{"price year", "base year", "prisår", "basisår", "year"}},
	{Field: "price_basis", Aliases: []string{"price basis", "prices", "prisgrunnlag"}},
	{Field: "gwp", Aliases: []string{"gwp basis", "gwp_basis"}},
	{Field: "source", Aliases: []string{"kilde", "reference", "data_source"}},
	{Field: "licence", Aliases: []string{"license", "lisens"}},
	{Field: "estimate", Aliases: []string{"anslag"}},
	{Field: "version", Aliases: []string{"versjon"}},
}, Hint: "a factor file needs code and factor columns, the others or their flags"}

// epaUnit reads the US EPA file's unit: "kg CO2e/2021 USD, purchaser price".
var epaUnit = regexp.MustCompile(`(?i)^\s*kg\s*CO2e\s*/\s*(\d{4})\s+([A-Z]{3})\s*,\s*(purchaser|basic|producer)\s+prices?\s*$`)

// gwpIn finds the GWP basis named in a data source ("…_AR6_GWP").
var gwpIn = regexp.MustCompile(`(?i)(?:^|[^A-Z0-9])(AR[456])(?:[^A-Z0-9]|$)`)

// FactorOptions fill what a factor file leaves out.
type FactorOptions struct {
	Set, Version       string // required: the set's name (and version)
	Scheme             string // when the file has no scheme column
	Currency           string // when the file has no currency column
	PriceYear          int    // when the file has no price-year column
	PriceBasis, Source string
	Licence, GWP       string
	Estimate           bool // every row is an estimate
}

// ReadFactors reads an emission factor table (CSV or XLSX): scheme, code,
// kg CO2e per currency unit, currency, price year, price basis, source and
// licence, from columns or from the options. Every bad row is reported by
// line, field and reason; the caller stores nothing when there is any.
func ReadFactors(path string, o FactorOptions) ([]cityspend.EmissionFactor, []cityspend.Reject, error) {
	if strings.TrimSpace(o.Set) == "" {
		return nil, nil, cityspend.Errorf(cityspend.EINVALID, "name the factor set")
	}
	// The DESNZ conversion factors by SIC code, as published (desnz.go).
	if fs, rejects, ok, err := readDESNZ(path, o); ok || err != nil {
		return fs, rejects, err
	}
	tb, err := tabular.OpenNamed(path, tabular.Options{}, factorLayout)
	if err != nil {
		return nil, nil, err
	}
	codeField, factorField := "code", "factor"
	switch {
	case tb.Has("code"):
	case tb.Has("naics_code"):
		codeField, o.Scheme = "naics_code", cityspend.SchemeNAICS
		if tb.Has("unit") {
			// The US EPA's file: a work of the US Government.
			if o.Licence == "" {
				o.Licence = "public domain (US Government work)"
			}
			if o.Source == "" {
				o.Source = "US EPA Supply Chain GHG Emission Factors, " + filepath.Base(path)
			}
		}
	case tb.Has("nace_code"):
		codeField, o.Scheme = "nace_code", cityspend.SchemeNACE
	default:
		tb.Close()
		return nil, nil, cityspend.Errorf(cityspend.EINVALID, "%s: no code column (code, 2017 NAICS Code or nace_code)", path)
	}
	switch {
	case tb.Has("factor"):
	case tb.Has("factor_eur"):
		// EXIOBASE's table: EUR at basic prices (product-by-product tables).
		factorField, o.Currency = "factor_eur", "EUR"
		if o.PriceBasis == "" {
			o.PriceBasis = "basic"
		}
	default:
		tb.Close()
		return nil, nil, cityspend.Errorf(cityspend.EINVALID, "%s: no factor column (kg_co2e_per_unit, Supply Chain Emission Factors with Margins or emission_factor_kgco2e_per_eur)", path)
	}
	var out []cityspend.EmissionFactor
	var rejects []cityspend.Reject
	seen := map[[2]string]int{}
	err = tb.Each(func(row tabular.Row) error {
		line, raw, get := fields(row)
		bad := func(field, format string, args ...any) {
			rejects = append(rejects, cityspend.Reject{Line: line, Field: field, Raw: raw, Reason: fmt.Sprintf(format, args...)})
		}
		or := func(field, def string) string {
			if v := get(field); v != "" {
				return v
			}
			return def
		}
		f := cityspend.EmissionFactor{Set: o.Set, Version: or("version", o.Version), Scheme: strings.ToLower(or("scheme", o.Scheme)),
			Code: get(codeField), Label: get("label"), Currency: strings.ToUpper(or("currency", o.Currency)),
			PriceBasis: strings.ToLower(or("price_basis", o.PriceBasis)), GWP: or("gwp", o.GWP), Source: or("source", o.Source),
			Licence: or("licence", o.Licence), Estimate: o.Estimate, File: path, Line: line}
		if raw != "" && get(codeField) == "" && get(factorField) == "" {
			bad("code", "the row could not be read")
			return nil
		}
		priceYear := or("price_year", "")
		if u := get("unit"); u != "" {
			m := epaUnit.FindStringSubmatch(u)
			if m == nil {
				bad("unit", "%q: kg CO2e/YEAR CUR, purchaser price", u)
				return nil
			}
			priceYear, f.Currency, f.PriceBasis = m[1], strings.ToUpper(m[2]), strings.ToLower(m[3])
			if f.PriceBasis == "producer" {
				f.PriceBasis = "basic"
			}
		}
		if f.GWP == "" {
			if m := gwpIn.FindStringSubmatch(f.Source); m != nil {
				f.GWP = strings.ToUpper(m[1])
			}
		}
		if !slices.Contains(cityspend.FactorSchemes, f.Scheme) {
			bad("scheme", "%q: use %s", f.Scheme, strings.Join(cityspend.FactorSchemes, ", "))
			return nil
		}
		if f.Code = factors.NormalizeCode(f.Scheme, f.Code); f.Code == "" {
			bad("code", "%q is not a %s code", get(codeField), f.Scheme)
			return nil
		}
		v, err := parseNumber(get(factorField))
		if err != nil || v < 0 {
			bad("factor", "kg CO2e per unit: %v", orMsg(err, "negative"))
			return nil
		}
		f.KgPerUnit = v
		if !validCurrency(f.Currency) {
			bad("currency", "%q is not an ISO 4217 code", f.Currency)
			return nil
		}
		if py := priceYear; py == "" && o.PriceYear != 0 {
			f.PriceYear = o.PriceYear
		} else if f.PriceYear, err = parseYear(py); err != nil {
			bad("price_year", "%v", err)
			return nil
		}
		switch f.PriceBasis {
		case "purchaser", "purchaser prices", "basic", "basic prices":
			f.PriceBasis = strings.TrimSuffix(f.PriceBasis, " prices")
		default:
			bad("price_basis", "%q: purchaser or basic", f.PriceBasis)
			return nil
		}
		if f.Source == "" {
			bad("source", "every factor needs its source")
			return nil
		}
		if f.Licence == "" {
			bad("licence", "every factor needs its licence")
			return nil
		}
		switch strings.ToLower(get("estimate")) {
		case "":
		case "yes", "true", "1", "ja":
			f.Estimate = true
		case "no", "false", "0", "nei":
			f.Estimate = false
		default:
			bad("estimate", "%q: yes or no", get("estimate"))
			return nil
		}
		k := [2]string{f.Scheme, f.Code}
		if first, dup := seen[k]; dup {
			bad("code", "%s %s is on line %d already", f.Scheme, f.Code, first)
			return nil
		}
		seen[k] = line
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if len(out) == 0 && len(rejects) == 0 {
		return nil, nil, cityspend.Errorf(cityspend.EINVALID, "%s: no factors", path)
	}
	return out, rejects, nil
}

func orMsg(err error, msg string) string {
	if err != nil {
		return err.Error()
	}
	return msg
}

var concordanceLayout = tabular.Layout{Columns: []tabular.Column{
	{Field: "from_scheme", Aliases: []string{"from scheme", "fra kodeverk"}, Required: true},
	{Field: "from_code", Aliases: []string{"from code", "fra kode"}, Required: true},
	{Field: "to_scheme", Aliases: []string{"to scheme", "til kodeverk"}, Required: true},
	{Field: "to_code", Aliases: []string{"to code", "til kode"}, Required: true},
	{Field: "source", Aliases: []string{"kilde"}},
}, Hint: "a concordance needs from_scheme, from_code, to_scheme and to_code"}

// ReadConcordance reads a concordance table: from scheme and code, to
// scheme and code (CSV or XLSX).
func ReadConcordance(path string) ([]cityspend.Concordance, []cityspend.Reject, error) {
	tb, err := tabular.OpenNamed(path, tabular.Options{}, concordanceLayout)
	if err != nil {
		return nil, nil, err
	}
	var out []cityspend.Concordance
	var rejects []cityspend.Reject
	err = tb.Each(func(row tabular.Row) error {
		line, raw, get := fields(row)
		c := cityspend.Concordance{FromScheme: strings.ToLower(get("from_scheme")), ToScheme: strings.ToLower(get("to_scheme")), Source: get("source")}
		for _, side := range []struct {
			field, scheme string
			code          *string
			raw           string
		}{{"from", c.FromScheme, &c.FromCode, get("from_code")}, {"to", c.ToScheme, &c.ToCode, get("to_code")}} {
			if !slices.Contains(cityspend.FactorSchemes, side.scheme) || side.scheme == cityspend.SchemeSupplier {
				rejects = append(rejects, cityspend.Reject{Line: line, Field: side.field + "_scheme", Raw: raw,
					Reason: fmt.Sprintf("%q: use cpv, nace, kostra or naics", side.scheme)})
				return nil
			}
			if *side.code = factors.NormalizeCode(side.scheme, side.raw); *side.code == "" || *side.code == "*" {
				rejects = append(rejects, cityspend.Reject{Line: line, Field: side.field + "_code", Raw: raw,
					Reason: fmt.Sprintf("%q is not a %s code", side.raw, side.scheme)})
				return nil
			}
		}
		if c.FromScheme == c.ToScheme {
			rejects = append(rejects, cityspend.Reject{Line: line, Field: "to_scheme", Raw: raw, Reason: "a concordance maps between two schemes"})
			return nil
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, rejects, nil
}

var rateLayout = tabular.Layout{Columns: []tabular.Column{
	{Field: "kind", Aliases: []string{"type", "art"}, Required: true},
	{Field: "currency", Aliases: []string{"from", "from_currency", "valuta"}, Required: true},
	{Field: "to", Aliases: []string{"to_currency", "til"}},
	{Field: "year", Aliases: []string{"år"}, Required: true},
	{Field: "value", Aliases: []string{"rate", "index", "verdi", "kurs"}, Required: true},
	{Field: "source", Aliases: []string{"kilde"}},
}, Hint: "a rate file needs kind, currency, year and value"}

// ReadRates reads exchange rates and price indices: kind (fx or deflator),
// currency, to (fx), year, value, source (CSV or XLSX).
func ReadRates(path string) ([]cityspend.Rate, []cityspend.Reject, error) {
	tb, err := tabular.OpenNamed(path, tabular.Options{}, rateLayout)
	if err != nil {
		return nil, nil, err
	}
	var out []cityspend.Rate
	var rejects []cityspend.Reject
	seen := map[string]int{}
	err = tb.Each(func(row tabular.Row) error {
		line, raw, get := fields(row)
		bad := func(field, format string, args ...any) {
			rejects = append(rejects, cityspend.Reject{Line: line, Field: field, Raw: raw, Reason: fmt.Sprintf(format, args...)})
		}
		r := cityspend.Rate{Kind: strings.ToLower(get("kind")), Currency: strings.ToUpper(get("currency")), To: strings.ToUpper(get("to")),
			Source: get("source")}
		switch r.Kind {
		case cityspend.RateFX:
			if !validCurrency(r.To) || r.To == r.Currency {
				bad("to", "%q: an exchange rate needs the other currency", get("to"))
				return nil
			}
		case cityspend.RateDeflator:
			r.To = ""
		default:
			bad("kind", "%q: fx or deflator", get("kind"))
			return nil
		}
		if !validCurrency(r.Currency) {
			bad("currency", "%q is not an ISO 4217 code", get("currency"))
			return nil
		}
		var err error
		if r.Year, err = parseYear(get("year")); err != nil {
			bad("year", "%v", err)
			return nil
		}
		if r.Value, err = parseNumber(get("value")); err != nil || r.Value <= 0 {
			bad("value", "%s", orMsg(err, "must be above zero"))
			return nil
		}
		if r.Source == "" {
			bad("source", "every rate needs its source")
			return nil
		}
		k := fmt.Sprint(r.Kind, r.Currency, r.To, r.Year)
		if first, dup := seen[k]; dup {
			bad("year", "the same rate is on line %d already", first)
			return nil
		}
		seen[k] = line
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, rejects, nil
}

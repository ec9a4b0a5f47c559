// SPDX-License-Identifier: EUPL-1.2

// Package climate computes the spend-based climate footprint of a buyer's
// purchases (METHODS §8): each line's spend, excluding VAT, is converted to
// the currency and price year of the emission factor that applies to it
// (deflated with the spend currency's price index, then exchanged at the
// factor's price year), and multiplied by the factor:
//
//	t CO2e = Σ spend · deflator(year → price year) · FX(price year) · kg per unit / 1000
//
// The factor of a line is, in order: the supplier's own factor; the factor
// of the longest CPV prefix of the line's category (directly, or through a
// concordance from a NAICS, NACE or KOSTRA factor); the factor of its KOSTRA
// art; of its supplier's industry (NACE); the set's catch-all ("*"). A
// factor that cannot be converted (no exchange rate or price index for its
// year) is passed over for the next, and spend no factor reaches is
// reported, not guessed.
//
// Every figure carries a data-quality grade from the factors behind it:
// supplier-specific, category-specific (a CPV group or finer, or the line's
// whole category), or fallback (a coarser CPV division, an account, an
// industry or the catch-all).
package climate

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata"
	"github.com/cityspend/cityspend/refdata/cpv"
	"github.com/cityspend/cityspend/refdata/factors"
)

// ViaCatchAll is the FactorVia of a category that no code of the set
// reached: the set's factor for anything (pages name it in their language).
const ViaCatchAll = "the set's catch-all"

// Quality grades of a factor.
const (
	QualitySupplier = "supplier" // the supplier's own factor
	QualityCategory = "category" // a CPV group or finer, or the line's whole category, set or mapped
	QualityFallback = "fallback" // a coarser CPV division, an account, an industry, the catch-all
	QualityNone     = "none"     // no factor applies, or none could be converted
)

// Qualities lists the grades, best first.
var Qualities = []string{QualitySupplier, QualityCategory, QualityFallback, QualityNone}

// SettingFactorSet is the buyer setting that names its factor set.
const SettingFactorSet = "factor_set"

// candidate is a factor that may apply, with its quality and how it was
// reached.
type candidate struct {
	f       cityspend.EmissionFactor
	quality string
	via     string // "cpv 4521", "naics 236220 → cpv 4521", …
}

// Set is a factor set compiled for lookups, with the conversion tables.
type Set struct {
	Name     string
	Estimate bool // some factor of the set is an estimate
	supplier map[string]cityspend.EmissionFactor
	cpv      map[string][]candidate // by CPV prefix, direct factors first
	kostra   map[string]cityspend.EmissionFactor
	nace     map[string]cityspend.EmissionFactor
	any      *cityspend.EmissionFactor
	conv     Converter
	sources  []string // of the conversion tables
}

// Compile prepares a set's factors, the concordances to CPV and the rates.
func Compile(name string, fs []cityspend.EmissionFactor, cs []cityspend.Concordance, rs []cityspend.Rate) *Set {
	s := &Set{Name: name, supplier: map[string]cityspend.EmissionFactor{}, cpv: map[string][]candidate{},
		kostra: map[string]cityspend.EmissionFactor{}, nace: map[string]cityspend.EmissionFactor{}, conv: NewConverter(rs)}
	for _, r := range rs {
		if !slices.Contains(s.sources, r.Source) {
			s.sources = append(s.sources, r.Source)
		}
	}
	toCPV := map[string][]string{} // "naics 236220" → CPV prefixes
	for _, c := range cs {
		if c.ToScheme == cityspend.SchemeCPV {
			k := c.FromScheme + " " + c.FromCode
			toCPV[k] = append(toCPV[k], c.ToCode)
		}
	}
	// mapped are the CPV prefixes a factor's code reaches: its own rows, or
	// for a NACE class finer than the concordance ("10.51" where the table
	// has "10.5"), the rows of its longest mapped prefix.
	mapped := func(f cityspend.EmissionFactor) (string, []string) {
		if to := toCPV[f.Scheme+" "+f.Code]; len(to) > 0 || f.Scheme != cityspend.SchemeNACE {
			return f.Code, to
		}
		for n := len(f.Code) - 1; n >= 2; n-- {
			p := strings.TrimSuffix(f.Code[:n], ".")
			if to := toCPV[f.Scheme+" "+p]; len(to) > 0 {
				return p, to
			}
		}
		return f.Code, nil
	}
	cpvQuality := func(prefix string) string {
		if len(prefix) >= 3 {
			return QualityCategory
		}
		return QualityFallback
	}
	for _, f := range fs {
		s.Estimate = s.Estimate || f.Estimate
		// Earlier sets come first: the first factor for a code wins.
		if f.Code == "*" {
			if s.any == nil {
				f := f
				s.any = &f
			}
			continue
		}
		first := func(m map[string]cityspend.EmissionFactor) {
			if _, ok := m[f.Code]; !ok {
				m[f.Code] = f
			}
		}
		switch f.Scheme {
		case cityspend.SchemeSupplier:
			first(s.supplier)
		case cityspend.SchemeCPV:
			s.cpv[f.Code] = append(s.cpv[f.Code], candidate{f, cpvQuality(f.Code), "cpv " + f.Code})
		case cityspend.SchemeKOSTRA:
			first(s.kostra)
		case cityspend.SchemeNACE:
			first(s.nace)
		}
		row, to := mapped(f)
		for _, to := range to {
			via := fmt.Sprintf("%s %s → cpv %s", f.Scheme, f.Code, to)
			if row != f.Code {
				via = fmt.Sprintf("%s %s (as %s) → cpv %s", f.Scheme, f.Code, row, to)
			}
			s.cpv[to] = append(s.cpv[to], candidate{f, cpvQuality(to), via})
		}
	}
	return s
}

// SetStore is what sets reads: the buyer (its country), its setting and
// the factors of a country's published set.
type SetStore interface {
	Buyer(ctx context.Context, id string) (cityspend.Buyer, error)
	cityspend.SettingStore
	Factors(ctx context.Context, set string) ([]cityspend.EmissionFactor, error)
}

// sets reads a buyer's factor sets, in order of precedence: its setting
// (names separated by commas), else its country's published set where it
// is loaded (factors.LoadedSetFor: the UK government's conversion factors
// by SIC code for British buyers) before the shipped set of its country
// (factors.SetFor). It returns the factors it read to decide, so that
// they are read once.
func sets(ctx context.Context, st SetStore, buyerID string) ([]string, map[string][]cityspend.EmissionFactor, error) {
	v, err := st.Setting(ctx, buyerID, SettingFactorSet)
	if err != nil {
		return nil, nil, err
	}
	var names []string
	read := map[string][]cityspend.EmissionFactor{}
	for _, n := range strings.Split(v, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		b, err := st.Buyer(ctx, buyerID)
		if err != nil {
			return nil, nil, err
		}
		if set := factors.LoadedSetFor(b.Country); set != "" {
			fs, err := st.Factors(ctx, set)
			if err != nil {
				return nil, nil, err
			}
			if len(fs) > 0 {
				names = append(names, set)
				read[set] = fs
			}
		}
		names = append(names, factors.SetFor(b.Country))
	}
	return names, read, nil
}

// Load compiles a buyer's factor sets with the concordances and rates.
// A shipped set applies from memory while the store has none of that
// name, and the shipped concordances between the schemes the store has no
// rows for: a footprint reads the store and never writes to it.
func Load(ctx context.Context, st Store, buyerID string) (*Set, error) {
	names, read, err := sets(ctx, st, buyerID)
	if err != nil {
		return nil, err
	}
	var fs []cityspend.EmissionFactor
	for _, name := range names {
		set, ok := read[name]
		if !ok {
			if set, err = st.Factors(ctx, name); err != nil {
				return nil, err
			}
		}
		if len(set) == 0 {
			set = factors.Shipped(name)
		}
		if len(set) == 0 {
			return nil, cityspend.Errorf(cityspend.ENOTFOUND, "no emission factor set %q (import one with `cityspend import factors`)", name)
		}
		fs = append(fs, set...)
	}
	name := strings.Join(names, ", ")
	cs, err := st.Concordances(ctx)
	if err != nil {
		return nil, err
	}
	rs, err := st.Rates(ctx)
	if err != nil {
		return nil, err
	}
	return Compile(name, fs, append(cs, missingConcordances(cs)...), rs), nil
}

// candidates yields the factors that may apply to a cell, best first,
// until yield returns false: most cells take the first, so the rest are
// not made.
func (s *Set) candidates(c cityspend.FootprintCell, override *Override, yield func(*candidate) bool) {
	if override != nil && override.applies(c) {
		if !yield(&candidate{override.Factor, QualitySupplier, "what if: " + override.describe()}) {
			return
		}
	}
	if f, ok := s.supplier[c.SupplierID]; ok {
		if !yield(&candidate{f, QualitySupplier, "supplier " + c.SupplierID}) {
			return
		}
	}
	if cpv.Valid(c.Category) {
		code := cpv.Trim(c.Category)
		for n := len(code); n >= 2; n-- {
			cds := s.cpv[code[:n]]
			for i := range cds {
				cd := &cds[i]
				if n == len(code) && cd.quality != QualityCategory {
					// The factor of the line's whole category, even a
					// division when the line is classified no finer.
					own := *cd
					own.quality = QualityCategory
					cd = &own
				}
				if !yield(cd) {
					return
				}
			}
		}
	}
	if _, art, ok := refdata.KostraArt(c.Account); ok {
		if f, ok := s.kostra[art]; ok {
			if !yield(&candidate{f, QualityFallback, "kostra art " + art}) {
				return
			}
		}
	}
	if c.NACE != "" {
		for n := len(c.NACE); n >= 2; n-- {
			if f, ok := s.nace[c.NACE[:n]]; ok {
				if !yield(&candidate{f, QualityFallback, "nace " + c.NACE[:n]}) {
					return
				}
				break
			}
		}
	}
	if s.any != nil {
		yield(&candidate{*s.any, QualityFallback, ViaCatchAll})
	}
}

// Figure is a footprint figure with its spend, data quality and share.
type Figure struct {
	Key     string           `json:"key"`
	Label   string           `json:"label,omitempty"`
	Spend   cityspend.Amount `json:"spend"`
	T       float64          `json:"t"`     // t CO2e
	Share   float64          `json:"share"` // of the total t
	Quality string           `json:"quality"`
	// Factor is the factor behind most of a category's spend and how it was
	// reached ("naics 236220 → cpv 452: 0.256 kg CO2e per USD, 2021
	// prices"), FactorSource its source; categories only.
	Factor       string `json:"factor,omitempty"`
	FactorSource string `json:"factor_source,omitempty"`
	// The same factor as figures, for a page to write in its language:
	// kg CO2e per unit of FactorCurrency at FactorYear's prices, reached
	// by FactorVia ("naics 236220 → cpv 452").
	FactorKg       float64 `json:"factor_kg_per_unit,omitempty"`
	FactorCurrency string  `json:"factor_currency,omitempty"`
	FactorYear     int     `json:"factor_price_year,omitempty"`
	FactorVia      string  `json:"factor_via,omitempty"`
	// Spend by grade, for the grade; by factor, for Factor.
	bySpend  map[string]cityspend.Amount
	byFactor map[string]cityspend.Amount
	factors  map[string]candidate
}

// Part is the spend and t CO2e of one quality grade.
type Part struct {
	Spend cityspend.Amount `json:"spend"`
	T     float64          `json:"t"`
	Share float64          `json:"spend_share"`
}

// Missing is spend no factor reached, by reason.
type Missing struct {
	Reason string           `json:"reason"`
	Spend  cityspend.Amount `json:"spend"`
}

// Quality sums a footprint up by grade.
type Quality struct {
	Grade    string    `json:"grade"` // of the whole footprint
	Supplier Part      `json:"supplier"`
	Category Part      `json:"category"`
	Fallback Part      `json:"fallback"`
	None     Part      `json:"none"`
	Missing  []Missing `json:"missing,omitempty"`
	Estimate bool      `json:"estimate"` // estimated factors are behind it
}

// Footprint is the climate footprint of a buyer's spend in a period.
type Footprint struct {
	Year       int              `json:"year"`
	Currency   string           `json:"currency"`
	Set        string           `json:"factor_set"`
	Spend      cityspend.Amount `json:"spend"`
	TotalT     float64          `json:"total_t"`
	PerMillion float64          `json:"per_million"` // t CO2e per million of the currency
	ByCategory []Figure         `json:"by_category"` // CPV groups, largest first
	BySupplier []Figure         `json:"by_supplier"` // largest first, at most TopN
	ByUnit     []Figure         `json:"by_unit"`
	Quality    Quality          `json:"quality"`
	Previous   *Change          `json:"previous,omitempty"`
	WhatIf     *WhatIf          `json:"what_if,omitempty"`
	// RateSources are the sources of the exchange rates and price indices.
	RateSources []string `json:"rate_sources,omitempty"`
}

// Change compares with the year before.
type Change struct {
	Year       int     `json:"year"`
	TotalT     float64 `json:"total_t"`
	PerMillion float64 `json:"per_million"`
	ChangeT    float64 `json:"change_t"`
	ChangePct  float64 `json:"change_pct"`
}

// WhatIf is the footprint with one category's factor replaced.
type WhatIf struct {
	Category   string  `json:"category"`
	SupplierID string  `json:"supplier_id,omitempty"`
	Factor     float64 `json:"kg_co2e_per_unit"`
	Currency   string  `json:"currency"`
	PriceYear  int     `json:"price_year"`
	TotalT     float64 `json:"total_t"` // with the factor
	BaseT      float64 `json:"base_t"`  // without it
	ChangeT    float64 `json:"change_t"`
}

// Override replaces the factor of a category's spend (of one supplier, or
// all) with a supplier-specific one, for "what if".
type Override struct {
	Category   string // a CPV prefix
	SupplierID string // "": every supplier in the category
	Factor     cityspend.EmissionFactor
}

func (o *Override) applies(c cityspend.FootprintCell) bool {
	return strings.HasPrefix(c.Category, o.Category) && (o.SupplierID == "" || o.SupplierID == c.SupplierID)
}

func (o *Override) describe() string {
	s := "cpv " + o.Category
	if o.SupplierID != "" {
		s += ", supplier " + o.SupplierID
	}
	return s
}

// Labeler names a CPV code in a language.
type Labeler func(code, lang string) string

// Options choose what a footprint reports.
type Options struct {
	TopN     int     // suppliers listed; default 50
	Label    Labeler // category names; default the project's CPV labels
	Lang     string  // of the category names: "nb" or "en" (default)
	Override *Override
	// NoUnits leaves out the footprint by org unit (ByUnit): the spend is
	// then summed by one key less, far faster over many years.
	NoUnits bool
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

// Compute applies the set to cells of spend in year (the spend's price
// year) in currency.
func (s *Set) Compute(cells []cityspend.FootprintCell, year int, currency string, o Options) *Footprint {
	if o.TopN <= 0 {
		o.TopN = 50
	}
	fp := &Footprint{Year: year, Currency: currency, Set: s.Name, RateSources: s.sources}
	cats, sups, units := map[string]*Figure{}, map[string]*Figure{}, map[string]*Figure{}
	parts := map[string]*Part{QualitySupplier: &fp.Quality.Supplier, QualityCategory: &fp.Quality.Category,
		QualityFallback: &fp.Quality.Fallback, QualityNone: &fp.Quality.None}
	missing := map[string]cityspend.Amount{}
	add := func(m map[string]*Figure, key, label string, spend cityspend.Amount, t float64, q string) *Figure {
		f := m[key]
		if f == nil {
			f = &Figure{Key: key, Label: label, bySpend: map[string]cityspend.Amount{}}
			m[key] = f
		}
		f.Spend += spend
		f.T += t
		f.bySpend[q] += abs(spend)
		return f
	}
	// The factors' descriptions, made once each.
	type factorKey struct {
		via      string
		kg       float64
		currency string
		year     int
	}
	keys := map[factorKey]string{}
	for _, c := range s.cellsOrdered(cells) {
		spendYear := year
		if c.Year != 0 {
			spendYear = c.Year
		}
		kg, q, reason, used := s.apply(*c, spendYear, currency, o.Override)
		t := kg / 1000
		if q == QualityNone {
			missing[reason] += c.Spend
		}
		if used != nil && used.f.Estimate {
			// The factor that applied (a conversion fails or not whatever the amount).
			fp.Quality.Estimate = true
		}
		fp.Spend += c.Spend
		fp.TotalT += t
		p := parts[q]
		p.Spend += c.Spend
		p.T += t
		group := "unclassified"
		if cpv.Valid(c.Category) {
			group = string(cpv.Code(c.Category).At(3))
		}
		if cat := add(cats, group, "", c.Spend, t, q); used != nil {
			if cat.byFactor == nil {
				cat.byFactor, cat.factors = map[string]cityspend.Amount{}, map[string]candidate{}
			}
			fk := factorKey{used.via, used.f.KgPerUnit, used.f.Currency, used.f.PriceYear}
			k, ok := keys[fk]
			if !ok {
				k = fmt.Sprintf("%s: %g kg CO2e per %s, %d prices", used.via, used.f.KgPerUnit, used.f.Currency, used.f.PriceYear)
				keys[fk] = k
			}
			cat.byFactor[k] += abs(c.Spend)
			cat.factors[k] = *used
		}
		add(sups, c.SupplierID, c.Supplier, c.Spend, t, q)
		add(units, c.OrgUnit, "", c.Spend, t, q)
	}
	if fp.Spend != 0 {
		fp.PerMillion = round(fp.TotalT/(float64(fp.Spend)/100)*1e6, 3)
	}
	for _, p := range parts {
		p.Share = cityspend.Share(p.Spend, fp.Spend)
		p.T = round(p.T, 3)
	}
	for r, a := range missing {
		fp.Quality.Missing = append(fp.Quality.Missing, Missing{Reason: r, Spend: a})
	}
	sort.Slice(fp.Quality.Missing, func(i, j int) bool { return fp.Quality.Missing[i].Spend > fp.Quality.Missing[j].Spend })
	fp.Quality.Grade = grade(map[string]cityspend.Amount{QualitySupplier: fp.Quality.Supplier.Spend, QualityCategory: fp.Quality.Category.Spend,
		QualityFallback: fp.Quality.Fallback.Spend, QualityNone: fp.Quality.None.Spend})
	fp.ByCategory = figures(cats, fp.TotalT, 0)
	for i := range fp.ByCategory {
		f := &fp.ByCategory[i]
		if f.Key != "unclassified" {
			f.Label = categoryLabel(o.Label, f.Key, o.Lang)
		}
	}
	fp.BySupplier = figures(sups, fp.TotalT, o.TopN)
	if !o.NoUnits {
		fp.ByUnit = figures(units, fp.TotalT, 0)
	}
	fp.TotalT = round(fp.TotalT, 3)
	return fp
}

func abs(a cityspend.Amount) cityspend.Amount {
	if a < 0 {
		return -a
	}
	return a
}

// cellsOrdered sorts cells so that floating-point sums come out the same
// whatever order the store returned them in. It sorts pointers: a cell is
// many words, and a footprint of 10 million lines has thousands.
func (s *Set) cellsOrdered(cells []cityspend.FootprintCell) []*cityspend.FootprintCell {
	out := make([]*cityspend.FootprintCell, len(cells))
	for i := range cells {
		out[i] = &cells[i]
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Year != b.Year {
			return a.Year < b.Year
		}
		if a.SupplierID != b.SupplierID {
			return a.SupplierID < b.SupplierID
		}
		if a.Category != b.Category {
			return a.Category < b.Category
		}
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		return a.OrgUnit < b.OrgUnit
	})
	return out
}

// NoFactor is the reason spend is not counted when no factor reaches its
// category, account or supplier's industry.
const NoFactor = "no factor for the category, account or industry"

// apply returns a cell's kg CO2e, the quality of its factor and the
// factor, or the reason none applies.
func (s *Set) apply(c cityspend.FootprintCell, year int, currency string, o *Override) (kg float64, quality, reason string, used *candidate) {
	quality, reason = QualityNone, NoFactor
	var firstErr string
	s.candidates(c, o, func(cd *candidate) bool {
		units, err := s.conv.Convert(float64(c.Spend)/100, currency, year, cd.f.Currency, cd.f.PriceYear)
		if err != nil {
			if firstErr == "" {
				firstErr = err.Error()
			}
			reason = firstErr
			return true
		}
		kg, quality, reason, used = units*cd.f.KgPerUnit, cd.quality, "", cd
		return false
	})
	return kg, quality, reason, used
}

// Explain says which factor applies to a cell and how its spend converts.
func (s *Set) Explain(c cityspend.FootprintCell, year int, currency string) string {
	out := "no factor applies"
	s.candidates(c, nil, func(cd *candidate) bool {
		units, err := s.conv.Convert(float64(c.Spend)/100, currency, year, cd.f.Currency, cd.f.PriceYear)
		if err != nil {
			return true
		}
		out = fmt.Sprintf("%s: %g kg CO2e per %s (%d prices, %s; %s) × %.2f %s %d = %.1f kg", cd.via, cd.f.KgPerUnit, cd.f.Currency,
			cd.f.PriceYear, cd.f.Source, cd.quality, units, cd.f.Currency, cd.f.PriceYear, units*cd.f.KgPerUnit)
		return false
	})
	return out
}

// grade sums spend by quality up to a letter: A when at least 80 % of the
// spend has supplier-specific factors, B when at least 80 % has supplier-
// or category-specific ones, C when at least 80 % has any factor, else D.
func grade(by map[string]cityspend.Amount) string {
	var total cityspend.Amount
	for _, a := range by {
		total += abs(a)
	}
	if total == 0 {
		return ""
	}
	share := func(qs ...string) float64 {
		var s cityspend.Amount
		for _, q := range qs {
			s += abs(by[q])
		}
		return cityspend.Share(s, total)
	}
	switch {
	case share(QualitySupplier) >= 0.8:
		return "A"
	case share(QualitySupplier, QualityCategory) >= 0.8:
		return "B"
	case share(QualitySupplier, QualityCategory, QualityFallback) >= 0.8:
		return "C"
	}
	return "D"
}

func figures(m map[string]*Figure, total float64, top int) []Figure {
	out := make([]Figure, 0, len(m))
	for _, f := range m {
		f.Quality = grade(f.bySpend)
		var most cityspend.Amount
		for k, a := range f.byFactor {
			if a > most || a == most && k < f.Factor {
				u := f.factors[k]
				f.Factor, f.FactorSource, most = k, u.f.Source, a
				f.FactorKg, f.FactorCurrency, f.FactorYear, f.FactorVia = u.f.KgPerUnit, u.f.Currency, u.f.PriceYear, u.via
			}
		}
		if total != 0 {
			f.Share = round(f.T/total, 4)
		}
		f.T = round(f.T, 3)
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].T != out[j].T {
			return out[i].T > out[j].T
		}
		return out[i].Key < out[j].Key
	})
	if top > 0 && len(out) > top {
		out = out[:top]
	}
	return out
}

// categoryLabel names a category in a language ("nb" or "en"): the
// labeler's name, else the project's (in bokmål the code's own or its
// nearest ancestor's, in English its division's).
func categoryLabel(label Labeler, code, lang string) string {
	if lang != "nb" {
		lang = "en"
	}
	if label != nil {
		if l := label(code, lang); l != "" && !strings.HasPrefix(l, "CPV ") {
			return l
		}
	}
	if n, ok := cpv.LabelIn(cpv.Code(code), lang); ok {
		return n.Text
	}
	return ""
}

// For computes the footprint of a filter's procurement spend, labelled
// year (each line's spend is converted from its own fiscal year's prices).
func (s *Set) For(ctx context.Context, st cityspend.ClimateStore, f cityspend.SpendFilter, year int, currency string, o Options) (*Footprint, error) {
	f.Scope = cityspend.ScopeIn
	cells, err := st.FootprintCells(ctx, f, !o.NoUnits)
	if err != nil {
		return nil, err
	}
	return s.Compute(cells, year, currency, o), nil
}

// ByYear computes a footprint for every fiscal year of a filter's spend
// with one query.
func (s *Set) ByYear(ctx context.Context, st cityspend.ClimateStore, f cityspend.SpendFilter, currency string, o Options) (map[int]*Footprint, error) {
	f.Scope = cityspend.ScopeIn
	cells, err := st.FootprintCells(ctx, f, !o.NoUnits)
	if err != nil {
		return nil, err
	}
	byYear := map[int][]cityspend.FootprintCell{}
	for _, c := range cells {
		byYear[c.Year] = append(byYear[c.Year], c)
	}
	out := map[int]*Footprint{}
	for y, cs := range byYear {
		out[y] = s.Compute(cs, y, currency, o)
	}
	return out, nil
}

// Compare sets the change since an earlier footprint.
func (fp *Footprint) Compare(prev *Footprint) {
	if prev == nil || prev.Spend == 0 {
		return
	}
	c := &Change{Year: prev.Year, TotalT: prev.TotalT, PerMillion: prev.PerMillion, ChangeT: round(fp.TotalT-prev.TotalT, 3)}
	if prev.TotalT != 0 {
		c.ChangePct = round((fp.TotalT-prev.TotalT)/prev.TotalT, 4)
	}
	fp.Previous = c
}

// ParseOverride reads a what-if: "CATEGORY=KG" or "CATEGORY=KG:CURRENCY:YEAR".
func ParseOverride(s, currency string, year int) (*Override, error) {
	cat, rest, ok := strings.Cut(s, "=")
	if !ok {
		return nil, fmt.Errorf("what if %q: give CPV=KG[:CURRENCY:YEAR]", s)
	}
	cat = cpv.Trim(strings.TrimSpace(cat))
	if len(cat) < 2 || strings.Trim(cat, "0123456789") != "" {
		return nil, fmt.Errorf("what if %q: the category is a CPV code or its first digits", s)
	}
	parts := strings.Split(rest, ":")
	kg, err := strconv.ParseFloat(parts[0], 64)
	if err != nil || kg < 0 {
		return nil, fmt.Errorf("what if %q: %q is not kg CO2e per unit", s, parts[0])
	}
	f := cityspend.EmissionFactor{KgPerUnit: kg, Currency: currency, PriceYear: year, Source: "what if", Licence: "-"}
	if len(parts) == 3 {
		f.Currency = strings.ToUpper(parts[1])
		if f.PriceYear, err = strconv.Atoi(parts[2]); err != nil {
			return nil, fmt.Errorf("what if %q: %q is not a year", s, parts[2])
		}
	} else if len(parts) != 1 {
		return nil, fmt.Errorf("what if %q: give CPV=KG[:CURRENCY:YEAR]", s)
	}
	return &Override{Category: cat, Factor: f}, nil
}

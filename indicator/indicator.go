// SPDX-License-Identifier: EUPL-1.2

// Package indicator computes what cityspend reports about a buyer's spend:
// the CLES "Making Spend Matter" analysis (scope, geography, business type,
// sector, market gaps, deprived areas, trend, top-N coverage) and the
// breakdowns behind it. It works only through roles of the cityspend.Store interface;
// the web UI, the JSON API, the CLI and the reports all call it, so their
// numbers cannot disagree.
package indicator

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/climate"
	"github.com/cityspend/cityspend/refdata"
)

// Filters narrow the analysis. Every field is optional.
type Filters struct {
	OrgUnit      string `json:"org_unit,omitempty"`
	AccountGroup string `json:"account_group,omitempty"` // account code prefix
	Type         string `json:"business_type,omitempty"` // public, social_enterprise, micro, small, medium, large, unknown
	Place        string `json:"place,omitempty"`         // L0, L1, L2, L3, unknown
	Section      string `json:"nace_section,omitempty"`  // NACE section letter, or unknown
	Category     string `json:"category,omitempty"`      // CPV code prefix (digits), or unclassified
}

// Options tune Analyse.
type Options struct {
	TopN     int  // suppliers in the top-N population and list; default 300
	Calendar bool // calendar year instead of the buyer's fiscal year
	Filters  Filters
	Lang     string // "en" (default) or "nb", for sector names
	// SkipCO2e leaves the climate footprint out (pages that do not show it).
	SkipCO2e bool
	// Label names CPV categories in the footprint (in Lang); default the
	// project's CPV labels.
	Label climate.Labeler
}

func (o *Options) defaults() {
	if o.TopN <= 0 {
		o.TopN = 300
	}
	if o.Lang == "" {
		o.Lang = "en"
	}
}

// Analysis is the indicator set for one buyer and year. Its JSON is the
// contract of `cityspend analyse --json` and of the API.
type Analysis struct {
	Buyer     string     `json:"buyer"`
	BuyerName string     `json:"buyer_name"`
	Year      int        `json:"year"`
	Period    PeriodJSON `json:"period"`
	Currency  string     `json:"currency"`
	Synthetic bool       `json:"synthetic,omitempty"`
	// Provisional: an import's follow-up (payees, scope, categories) is
	// pending for the buyer, so the figures may change when it completes.
	Provisional bool    `json:"provisional,omitempty"`
	Filters     Filters `json:"filters"`

	TotalSpend    cityspend.Amount `json:"total_spend"`    // procurement (in-scope) spend
	ExcludedSpend cityspend.Amount `json:"excluded_spend"` // spend the scope leaves out
	Excluded      []Group          `json:"excluded"`       // by reason
	Lines         int64            `json:"lines"`
	Suppliers     int64            `json:"suppliers"`

	TopN int `json:"top_n"`
	// Coverage is the top N's share of the spend: of the suppliers'
	// positive net spend (a supplier whose credit notes outweigh its
	// invoices has none to cover), so it is at most 1.
	Coverage float64 `json:"coverage"`

	Population
	TopNPopulation Population `json:"top_n_population"`

	Sectors        []Sector           `json:"sectors"`
	MarketGaps     []Gap              `json:"market_gaps"`
	Municipalities []Municipality     `json:"municipalities"`
	TopSuppliers   []TopSupplier      `json:"top_suppliers"`
	ByAccountGroup []Group            `json:"by_account_group"`
	Trend          []TrendYear        `json:"trend"`
	LM3            *LM3               `json:"lm3,omitempty"`
	CO2e           *climate.Footprint `json:"co2e,omitempty"`
	DataQuality    DataQuality        `json:"data_quality"`
}

// PeriodJSON is a period as dates ("2024-01-01", to exclusive) and a label.
type PeriodJSON struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Label string `json:"label"`
}

// Population is the geography and business-type profile of a set of
// suppliers: all of them, or the top N. Unknown is unknown: every share of
// a place is over the spend whose place is known, every share of a
// business type over the spend whose type is known, with that coverage
// beside it (a supplier of unknown place is not leakage, one of unknown
// type is not large). The unknown band and type keep their share of all
// the spend (1 − the coverage).
type Population struct {
	Spend         cityspend.Amount `json:"population_spend"`
	LocalShare    LocalShare       `json:"local_share"`
	Leakage       Leakage          `json:"leakage"`
	Bands         map[string]Band  `json:"bands"`
	BusinessTypes map[string]Band  `json:"business_types"`
	SMEShare      float64          `json:"sme_share"` // micro + small + medium, of the spend whose type is known
	Deprived      Band             `json:"deprived"`  // suppliers in the configured deprived areas, of the spend whose place is known
	// PlaceCoverage is the share of the spend whose place is known: what
	// the place shares are over.
	PlaceCoverage float64 `json:"place_coverage"`
	// TypeCoverage is the share of the spend whose business type is
	// known: what the business-type shares and the SME share are over.
	TypeCoverage float64 `json:"type_coverage"`
}

// LocalShare is the share of spend with local suppliers, 0–1, of the
// spend whose place is known (Coverage of all of it).
type LocalShare struct {
	L0       float64 `json:"L0"`
	L0L1     float64 `json:"L0_L1"`
	Coverage float64 `json:"coverage"`
}

// Leakage is the spend that leaves the area, in money and as a share of
// the spend whose place is known (Coverage of all of it): spend with a
// supplier of unknown place is not counted as leaving.
type Leakage struct {
	OutsideL0      cityspend.Amount `json:"outside_L0"`
	OutsideL0Share float64          `json:"outside_L0_share"`
	OutsideL1      cityspend.Amount `json:"outside_L0_L1"`
	OutsideL1Share float64          `json:"outside_L0_L1_share"`
	Coverage       float64          `json:"coverage"`
}

// Band is the spend and supplier count of one group, with its share of spend.
type Band struct {
	Spend     cityspend.Amount `json:"spend"`
	Suppliers int64            `json:"suppliers"`
	Share     float64          `json:"share"`
}

// Group is one row of a breakdown, with its share of the total.
type Group struct {
	Key       string           `json:"key"`
	Label     string           `json:"label"`
	Spend     cityspend.Amount `json:"spend"`
	Lines     int64            `json:"lines"`
	Suppliers int64            `json:"suppliers"`
	Share     float64          `json:"share"`
}

// Sector is a NACE section with the local share within it and its
// divisions. The local shares are of the sector's spend whose place is
// known (PlaceCoverage of it).
type Sector struct {
	Section       string           `json:"section"`
	Name          string           `json:"name"`
	Spend         cityspend.Amount `json:"spend"`
	Share         float64          `json:"share"`
	Suppliers     int64            `json:"suppliers"`
	LocalSpend    cityspend.Amount `json:"local_spend"`        // with L0 suppliers
	LocalShare    float64          `json:"local_share"`        // within the sector
	RegionShare   float64          `json:"local_region_share"` // L0 + L1 within the sector
	PlaceCoverage float64          `json:"place_coverage"`
	Divisions     []Division       `json:"divisions"`
}

// Division is a NACE division within a sector.
type Division struct {
	Division      string           `json:"division"`
	Spend         cityspend.Amount `json:"spend"`
	Suppliers     int64            `json:"suppliers"`
	LocalSpend    cityspend.Amount `json:"local_spend"`
	LocalShare    float64          `json:"local_share"` // of the spend whose place is known
	PlaceCoverage float64          `json:"place_coverage"`
}

// Gap is a market gap: a sector (section or division) with much spend and
// little of it local; ranked by the spend outside the municipality.
type Gap struct {
	Section       string           `json:"section"`
	Division      string           `json:"division"`
	Name          string           `json:"name"`
	Spend         cityspend.Amount `json:"spend"`
	LocalShare    float64          `json:"local_share"`    // of the spend whose place is known
	Leaking       cityspend.Amount `json:"leaking"`        // with suppliers known to be outside the municipality
	PlaceCoverage float64          `json:"place_coverage"` // the share of Spend whose place is known
}

// Municipality is spend by the municipality where suppliers sit.
type Municipality struct {
	Code      string           `json:"code"`
	Name      string           `json:"name"`
	Band      string           `json:"band"`
	Spend     cityspend.Amount `json:"spend"`
	Suppliers int64            `json:"suppliers"`
	Share     float64          `json:"share"`
}

// TopSupplier is one of the largest suppliers.
type TopSupplier struct {
	Rank         int              `json:"rank"`
	SupplierID   string           `json:"supplier_id"`
	Name         string           `json:"name"`
	OrgNumber    string           `json:"org_number"`
	Place        string           `json:"place"`
	BusinessType string           `json:"business_type"`
	NACESection  string           `json:"nace_section"`
	Spend        cityspend.Amount `json:"spend"`
	Lines        int64            `json:"lines"`
	Share        float64          `json:"share"`
}

// TrendYear is the headline indicators of one year, and their change since
// the base year (the first year with data).
type TrendYear struct {
	Year         int              `json:"year"`
	Label        string           `json:"label"`
	TotalSpend   cityspend.Amount `json:"total_spend"`
	Suppliers    int64            `json:"suppliers"`
	LocalShare   LocalShare       `json:"local_share"`
	SMEShare     float64          `json:"sme_share"`     // of the spend whose type is known
	TypeCoverage float64          `json:"type_coverage"` // the share of the spend whose type is known
	// Changes since the base year, in percentage points.
	ChangeL0PP   float64 `json:"change_L0_pp"`
	ChangeL0L1PP float64 `json:"change_L0_L1_pp"`
	ChangeSMEPP  float64 `json:"change_sme_pp"`
	// ExtraRetainedLocally is this year's spend times the change in the L0
	// share since the base year: what the change kept in the municipality.
	ExtraRetainedLocally cityspend.Amount `json:"extra_retained_locally"`
}

// DataQuality says how much of the analysis rests on unknowns.
type DataQuality struct {
	UnresolvedSuppliers int64            `json:"unresolved_suppliers"`
	UnresolvedSpend     cityspend.Amount `json:"unresolved_spend"`
	UnknownPlaceSpend   cityspend.Amount `json:"unknown_place_spend"`
	UnknownTypeSpend    cityspend.Amount `json:"unknown_type_spend"`
	ExcludedSpend       cityspend.Amount `json:"excluded_spend"`
}

// Bands lists the place bands in report order.
var Bands = []string{cityspend.PlaceLocal, cityspend.PlaceRegion, cityspend.PlaceCountry, cityspend.PlaceAbroad, cityspend.PlaceUnknown}

// period returns the analysis period of a year.
func period(b cityspend.Buyer, year int, calendar bool) cityspend.Period {
	if calendar {
		nb := b
		nb.FiscalStart = 1
		return nb.FiscalYear(year)
	}
	return b.FiscalYear(year)
}

func (f Filters) spendFilter(buyerID string, p cityspend.Period) cityspend.SpendFilter {
	return cityspend.SpendFilter{BuyerID: buyerID, Period: p, AccountPfx: f.AccountGroup, OrgUnit: f.OrgUnit, Type: f.Type,
		Place: f.Place, Section: f.Section, Category: f.Category}
}

// Analyse computes the indicator set for a buyer's year.
func Analyse(ctx context.Context, st Store, buyerID string, year int, opts Options) (*Analysis, error) {
	opts.defaults()
	b, err := st.Buyer(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	// Before the figures: a follow-up that completes meanwhile clears its
	// mark after its last change, so figures read after a cleared mark are
	// complete.
	pending, err := st.PendingFollowUps(ctx, b.ID)
	if err != nil {
		return nil, fmt.Errorf("analyse %s %d: %w", b.ID, year, err)
	}
	p := period(b, year, opts.Calendar)
	f := opts.Filters.spendFilter(b.ID, p)
	in := f
	in.Scope = cityspend.ScopeIn
	// One scan gives every year's suppliers (the trend, and the year's
	// rows) and the year's split by scope, unless a calendar year cuts
	// across the buyer's fiscal years.
	fiscal := !opts.Calendar || b.FiscalStart == 1
	var allRows, rows []cityspend.SupplierSpend
	var split []cityspend.SpendGroup
	if fiscal {
		if allRows, split, err = st.AnalysisSpend(ctx, f, year); err != nil {
			return nil, fmt.Errorf("analyse %s %d: %w", b.ID, year, err)
		}
		for _, r := range allRows {
			if r.Year == year {
				r.Year = 0
				rows = append(rows, r)
			}
		}
	} else {
		if rows, err = st.SupplierSpend(ctx, in, false); err != nil {
			return nil, fmt.Errorf("analyse %s %d: %w", b.ID, year, err)
		}
		if split, err = st.SpendBy(ctx, f, cityspend.ByScopeGroup, 0); err != nil {
			return nil, fmt.Errorf("analyse %s %d: %w", b.ID, year, err)
		}
	}
	a := &Analysis{Buyer: b.ID, BuyerName: b.Name, Year: year, Currency: b.Currency, Synthetic: b.Synthetic, Provisional: len(pending) > 0, Filters: opts.Filters,
		Period: PeriodJSON{From: p.From.Format("2006-01-02"), To: p.To.Format("2006-01-02"), Label: p.Label()}, TopN: opts.TopN}
	for _, r := range rows {
		a.TotalSpend += r.Spend
		a.Lines += r.Lines
	}
	a.Suppliers = int64(len(rows))
	// The year's lines split into procurement by account group and
	// excluded spend by reason.
	var groups, excluded []cityspend.SpendGroup
	for _, g := range split {
		if k, ok := strings.CutPrefix(g.Key, "out:"); ok {
			g.Key = k
			excluded = append(excluded, g)
		} else {
			g.Key = strings.TrimPrefix(g.Key, "in:")
			groups = append(groups, g)
		}
	}
	a.Excluded = toGroups(excluded, 0, nil)
	for _, g := range excluded {
		a.ExcludedSpend += g.Spend
	}
	for i := range a.Excluded {
		a.Excluded[i].Share = cityspend.Share(a.Excluded[i].Spend, a.ExcludedSpend)
	}

	sortBySpend(rows)
	top := rows
	if len(top) > opts.TopN {
		top = top[:opts.TopN]
	}
	a.Population = population(rows)
	a.TopNPopulation = population(top)
	a.Coverage = cityspend.Share(positive(top), positive(rows))
	a.Sectors, a.MarketGaps = sectors(rows, a.TotalSpend, opts.Lang)
	a.Municipalities = municipalities(rows, b.Country, a.TotalSpend, opts.Lang)
	for i, r := range top {
		if i == 50 {
			break // the list shows the head; the top-N population covers all N
		}
		t := TopSupplier{Rank: i + 1, SupplierID: r.SupplierID, Name: r.Name, Place: r.Place, BusinessType: r.BusinessType(),
			NACESection: r.NACESection, Spend: r.Spend, Lines: r.Lines, Share: cityspend.Share(r.Spend, a.TotalSpend)}
		if r.Org != nil {
			t.OrgNumber = r.Org.ID
		}
		a.TopSuppliers = append(a.TopSuppliers, t)
	}
	a.ByAccountGroup = toGroups(groups, a.TotalSpend, func(k string) string { return refdata.AccountGroupLabel(b.Country, k) })
	if fiscal {
		a.Trend = trend(allRows, b)
	}
	for _, r := range rows {
		if r.Org == nil {
			a.DataQuality.UnresolvedSuppliers++
			a.DataQuality.UnresolvedSpend += r.Spend
		}
		if r.Place == cityspend.PlaceUnknown {
			a.DataQuality.UnknownPlaceSpend += r.Spend
		}
		if r.BusinessType() == cityspend.ClassUnknown {
			a.DataQuality.UnknownTypeSpend += r.Spend
		}
	}
	a.DataQuality.ExcludedSpend = a.ExcludedSpend
	if a.LM3, err = lm3For(ctx, st, b, year, rows); err != nil {
		return nil, err
	}
	if !opts.SkipCO2e {
		if a.CO2e, err = Footprint(ctx, st, b, year, opts); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// Footprint is the climate footprint of a buyer's year with the same
// filters as its analysis, compared with the year before.
func Footprint(ctx context.Context, st Store, b cityspend.Buyer, year int, opts Options) (*climate.Footprint, error) {
	set, err := climate.Load(ctx, st, b.ID)
	if err != nil {
		return nil, err
	}
	co := climate.Options{Label: opts.Label, Lang: opts.Lang}
	cur, before := period(b, year, opts.Calendar), period(b, year-1, opts.Calendar)
	var fp, prev *climate.Footprint
	if opts.Calendar && b.FiscalStart != 1 {
		// Calendar years cut across fiscal years: a query each.
		if fp, err = set.For(ctx, st, opts.Filters.spendFilter(b.ID, cur), year, b.Currency, co); err == nil {
			prev, err = set.For(ctx, st, opts.Filters.spendFilter(b.ID, before), year-1, b.Currency, co)
		}
	} else {
		// The year and the one before in one query.
		var m map[int]*climate.Footprint
		m, err = set.ByYear(ctx, st, opts.Filters.spendFilter(b.ID, cityspend.Period{From: before.From, To: cur.To}), b.Currency, co)
		fp, prev = m[year], m[year-1]
		if fp == nil {
			fp = set.Compute(nil, year, b.Currency, co)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("footprint %s %d: %w", b.ID, year, err)
	}
	fp.Compare(prev)
	return fp, nil
}

// positive is the suppliers' positive net spend.
func positive(rows []cityspend.SupplierSpend) cityspend.Amount {
	var s cityspend.Amount
	for _, r := range rows {
		if r.Spend > 0 {
			s += r.Spend
		}
	}
	return s
}

func sortBySpend(rows []cityspend.SupplierSpend) {
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Spend != rows[j].Spend {
			return rows[i].Spend > rows[j].Spend
		}
		return rows[i].SupplierID < rows[j].SupplierID
	})
}

// population computes the geography and business-type profile of suppliers.
func population(rows []cityspend.SupplierSpend) Population {
	p := Population{Bands: map[string]Band{}, BusinessTypes: map[string]Band{}}
	for _, b := range Bands {
		p.Bands[b] = Band{}
	}
	for _, t := range cityspend.BusinessTypes {
		p.BusinessTypes[t] = Band{}
	}
	for _, r := range rows {
		p.Spend += r.Spend
		b := p.Bands[r.Place]
		b.Spend += r.Spend
		b.Suppliers++
		p.Bands[r.Place] = b
		t := p.BusinessTypes[r.BusinessType()]
		t.Spend += r.Spend
		t.Suppliers++
		p.BusinessTypes[r.BusinessType()] = t
		if r.Deprived {
			p.Deprived.Spend += r.Spend
			p.Deprived.Suppliers++
		}
	}
	// Shares of the known, the unknown's of all (see Population).
	knownPlace := p.Spend - p.Bands[cityspend.PlaceUnknown].Spend
	knownType := p.Spend - p.BusinessTypes[cityspend.ClassUnknown].Spend
	for k, b := range p.Bands {
		b.Share = cityspend.Share(b.Spend, knownPlace)
		if k == cityspend.PlaceUnknown {
			b.Share = cityspend.Share(b.Spend, p.Spend)
		}
		p.Bands[k] = b
	}
	for k, b := range p.BusinessTypes {
		b.Share = cityspend.Share(b.Spend, knownType)
		if k == cityspend.ClassUnknown {
			b.Share = cityspend.Share(b.Spend, p.Spend)
		}
		p.BusinessTypes[k] = b
	}
	p.PlaceCoverage = cityspend.Share(knownPlace, p.Spend)
	p.TypeCoverage = cityspend.Share(knownType, p.Spend)
	p.Deprived.Share = cityspend.Share(p.Deprived.Spend, knownPlace)
	l0 := p.Bands[cityspend.PlaceLocal].Spend
	l1 := p.Bands[cityspend.PlaceRegion].Spend
	p.LocalShare = LocalShare{L0: cityspend.Share(l0, knownPlace), L0L1: cityspend.Share(l0+l1, knownPlace), Coverage: p.PlaceCoverage}
	p.Leakage = Leakage{OutsideL0: knownPlace - l0, OutsideL0Share: cityspend.Share(knownPlace-l0, knownPlace),
		OutsideL1: knownPlace - l0 - l1, OutsideL1Share: cityspend.Share(knownPlace-l0-l1, knownPlace), Coverage: p.PlaceCoverage}
	sme := p.BusinessTypes[cityspend.ClassMicro].Spend + p.BusinessTypes[cityspend.ClassSmall].Spend + p.BusinessTypes[cityspend.ClassMedium].Spend
	p.SMEShare = cityspend.Share(sme, knownType)
	return p
}

// sectors profiles spend by NACE section and division, with the local share
// within each, and ranks the market gaps.
func sectors(rows []cityspend.SupplierSpend, total cityspend.Amount, lang string) ([]Sector, []Gap) {
	type acc struct {
		spend, known, local, region cityspend.Amount
		suppliers                   int64
	}
	secs := map[string]*acc{}
	divs := map[string]map[string]*acc{}
	for _, r := range rows {
		s := r.NACESection
		if s == "" {
			s = cityspend.SectorUnknown
		}
		if secs[s] == nil {
			secs[s] = &acc{}
			divs[s] = map[string]*acc{}
		}
		d := divs[s][r.NACEDivision]
		if d == nil {
			d = &acc{}
			divs[s][r.NACEDivision] = d
		}
		for _, x := range []*acc{secs[s], d} {
			x.spend += r.Spend
			x.suppliers++
			if r.Place != cityspend.PlaceUnknown && r.Place != "" {
				x.known += r.Spend
			}
			if r.Place == cityspend.PlaceLocal {
				x.local += r.Spend
			}
			if r.Place == cityspend.PlaceLocal || r.Place == cityspend.PlaceRegion {
				x.region += r.Spend
			}
		}
	}
	var out []Sector
	var gaps []Gap
	for s, x := range secs {
		name := refdata.NACESectionName(s, lang)
		if s == cityspend.SectorUnknown {
			name = map[string]string{"nb": "Ukjent næring", "en": "Industry unknown"}[lang]
		}
		sec := Sector{Section: s, Name: name, Spend: x.spend, Share: cityspend.Share(x.spend, total), Suppliers: x.suppliers,
			LocalSpend: x.local, LocalShare: cityspend.Share(x.local, x.known), RegionShare: cityspend.Share(x.region, x.known),
			PlaceCoverage: cityspend.Share(x.known, x.spend)}
		for d, y := range divs[s] {
			sec.Divisions = append(sec.Divisions, Division{Division: d, Spend: y.spend, Suppliers: y.suppliers, LocalSpend: y.local,
				LocalShare: cityspend.Share(y.local, y.known), PlaceCoverage: cityspend.Share(y.known, y.spend)})
			// A gap: a division with at least 1 % of the spend, some of it
			// of known place (where nothing is known, nothing is a gap).
			if s != cityspend.SectorUnknown && d != "" && cityspend.Share(y.spend, total) >= 0.01 && y.known != 0 {
				gaps = append(gaps, Gap{Section: s, Division: d, Name: name, Spend: y.spend, LocalShare: cityspend.Share(y.local, y.known),
					Leaking: y.known - y.local, PlaceCoverage: cityspend.Share(y.known, y.spend)})
			}
		}
		sort.Slice(sec.Divisions, func(i, j int) bool {
			if sec.Divisions[i].Spend != sec.Divisions[j].Spend {
				return sec.Divisions[i].Spend > sec.Divisions[j].Spend
			}
			return sec.Divisions[i].Division < sec.Divisions[j].Division
		})
		out = append(out, sec)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Spend != out[j].Spend {
			return out[i].Spend > out[j].Spend
		}
		return out[i].Section < out[j].Section
	})
	sort.Slice(gaps, func(i, j int) bool {
		if gaps[i].Leaking != gaps[j].Leaking {
			return gaps[i].Leaking > gaps[j].Leaking
		}
		return gaps[i].Division < gaps[j].Division
	})
	if len(gaps) > 15 {
		gaps = gaps[:15]
	}
	if out == nil {
		out = []Sector{}
	}
	if gaps == nil {
		gaps = []Gap{}
	}
	return out, gaps
}

// municipalities ranks where suppliers sit by spend.
func municipalities(rows []cityspend.SupplierSpend, country string, total cityspend.Amount, lang string) []Municipality {
	abroad, unknown := "abroad", "unknown"
	if lang == "nb" {
		abroad, unknown = "utlandet", "ukjent"
	}
	m := map[string]*Municipality{}
	for _, r := range rows {
		code, name := r.Municipality, ""
		if code != "" {
			code, name = refdata.CurrentMunicipality(country, code)
		} else if r.Country != "" && r.Country != country {
			code, name = r.Country, abroad+" ("+r.Country+")"
		} else {
			code, name = "", unknown
		}
		x := m[code]
		if x == nil {
			x = &Municipality{Code: code, Name: name, Band: r.Place}
			m[code] = x
		}
		x.Spend += r.Spend
		x.Suppliers++
	}
	out := make([]Municipality, 0, len(m))
	for _, x := range m {
		x.Share = cityspend.Share(x.Spend, total)
		out = append(out, *x)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Spend != out[j].Spend {
			return out[i].Spend > out[j].Spend
		}
		return out[i].Code < out[j].Code
	})
	if len(out) > 30 {
		out = out[:30]
	}
	return out
}

// trend computes the headline indicators of every year with data from the
// suppliers' spend per fiscal year.
func trend(rows []cityspend.SupplierSpend, b cityspend.Buyer) []TrendYear {
	byYear := map[int][]cityspend.SupplierSpend{}
	for _, r := range rows {
		byYear[r.Year] = append(byYear[r.Year], r)
	}
	years := make([]int, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	sort.Ints(years)
	out := make([]TrendYear, 0, len(years))
	var base Population
	for i, y := range years {
		p := population(byYear[y])
		if i == 0 {
			base = p
		}
		t := TrendYear{Year: y, Label: b.FiscalYear(y).Label(), TotalSpend: p.Spend, Suppliers: int64(len(byYear[y])),
			LocalShare: p.LocalShare, SMEShare: p.SMEShare, TypeCoverage: p.TypeCoverage,
			ChangeL0PP: pp(p.LocalShare.L0 - base.LocalShare.L0), ChangeL0L1PP: pp(p.LocalShare.L0L1 - base.LocalShare.L0L1),
			ChangeSMEPP: pp(p.SMEShare - base.SMEShare)}
		t.ExtraRetainedLocally = retained(p, base)
		out = append(out, t)
	}
	return out
}

// pp is a change of shares in percentage points, to two decimals.
func pp(d float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(d*100, 'f', 2, 64), 64)
	return v
}

// retained is the year's spend of known place times the change in its L0
// share since the base year, computed exactly: known × (l0/known −
// baseL0/baseKnown).
func retained(p, base Population) cityspend.Amount {
	known := p.Spend - p.Bands[cityspend.PlaceUnknown].Spend
	bknown := base.Spend - base.Bands[cityspend.PlaceUnknown].Spend
	if known == 0 || bknown == 0 {
		return 0
	}
	l0 := p.Bands[cityspend.PlaceLocal].Spend
	bl0 := base.Bands[cityspend.PlaceLocal].Spend
	// l0 − known × bl0 / baseKnown, rounded to the minor unit.
	return l0 - mulDivRound(known, bl0, bknown)
}

func toGroups(gs []cityspend.SpendGroup, total cityspend.Amount, label func(string) string) []Group {
	out := make([]Group, 0, len(gs))
	for _, g := range gs {
		l := g.Label
		if l == "" && label != nil {
			l = label(g.Key)
		}
		out = append(out, Group{Key: g.Key, Label: l, Spend: g.Spend, Lines: g.Lines, Suppliers: g.Suppliers, Share: cityspend.Share(g.Spend, total)})
	}
	return out
}

// YearTotal is one fiscal year's spend.
type YearTotal struct {
	Year      int              `json:"year"`
	Label     string           `json:"label"`
	Spend     cityspend.Amount `json:"spend"`
	Lines     int64            `json:"lines"`
	Suppliers int64            `json:"suppliers"`
}

// Years returns the buyer's procurement spend per fiscal year, oldest first.
func Years(ctx context.Context, st cityspend.LedgerStore, buyerID string) ([]YearTotal, error) {
	b, err := st.Buyer(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	gs, err := st.SpendBy(ctx, cityspend.SpendFilter{BuyerID: buyerID, Scope: cityspend.ScopeIn}, cityspend.ByFiscalYear, 0)
	if err != nil {
		return nil, fmt.Errorf("years %s: %w", buyerID, err)
	}
	out := make([]YearTotal, 0, len(gs))
	for _, g := range gs {
		y, err := strconv.Atoi(g.Key)
		if err != nil {
			return nil, fmt.Errorf("years %s: bad year %q", buyerID, g.Key)
		}
		out = append(out, YearTotal{Year: y, Label: b.FiscalYear(y).Label(), Spend: g.Spend, Lines: g.Lines, Suppliers: g.Suppliers})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out, nil
}

// YearLabels lists the years a buyer has lines in, labelled, without the
// totals of Years: cheap enough for every page's year picker.
func YearLabels(ctx context.Context, st cityspend.LedgerStore, b cityspend.Buyer) ([]YearTotal, error) {
	ys, err := st.FiscalYears(ctx, b.ID)
	if err != nil {
		return nil, fmt.Errorf("years %s: %w", b.ID, err)
	}
	out := make([]YearTotal, len(ys))
	for i, y := range ys {
		out[i] = YearTotal{Year: y, Label: b.FiscalYear(y).Label()}
	}
	return out, nil
}

// WhatIf sets fp.WhatIf: the footprint of the same year and filters with
// one category's factor replaced.
func WhatIf(ctx context.Context, st Store, b cityspend.Buyer, year int, opts Options, fp *climate.Footprint, o *climate.Override) error {
	set, err := climate.Load(ctx, st, b.ID)
	if err != nil {
		return err
	}
	alt, err := set.For(ctx, st, opts.Filters.spendFilter(b.ID, period(b, year, opts.Calendar)), year, b.Currency,
		climate.Options{Label: opts.Label, Lang: opts.Lang, Override: o, NoUnits: true})
	if err != nil {
		return err
	}
	fp.WhatIf = &climate.WhatIf{Category: o.Category, SupplierID: o.SupplierID, Factor: o.Factor.KgPerUnit, Currency: o.Factor.Currency,
		PriceYear: o.Factor.PriceYear, TotalT: alt.TotalT, BaseT: fp.TotalT, ChangeT: math.Round((alt.TotalT-fp.TotalT)*1000) / 1000}
	return nil
}

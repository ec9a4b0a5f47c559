// SPDX-License-Identifier: EUPL-1.2

// Package peers compares the buyers of an installation that publish their
// figures: local share, SME and social-economy share, spend per
// inhabitant, contract coverage, CO2e per million and per inhabitant,
// findings per 100 million, and the plan published ahead, each with the
// coverage behind it, within peer groups (refdata.PeerGroup) and with a
// rank whose interval says how far what is unknown could move it. Every
// figure is read from the computations the buyer's own pages use, or from
// those of the package that owns it (indicator.Analyse,
// compliance.ContractCoverage, compliance.RateIn, plan.AheadOf), never
// computed again here. docs/benchmarks-cities.md gives the method.
package peers

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/plan"
	"github.com/cityspend/cityspend/refdata"
)

// Store is what the comparison reads: the analysis, contract coverage,
// findings, plan, population and whether a buyer publishes.
type Store interface {
	indicator.Store
	compliance.CoverageStore
	cityspend.ComplianceStore
	cityspend.PlanStore
	cityspend.RegisterStore
	cityspend.SettingStore
}

// Indicator keys, in the order shown.
const (
	LocalShare         = "local_share"
	SMEShare           = "sme_share"
	SocialShare        = "social_share"
	SpendPerInhabitant = "spend_per_inhabitant"
	ContractCoverage   = "contract_coverage"
	CO2ePerMillion     = "co2e_per_million"
	CO2ePerInhabitant  = "co2e_per_inhabitant"
	FindingsPer100M    = "findings_per_100m"
	PlanAhead          = "plan_ahead"
)

// Indicator is one compared figure: which way is better, and whether it
// is ranked (spend per inhabitant is context, neither better nor worse).
type Indicator struct {
	Key    string `json:"key"`
	Higher bool   `json:"higher_is_better"`
	Ranked bool   `json:"ranked"`
	// Unit: share (0–1), money (minor units per inhabitant), t (tonnes
	// CO2e), count.
	Unit string `json:"unit"`
}

// Indicators lists the compared figures in order.
var Indicators = []Indicator{
	{LocalShare, true, true, "share"},
	{SMEShare, true, true, "share"},
	{SocialShare, true, true, "share"},
	{SpendPerInhabitant, false, false, "money"},
	{ContractCoverage, true, true, "share"},
	{CO2ePerMillion, false, true, "t"},
	{CO2ePerInhabitant, false, true, "t"},
	{FindingsPer100M, false, true, "count"},
	{PlanAhead, true, true, "share"},
}

// What a figure's coverage is of (Figure.Basis).
const (
	BasisPlace      = "place_known"         // the spend whose supplier's place is known
	BasisType       = "type_known"          // the spend whose supplier's business type is known
	BasisPopulation = "population"          // 1: a population figure is loaded
	BasisContract   = "contract_categories" // the spend of the categories coverage is measured over
	BasisFactor     = "co2e_factor"         // the spend with an emission factor
	BasisResolved   = "payee_resolved"      // the spend whose payee is resolved to a registered organisation
	BasisPlanDated  = "plan_dated"          // the active plan items with a notice or start date
)

// Why a figure has no value (Figure.Missing).
const (
	MissingUnknown    = "unknown"       // nothing of the base is known (coverage 0)
	MissingPopulation = "no_population" // no population loaded for the municipality
	MissingContracts  = "no_contracts"  // no contracts loaded
	MissingFactors    = "no_factors"    // no emission factor applies
	MissingFindings   = "no_findings"   // no findings computed
	MissingPlan       = "no_plan_ahead" // nothing planned in the year after the one asked for (PlanYear)
	MissingSpend      = "no_spend"      // no procurement spend in the year
	MissingGroup      = "no_peer_group" // not ranked: no peer group
	MissingPeers      = "no_peers"      // not ranked: alone in its peer group
)

// Figure is one indicator of a buyer.
type Figure struct {
	Key string `json:"key"`
	// Value is the figure (a share 0–1, tonnes, a count); nil when it
	// cannot be told (Missing says why), and for a money figure (spend per
	// inhabitant), whose amount is Money, in minor units.
	Value *float64          `json:"value"`
	Money *cityspend.Amount `json:"money,omitempty"`
	// Low and High bound what the figure could be if what is unknown were
	// known (see docs/benchmarks-cities.md): the ranks' interval comes
	// from them.
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	// Coverage is the share of the figure's base that is known, Basis what
	// that base is.
	Coverage float64 `json:"coverage"`
	Basis    string  `json:"basis"`
	// Grade is the data-quality grade of the CO2e figures.
	Grade   string `json:"grade,omitempty"`
	Missing string `json:"missing,omitempty"`
	// Count is the count behind a rate (findings).
	Count *int  `json:"count,omitempty"`
	Rank  *Rank `json:"rank,omitempty"`
	// NotRanked says why a figure with a value has no rank.
	NotRanked string `json:"not_ranked,omitempty"`
}

// Rank is a figure's place in its peer group (1 is the best) with the
// places it could take if what is unknown were known: Best to Worst.
type Rank struct {
	Rank  int `json:"rank"`
	Best  int `json:"best"`
	Worst int `json:"worst"`
	Of    int `json:"of"`
}

// Entry is a buyer's figures for a fiscal year.
type Entry struct {
	BuyerID      string `json:"buyer"`
	Name         string `json:"name"`
	Country      string `json:"country"`
	Municipality string `json:"municipality"`
	Currency     string `json:"currency"`
	Synthetic    bool   `json:"synthetic,omitempty"`
	Provisional  bool   `json:"provisional,omitempty"`
	Year         int    `json:"year"`
	Period       string `json:"period"`
	Group        string `json:"peer_group"`
	// Population is the figure divided by (nil: none loaded).
	Population *cityspend.PopulationFigure `json:"population"`
	Spend      cityspend.Amount            `json:"spend"`
	Lines      int64                       `json:"lines"`
	Suppliers  int64                       `json:"suppliers"`
	Figures    []Figure                    `json:"figures"`
	// Source is the other installation the entry was read from (nil:
	// this one's).
	Source *Source `json:"source,omitempty"`
}

// Source is where an entry of another installation was read: the feed's
// URL, when, and the SHA-256 of the bytes read.
type Source struct {
	URL    string    `json:"url"`
	ReadAt time.Time `json:"read_at"`
	SHA256 string    `json:"sha256"`
}

// Figure returns the entry's figure of a key.
func (e *Entry) Figure(key string) *Figure {
	for i := range e.Figures {
		if e.Figures[i].Key == key {
			return &e.Figures[i]
		}
	}
	return nil
}

// Group is a peer group with the buyers in it.
type Group struct {
	Key    string   `json:"key"`
	Buyers []string `json:"buyers"`
}

// Comparison is the buyers compared.
type Comparison struct {
	// Year is the fiscal year asked for; 0: each buyer's latest with lines.
	Year       int         `json:"year"`
	Indicators []Indicator `json:"indicators"`
	Groups     []Group     `json:"peer_groups"`
	Buyers     []Entry     `json:"buyers"`
	Computed   time.Time   `json:"computed_at"`
}

// Options tune Compare.
type Options struct {
	// Year is the fiscal year of every buyer; 0 takes each buyer's latest
	// year with lines (as its dashboards do).
	Year int
	// Now is when the comparison is computed, and, without a Year, when
	// the plan's next fiscal year is counted from (zero: the clock).
	Now time.Time
	// Analyse runs the indicator engine (a caching caller's); nil calls
	// indicator.Analyse.
	Analyse func(ctx context.Context, buyerID string, year int, opt indicator.Options) (*indicator.Analysis, error)
}

// AnalysisOptions are the options of the analysis the figures are read
// from: those of the buyer's analysis API asked without a query (GET
// /api/v1/buyers/{id}/analysis: top 300, no filters, English, the
// footprint), so a server computes it once for both. The dashboards' own
// analyses differ (the page's language; the footprint only on the climate
// and report pages) and are computed apart, from the same engine.
func AnalysisOptions() indicator.Options { return indicator.Options{TopN: 300, Lang: "en"} }

// Published lists the buyers that publish their figures: the only ones
// ever compared.
func Published(ctx context.Context, st Store) ([]cityspend.Buyer, error) {
	bs, err := st.Buyers(ctx)
	if err != nil {
		return nil, err
	}
	var out []cityspend.Buyer
	for _, b := range bs {
		pub, err := auth.Publishes(ctx, st, b.ID)
		if err != nil {
			return nil, err
		}
		if pub {
			out = append(out, b)
		}
	}
	return out, nil
}

// Compare compares the buyers that publish (Published): their figures,
// peer groups and ranks.
func Compare(ctx context.Context, st Store, opt Options) (*Comparison, error) {
	bs, err := Published(ctx, st)
	if err != nil {
		return nil, err
	}
	return CompareBuyers(ctx, st, bs, opt)
}

// CompareBuyers compares the buyers given (the caller decides that they
// may be shown). A buyer without lines in the year is left out.
func CompareBuyers(ctx context.Context, st Store, bs []cityspend.Buyer, opt Options) (*Comparison, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now().UTC()
	}
	pop, err := st.Population(ctx, "")
	if err != nil {
		return nil, err
	}
	c := &Comparison{Year: opt.Year, Indicators: Indicators, Groups: []Group{}, Buyers: []Entry{}, Computed: opt.Now}
	for _, b := range bs {
		e, ok, err := figures(ctx, st, b, pop, opt)
		if err != nil {
			return nil, fmt.Errorf("compare %s: %w", b.ID, err)
		}
		if ok {
			c.Buyers = append(c.Buyers, e)
		}
	}
	group(c)
	return c, nil
}

// group sorts the entries by peer group and name, lists the groups and
// ranks within them.
func group(c *Comparison) {
	sort.SliceStable(c.Buyers, func(i, j int) bool {
		if c.Buyers[i].Group != c.Buyers[j].Group {
			return c.Buyers[i].Group < c.Buyers[j].Group
		}
		return c.Buyers[i].Name < c.Buyers[j].Name
	})
	c.Groups = []Group{}
	at := map[string]int{}
	for _, e := range c.Buyers {
		i, ok := at[e.Group]
		if !ok {
			i = len(c.Groups)
			at[e.Group] = i
			c.Groups = append(c.Groups, Group{Key: e.Group})
		}
		c.Groups[i].Buyers = append(c.Groups[i].Buyers, e.BuyerID)
	}
	rankAll(c.Buyers)
}

// Merge is a comparison with entries of other installations (read from
// their feeds, each with its Source) added to this one's, in their peer
// groups and ranked with them. A body is compared once: a remote entry of
// a body already there (Same: this installation's own, or an earlier
// feed's — this installation's own URL among its feeds, or two
// installations publishing one municipality) is left out. c is not
// changed.
func Merge(c *Comparison, remote []Entry) *Comparison {
	m := *c
	m.Buyers = make([]Entry, 0, len(c.Buyers)+len(remote))
	held := map[string]string{} // body → the source of its first entry ("": this installation)
	for _, e := range append(append([]Entry{}, c.Buyers...), remote...) {
		k, src := key(e), sourceURL(e)
		if h, ok := held[k]; ok && h != src {
			continue
		}
		held[k] = src
		e.Figures = append([]Figure(nil), e.Figures...)
		m.Buyers = append(m.Buyers, e)
	}
	group(&m)
	return &m
}

// Same reports whether two entries are of one body: within one source
// (this installation, or one feed) the same buyer; across sources the
// same municipality of a country (key), since buyer ids are each
// installation's own.
func Same(a, b Entry) bool {
	if sourceURL(a) == sourceURL(b) {
		return a.BuyerID == b.BuyerID
	}
	return key(a) == key(b)
}

// key names the body an entry is of across installations: its country
// and municipality, or, without a municipality, its country, id and name.
func key(e Entry) string {
	c := strings.ToUpper(e.Country)
	if e.Municipality != "" {
		return c + "\x00m\x00" + e.Municipality
	}
	return c + "\x00b\x00" + e.BuyerID + "\x00" + e.Name
}

// sourceURL is the feed an entry was read from ("": this installation).
func sourceURL(e Entry) string {
	if e.Source == nil {
		return ""
	}
	return e.Source.URL
}

// Standing is where a buyer's own entry stands among the compared buyers
// of its peer group, as if it were one of them, without changing their
// ranks: what its staff see when its figures are not published. An entry
// of the same body (Same: another installation's publishing it) is not
// its peer.
func Standing(c *Comparison, own Entry) Entry {
	var group []Entry
	for _, e := range c.Buyers {
		if e.Group == own.Group && !Same(e, own) {
			// Copies: ranking sets the figures' ranks.
			e.Figures = append([]Figure(nil), e.Figures...)
			group = append(group, e)
		}
	}
	own.Figures = append([]Figure(nil), own.Figures...)
	group = append(group, own)
	rankAll(group)
	return group[len(group)-1]
}

// Of computes one buyer's entry (its staff's own, published or not); ok is
// false when it has no lines in the year.
func Of(ctx context.Context, st Store, b cityspend.Buyer, opt Options) (Entry, bool, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now().UTC()
	}
	pop, err := st.Population(ctx, b.Country)
	if err != nil {
		return Entry{}, false, err
	}
	return figures(ctx, st, b, pop, opt)
}

func ptr[T any](v T) *T { return &v }

// figures computes a buyer's entry.
func figures(ctx context.Context, st Store, b cityspend.Buyer, pop []cityspend.PopulationFigure, opt Options) (Entry, bool, error) {
	year := opt.Year
	if year == 0 {
		ys, err := indicator.Years(ctx, st, b.ID)
		if err != nil {
			return Entry{}, false, err
		}
		if len(ys) == 0 {
			return Entry{}, false, nil
		}
		year = ys[len(ys)-1].Year
	}
	analyse := opt.Analyse
	if analyse == nil {
		analyse = func(ctx context.Context, buyerID string, year int, o indicator.Options) (*indicator.Analysis, error) {
			return indicator.Analyse(ctx, st, buyerID, year, o)
		}
	}
	a, err := analyse(ctx, b.ID, year, AnalysisOptions())
	if err != nil {
		return Entry{}, false, err
	}
	if a.Lines == 0 {
		return Entry{}, false, nil
	}
	period := b.FiscalYear(year)
	e := Entry{BuyerID: b.ID, Name: b.Name, Country: b.Country, Municipality: b.Municipality, Currency: b.Currency, Synthetic: b.Synthetic,
		Provisional: a.Provisional, Year: year, Period: period.Label(), Spend: a.TotalSpend, Lines: a.Lines, Suppliers: a.Suppliers}
	persons := int64(-1)
	if p, ok := cityspend.PopulationIn(pop, b.Country, b.Municipality, year); ok && b.Municipality != "" && p.Persons > 0 {
		e.Population = &p
		persons = p.Persons
	}
	e.Group = refdata.PeerGroup(b.Country, b.Municipality, persons)

	// Shares of the spend whose attribute is known: bounded by what the
	// unknown rest could be (none of it, all of it).
	share := func(key string, v, cov float64, basis string) Figure {
		f := Figure{Key: key, Coverage: cov, Basis: basis, Low: v * cov, High: v*cov + 1 - cov}
		if cov == 0 {
			f.Missing = MissingUnknown
			return f
		}
		f.Value = ptr(v)
		return f
	}
	e.Figures = append(e.Figures,
		share(LocalShare, a.LocalShare.L0, a.PlaceCoverage, BasisPlace),
		share(SMEShare, a.SMEShare, a.TypeCoverage, BasisType),
		share(SocialShare, a.BusinessTypes[cityspend.ClassSocial].Share, a.TypeCoverage, BasisType))

	// Spend per inhabitant: money, exact.
	spi := Figure{Key: SpendPerInhabitant, Basis: BasisPopulation}
	if persons > 0 {
		m := perPerson(a.TotalSpend, persons)
		spi.Money, spi.Coverage = &m, 1
	} else {
		spi.Missing = MissingPopulation
	}
	e.Figures = append(e.Figures, spi)

	// Contract coverage, as the buyer's coverage page measures it.
	cov, err := compliance.ContractCoverage(ctx, st, cityspend.SpendFilter{BuyerID: b.ID, Period: period, Scope: cityspend.ScopeIn})
	if err != nil {
		return Entry{}, false, err
	}
	cf := Figure{Key: ContractCoverage, Basis: BasisContract, Coverage: cityspend.Share(cov.Total, a.TotalSpend)}
	if cov.HasContract && cov.Total > 0 {
		cf.Value, cf.Low, cf.High = ptr(cov.Share), cov.Share, cov.Share
	} else {
		cf.Missing = MissingContracts
	}
	e.Figures = append(e.Figures, cf)

	// CO2e, from the analysis's footprint.
	perM := Figure{Key: CO2ePerMillion, Basis: BasisFactor}
	perI := Figure{Key: CO2ePerInhabitant, Basis: BasisFactor}
	if fp := a.CO2e; fp != nil && fp.Spend > 0 {
		c := 1 - cityspend.Share(fp.Quality.None.Spend, fp.Spend)
		perM.Coverage, perI.Coverage, perM.Grade, perI.Grade = c, c, fp.Quality.Grade, fp.Quality.Grade
		if c > 0 {
			// The spend without a factor counts nothing; had it emitted
			// like the rest, the figure would be value / coverage.
			perM.Value, perM.Low, perM.High = ptr(fp.PerMillion), fp.PerMillion, fp.PerMillion/c
			if persons > 0 {
				v := fp.TotalT / float64(persons)
				perI.Value, perI.Low, perI.High = ptr(v), v, v/c
			} else {
				perI.Missing = MissingPopulation
			}
		} else {
			perM.Missing, perI.Missing = MissingFactors, MissingFactors
		}
	} else {
		perM.Missing, perI.Missing = MissingSpend, MissingSpend
	}
	e.Figures = append(e.Figures, perM, perI)

	// Findings per 100 million of the year's procurement spend: those not
	// dismissed whose window ends in the year.
	fs, err := st.Findings(ctx, b.ID)
	if err != nil {
		return Entry{}, false, err
	}
	ff := Figure{Key: FindingsPer100M, Basis: BasisResolved, Coverage: 1 - cityspend.Share(a.DataQuality.UnresolvedSpend, a.TotalSpend)}
	if len(fs) == 0 {
		ff.Missing = MissingFindings
	} else if r, ok := compliance.RateIn(fs, period, a.TotalSpend); !ok {
		ff.Missing = MissingSpend
	} else {
		ff.Value, ff.Low, ff.High, ff.Count = ptr(r.Per100M), r.Low, r.High, ptr(r.Count)
	}
	e.Figures = append(e.Figures, ff)

	// The plan published ahead of the fiscal year after the one asked for;
	// without one (each buyer's latest), of the next from now: the plan as
	// it stands.
	items, err := st.PlanItems(ctx, b.ID)
	if err != nil {
		return Entry{}, false, err
	}
	ahead := plan.AheadOf(items, PlanYear(b, opt))
	pa := Figure{Key: PlanAhead, Basis: BasisPlanDated, Coverage: float64(ahead.Dated) / math.Max(1, float64(ahead.Active))}
	if ahead.Expected == 0 {
		pa.Missing = MissingPlan
	} else {
		pa.Value, pa.Low, pa.High = ptr(ahead.Share), ahead.Share, ahead.Share
	}
	e.Figures = append(e.Figures, pa)
	return e, true, nil
}

// PlanYear is the fiscal year whose plan published ahead a comparison
// shows for a buyer: the one after the year asked for, else the next from
// opt.Now.
func PlanYear(b cityspend.Buyer, opt Options) cityspend.Period {
	if opt.Year != 0 {
		return b.FiscalYear(opt.Year + 1)
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now().UTC()
	}
	return b.FiscalYear(b.FiscalYearOf(now) + 1)
}

// perPerson divides an amount among persons, rounded half away from zero.
func perPerson(a cityspend.Amount, persons int64) cityspend.Amount {
	q, r := int64(a)/persons, int64(a)%persons
	if 2*abs(r) >= persons {
		if a < 0 {
			q--
		} else {
			q++
		}
	}
	return cityspend.Amount(q)
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// rankAll ranks every ranked figure within the entries' peer groups.
func rankAll(es []Entry) {
	byGroup := map[string][]int{}
	for i := range es {
		byGroup[es[i].Group] = append(byGroup[es[i].Group], i)
	}
	for _, ind := range Indicators {
		if !ind.Ranked {
			continue
		}
		for g, idx := range byGroup {
			var ranked []int
			for _, i := range idx {
				f := es[i].Figure(ind.Key)
				if f == nil || f.Value == nil {
					continue
				}
				f.Rank, f.NotRanked = nil, ""
				if refdataUnknown(g) {
					f.NotRanked = MissingGroup
					continue
				}
				ranked = append(ranked, i)
			}
			if len(ranked) == 1 {
				es[ranked[0]].Figure(ind.Key).NotRanked = MissingPeers
				continue
			}
			// Oriented so that more is better.
			val := func(i int) (v, lo, hi float64) {
				f := es[i].Figure(ind.Key)
				if ind.Higher {
					return *f.Value, f.Low, f.High
				}
				return -*f.Value, -f.High, -f.Low
			}
			for _, i := range ranked {
				v, lo, hi := val(i)
				r := Rank{Rank: 1, Best: 1, Worst: 1, Of: len(ranked)}
				for _, j := range ranked {
					if j == i {
						continue
					}
					vj, loj, hij := val(j)
					if vj > v {
						r.Rank++
					}
					if loj > hi {
						r.Best++
					}
					if hij > lo {
						r.Worst++
					}
				}
				es[i].Figure(ind.Key).Rank = &r
			}
		}
	}
}

// refdataUnknown reports whether a peer group is no group ("NO-unknown").
func refdataUnknown(group string) bool { return strings.HasSuffix(group, "-"+refdata.PeersUnknown) }

// SPDX-License-Identifier: EUPL-1.2

package plan

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/refdata"
	"github.com/cityspend/cityspend/refdata/cpv"
	"github.com/cityspend/cityspend/refdata/law"
	"github.com/cityspend/cityspend/refdata/procedures"
	"github.com/cityspend/cityspend/refdata/thresholds"
)

// window is the months of history a need's value is estimated from, and the
// term a framework agreement for it runs (FOA § 26-2 (3), Directive
// 2014/24/EU art. 33(1): at most four years).
const window = 48

// gen is one generation's inputs.
type gen struct {
	o         Options
	b         cityspend.Buyer
	table     thresholds.Table
	regime    string
	lang      string
	year      cityspend.Amount // the year's procurement spend
	profiles  map[string]cityspend.SupplierRow
	contracts []cityspend.Contract
	exempt    map[[2]string]string // by supplier and category
}

// text picks the buyer's language.
func (g *gen) text(en, nb string) string {
	if g.lang == "nb" {
		return nb
	}
	return en
}

// groupName names a CPV code's group in the buyer's language.
func (g *gen) groupName(code string) string {
	if l := cpv.GroupLabel(code, g.lang); l != "" {
		return l
	}
	if code == "" {
		return g.text("unclassified purchases", "uklassifiserte kjøp")
	}
	return "CPV " + code
}

func (g *gen) money(a cityspend.Amount) string {
	units := int64(a) / 100
	s := fmt.Sprint(units)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ' ')
		}
		out = append(out, s[i])
	}
	return string(out) + " " + g.b.Currency
}

// Generate proposes a buyer's plan of procurements and stores it: an item
// per contract that expires within the horizon (re-tender, decide on its
// option, or renew an exempt agreement), per recurring need no contract
// covers, grouped by CPV group and supplier market and split where a
// single item would be too large, and per innovation challenge of the
// broker. Each gets its value from the 48-month history, its regime and
// procedure, and a timeline worked back from its need date by the legal
// minimum time limits and staggered by the team's capacity. New items are
// added, generated items nobody edited are updated, edited ones are left
// as people made them.
func Generate(ctx context.Context, st Store, buyerID string, o Options) (*Summary, error) {
	if o.Horizon <= 0 {
		o.Horizon = 24
	}
	if o.Now.IsZero() {
		o.Now = time.Now().UTC()
	}
	o.Now = time.Date(o.Now.Year(), o.Now.Month(), o.Now.Day(), 0, 0, 0, 0, time.UTC)
	if o.Who == "" {
		o.Who = "generation"
	}
	if o.Capacity <= 0 {
		o.Capacity = DefaultCapacity
	}
	if o.MaxShare <= 0 || o.MaxShare > 1 {
		o.MaxShare = 0.25
	}
	b, err := st.Buyer(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	user, err := st.Thresholds(ctx)
	if err != nil {
		return nil, err
	}
	g := &gen{o: o, b: b, table: thresholds.NewTable(user), regime: thresholds.RegimeOf(b.Country), lang: o.Lang}
	if g.lang == "" {
		g.lang = "en"
		if b.Country == "NO" {
			g.lang = "nb"
		}
	}
	// Linking the lines to the contracts comes first: the category-level
	// threshold findings, whose ids the items link.
	recurring, err := compliance.Recurring(ctx, st, b.ID, compliance.Options{})
	if err != nil {
		return nil, err
	}
	sups, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: b.ID})
	if err != nil {
		return nil, err
	}
	g.profiles = map[string]cityspend.SupplierRow{}
	for _, s := range sups {
		g.profiles[s.SupplierID] = s
	}
	months, err := st.MonthSpends(ctx, []string{b.ID})
	if err != nil {
		return nil, err
	}
	contracts, err := st.Contracts(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	challenges, err := st.Challenges(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	g.exempt = map[[2]string]string{}
	for _, c := range contracts {
		g.contracts = append(g.contracts, c.Contract)
	}
	var proposed []cityspend.PlanItem
	proposed = append(proposed, g.expiring(contracts)...)
	proposed = append(proposed, g.needs(months, recurring)...)
	proposed = append(proposed, g.innovation(challenges)...)

	earliest := o.Now.AddDate(0, 0, preparationDays)
	var ptrs []*cityspend.PlanItem
	for i := range proposed {
		it := &proposed[i]
		it.BuyerID, it.Regime = b.ID, g.regime
		if it.Status == "" {
			it.Status = cityspend.PlanIdea
		}
		// Norway: climate and environment weigh at least 30 % (FOA § 7-9).
		if g.regime == "NO" && it.Procedure != "" {
			it.Environmental, it.ClimateWeight = true, 30
		}
		ptrs = append(ptrs, it)
	}
	schedule(ptrs, o.Now, earliest, o.Capacity)
	return store(ctx, st, b.ID, proposed, o)
}

// exemption is the exemption a purchase from a supplier in a category
// falls under (law.ExemptionOf: in-house, inter-municipal, public body,
// excluded service, framework call-off), as the slug of its handbook page,
// or "".
func (g *gen) exemption(supplierID, code string) string {
	k := [2]string{supplierID, code}
	if e, ok := g.exempt[k]; ok {
		return e
	}
	r := law.ExemptionOf(law.Purchase{Regime: g.regime, SupplierID: supplierID, Supplier: g.profiles[supplierID].SupplierProfile,
		CPV: code, Date: g.o.Now, Contracts: g.contracts})
	e := ""
	if r.Exempt {
		e = r.By.Slug
	}
	g.exempt[k] = e
	return e
}

// regimeOf sets an item's threshold band and procedure from its value,
// type and CPV code on a date.
func (g *gen) regimeOf(it *cityspend.PlanItem, on time.Time) {
	code := ""
	if len(it.CPV) > 0 {
		code = it.CPV[0]
	}
	kind := it.Type
	if thresholds.KindOf(code) == thresholds.Light {
		kind = thresholds.Light
	}
	it.Threshold, it.Procedure = Band(g.table, g.regime, kind, it.Value, on)
	if it.Procedure != procedures.Open {
		return
	}
	switch {
	case strings.HasPrefix(code, "72") || strings.HasPrefix(code, "48") || strings.HasPrefix(code, "713") || strings.HasPrefix(code, "794"):
		// Services whose solution must be discussed: negotiation
		// (FOA § 13-2, Directive art. 26(4)); the UK's competitive
		// flexible procedure.
		if g.regime == "UK" {
			it.Procedure = procedures.CompetitiveFlexible
		} else {
			it.Procedure = procedures.Negotiated
		}
	case len(it.Suppliers) >= 8 && it.Type != cpv.Works && g.regime != "UK":
		// A crowded market: a restricted procedure keeps the tenders to
		// those qualified.
		it.Procedure = procedures.Restricted
	}
}

// expiring proposes an item per contract ending within the horizon.
func (g *gen) expiring(contracts []cityspend.ContractRow) []cityspend.PlanItem {
	until := g.o.Now.AddDate(0, g.o.Horizon, 0)
	var out []cityspend.PlanItem
	for _, c := range contracts {
		end, last := c.End, c.LastDay()
		if last.IsZero() || last.Before(g.o.Now) {
			continue
		}
		var names []string
		exempt := ""
		for _, s := range c.Suppliers {
			names = append(names, s.Name)
			// A framework agreement that ends is re-tendered: its own
			// call-offs are no exemption for it.
			if e := g.exemption(s.SupplierID, c.CPV); e != "" && e != law.FrameworkCallOff {
				exempt = e
			}
		}
		what := g.groupName(c.CPV)
		it := cityspend.PlanItem{Type: typeOf(c.CPV), ContractID: c.ID, ContractExpiry: last, Suppliers: names,
			Framework: c.Framework, Source: "expiring_contract", SourceRef: c.ID, Links: []string{"contract:" + c.ID}}
		if c.CPV != "" {
			it.CPV = []string{c.CPV}
		}
		optionOpen := !c.Final.IsZero() && !end.IsZero() && c.Final.After(end) && !end.Before(g.o.Now)
		switch {
		case optionOpen && !end.After(until):
			it.ID = itemID("extension", c.ID)
			it.Action = "decide_extension"
			it.Title = g.text(fmt.Sprintf("Decide on extending contract %s: %s", c.ID, what), fmt.Sprintf("Beslutte forlengelse av avtale %s: %s", c.ID, what))
			it.NeedDate = end.AddDate(0, 0, 1)
			it.Options = g.text("may be extended to "+c.Final.Format("2006-01-02"), "kan forlenges til "+c.Final.Format("02.01.2006"))
		case !last.After(until):
			it.ID = itemID("retender", c.ID)
			it.Action = "retender"
			it.Title = g.text(fmt.Sprintf("Re-tender: %s (contract %s ends %s)", what, c.ID, last.Format("2006-01-02")),
				fmt.Sprintf("Ny konkurranse: %s (avtale %s utløper %s)", what, c.ID, last.Format("02.01.2006")))
			it.NeedDate = last.AddDate(0, 0, 1)
		default:
			continue
		}
		months := monthsBetween(c.Start, last) + 1
		if c.Start.IsZero() {
			months = window
		}
		it.Months = min(months, window)
		switch {
		case c.HasMax:
			it.Value = c.MaxValue
			it.Basis = g.text("the current contract's maximum value", "dagens avtales maksimalverdi")
		case c.Lines > 0 && !c.FirstLine.IsZero():
			span := max(monthsBetween(c.FirstLine, c.LastLine)+1, 1)
			it.Value = cityspend.Amount(int64(c.Spend) * int64(it.Months) / int64(span))
			it.Basis = g.text(fmt.Sprintf("the current contract's spend of %s over %d months, for %d months", g.money(c.Spend), span, it.Months),
				fmt.Sprintf("forbruk på dagens avtale, %s over %d måneder, for %d måneder", g.money(c.Spend), span, it.Months))
		default:
			it.Basis = g.text("no value known: estimate it", "ingen kjent verdi: anslå den")
		}
		if exempt != "" {
			// In-house, inter-municipal, public-public or excluded: no
			// competition, a decision to renew the agreement.
			it.ID = itemID("exempt", c.ID)
			it.Action = "renew_exempt"
			it.Title = g.text(fmt.Sprintf("Renew the agreement with %s: %s (contract %s, not tendered)", strings.Join(names, ", "), what, c.ID),
				fmt.Sprintf("Fornye avtalen med %s: %s (avtale %s, ikke konkurranseutsatt)", strings.Join(names, ", "), what, c.ID))
			it.Links = append(it.Links, "handbook:"+exempt)
			it.Threshold, it.Procedure = "", ""
			it.Award = it.NeedDate.AddDate(0, -1, 0)
			it.ContractStart = it.NeedDate
			out = append(out, it)
			continue
		}
		g.regimeOf(&it, it.NeedDate)
		out = append(out, it)
	}
	return out
}

// bucket is the uncovered spend of one CPV group with one supplier market.
type bucket struct {
	group, market string
	uncovered     cityspend.Amount
	bySupplier    map[string]cityspend.Amount
}

// needs proposes items for the recurring spend no contract covers: per CPV
// group, when its value over the window reaches a notice threshold, an
// item per supplier market; a market whose value would pass the largest
// share of the year's spend an item may hold is split into separate
// procurements, and each into lots sized for small firms.
func (g *gen) needs(months []cityspend.MonthSpend, recurring []cityspend.Finding) []cityspend.PlanItem {
	from := time.Date(g.o.Now.Year(), g.o.Now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -window, 0)
	var first, last time.Time
	var total cityspend.Amount
	buckets := map[[2]string]*bucket{}
	for _, m := range months {
		if m.Month.Before(from) || !m.Month.Before(g.o.Now) {
			continue
		}
		if first.IsZero() || m.Month.Before(first) {
			first = m.Month
		}
		if m.Month.After(last) {
			last = m.Month
		}
		total += m.Spend
		if m.Uncovered <= 0 || strings.HasPrefix(m.Group, "account:") || m.Group == "" || g.exemption(m.SupplierID, m.Group) != "" {
			continue
		}
		market := g.profiles[m.SupplierID].NACEDivision
		k := [2]string{m.Group, market}
		bk := buckets[k]
		if bk == nil {
			bk = &bucket{group: m.Group, market: market, bySupplier: map[string]cityspend.Amount{}}
			buckets[k] = bk
		}
		bk.uncovered += m.Uncovered
		bk.bySupplier[m.SupplierID] += m.Uncovered
	}
	if first.IsZero() {
		return nil
	}
	span := int64(monthsBetween(first, last) + 1)
	g.year = cityspend.Amount(int64(total) * 12 / span)
	links := map[string][]string{}
	for _, f := range recurring {
		links[f.Category] = append(links[f.Category], "finding:"+f.ID)
	}
	byGroup := map[string][]*bucket{}
	var groups []string
	for _, bk := range buckets {
		if byGroup[bk.group] == nil {
			groups = append(groups, bk.group)
		}
		byGroup[bk.group] = append(byGroup[bk.group], bk)
	}
	sort.Strings(groups)
	// The value of a need: goods and services over the window (a framework
	// agreement of four years); works over a year (a year's projects,
	// each its own contract).
	valueOf := func(kind string, uncovered cityspend.Amount) (cityspend.Amount, int) {
		if kind == cpv.Works {
			return cityspend.Amount(int64(uncovered) * 12 / span), 12
		}
		return cityspend.Amount(int64(uncovered) * window / span), window
	}
	var out []cityspend.PlanItem
	for _, group := range groups {
		bs := byGroup[group]
		sort.Slice(bs, func(i, j int) bool {
			if bs[i].uncovered != bs[j].uncovered {
				return bs[i].uncovered > bs[j].uncovered
			}
			return bs[i].market < bs[j].market
		})
		kind := typeOf(group)
		var sum cityspend.Amount
		for _, bk := range bs {
			sum += bk.uncovered
		}
		groupValue, _ := valueOf(kind, sum)
		// The whole group's value decides whether it needs a notice: the
		// value of a purchase is not split to stay below a threshold.
		if level := noticeLevel(g.table, g.regime, kind, g.o.Now); level == 0 || groupValue < level {
			continue
		}

		// A market too small to need a notice of its own joins the
		// group's largest: one procurement, not a tender per stray supplier.
		level := noticeLevel(g.table, g.regime, kind, g.o.Now)
		kept := bs[:1]
		for _, bk := range bs[1:] {
			if v, _ := valueOf(kind, bk.uncovered); v < level {
				bs[0].uncovered += bk.uncovered
				for s, a := range bk.bySupplier {
					bs[0].bySupplier[s] += a
				}
				continue
			}
			kept = append(kept, bk)
		}
		for _, bk := range kept {
			out = append(out, g.need(bk, kind, len(kept) > 1, groupValue, span, valueOf, links[group])...)
		}
	}
	return out
}

// need turns one group's market into one or more items.
func (g *gen) need(bk *bucket, kind string, several bool, groupValue cityspend.Amount, span int64,
	valueOf func(string, cityspend.Amount) (cityspend.Amount, int), links []string) []cityspend.PlanItem {
	value, term := valueOf(kind, bk.uncovered)
	if value <= 0 {
		return nil
	}
	what := g.groupName(bk.group)
	ref := bk.group
	if bk.market != "" {
		ref += "/" + bk.market
		if several {
			what += " (" + refdata.NACEDivisionName(bk.market, g.lang) + ")"
		}
	}
	// The largest item: a share of the year's spend; more, and the need is
	// split into separate procurements.
	// (never below four times the kind's highest threshold, so that a
	// small buyer's needs are not cut up).
	parts := 1
	limit := cityspend.Amount(float64(g.year) * g.o.MaxShare)
	tk := thresholds.GoodsServices
	if kind == cpv.Works {
		tk = thresholds.Works
	}
	if levels := g.table.At(g.regime, tk, g.o.Now); len(levels) > 0 {
		limit = max(limit, 4*levels[len(levels)-1].Amount)
	}
	if limit > 0 && value > limit {
		parts = int((value + limit - 1) / limit)
	}
	// Lots small firms can bid for: a lot's yearly value at most twice
	// the notice threshold of goods and services, up to ten lots.
	lotYear := 2 * noticeLevel(g.table, g.regime, "services", g.o.Now)
	if g.regime == "NO" {
		for _, t := range g.table.At(g.regime, thresholds.GoodsServices, g.o.Now) {
			if strings.Contains(t.Name, "EEA") {
				lotYear = 2 * t.Amount
			}
		}
	}
	var sups []string
	for s := range bk.bySupplier {
		sups = append(sups, s)
	}
	sort.Slice(sups, func(i, j int) bool {
		if bk.bySupplier[sups[i]] != bk.bySupplier[sups[j]] {
			return bk.bySupplier[sups[i]] > bk.bySupplier[sups[j]]
		}
		return sups[i] < sups[j]
	})
	basis := g.text(
		fmt.Sprintf("%s of spend no contract covers in %d months to %s, for %d months", g.money(bk.uncovered), span, g.o.Now.AddDate(0, 0, -1).Format("2006-01"), term),
		fmt.Sprintf("%s i kjøp uten avtale over %d måneder til %s, for %d måneder", g.money(bk.uncovered), span, g.o.Now.AddDate(0, 0, -1).Format("01.2006"), term))
	if kind == cpv.Works {
		basis += g.text("; works are a year's projects, each its own contract", "; bygg og anlegg er ett års prosjekter, hver med egen kontrakt")
	}
	if groupValue > value {
		basis += g.text(fmt.Sprintf("; the threshold is judged on the whole group, %s", g.money(groupValue)),
			fmt.Sprintf("; terskelverdien vurderes for hele gruppen, %s", g.money(groupValue)))
	}
	if parts > 1 {
		basis += g.text(fmt.Sprintf("; split into %d procurements of %s each", parts, g.money(value/cityspend.Amount(parts))),
			fmt.Sprintf("; delt i %d anskaffelser på %s hver", parts, g.money(value/cityspend.Amount(parts))))
	}
	var out []cityspend.PlanItem
	for p := 1; p <= parts; p++ {
		v := value / cityspend.Amount(parts)
		title := g.text("Framework agreement: "+what, "Rammeavtale: "+what)
		if kind == cpv.Works {
			title = g.text(what+": projects of the next 12 months", what+": prosjekter de neste 12 månedene")
		}
		id := itemID("need", ref)
		sref := ref
		if parts > 1 {
			title += g.text(fmt.Sprintf(", part %d of %d", p, parts), fmt.Sprintf(", del %d av %d", p, parts))
			id = itemID("need", ref, fmt.Sprint(p))
			sref = fmt.Sprintf("%s#%d", ref, p)
		}
		it := cityspend.PlanItem{ID: id, Type: kind, Action: "tender", Source: "recurring_spend", SourceRef: sref, Months: term,
			Title: title, Value: v, Basis: basis, Framework: kind != cpv.Works, Suppliers: sups[:min(len(sups), 8)],
			Links: slices.Clone(links)}
		if cpv.Valid(bk.group) {
			it.CPV = []string{bk.group}
		}
		yearly := cityspend.Amount(int64(v) * 12 / int64(term))
		if lotYear > 0 {
			it.Lots = min(max(int((yearly+lotYear-1)/lotYear), 1), 10)
		}
		if it.Lots <= 1 {
			it.Lots = 0
		}
		it.SME = it.Lots > 1 || (lotYear > 0 && yearly <= lotYear)
		// The band is the whole group's: lots and parts of one purchase
		// share its threshold.
		g.regimeOf(&it, g.o.Now)
		if groupValue > v {
			band, _ := Band(g.table, g.regime, it.Type, groupValue, g.o.Now)
			if band != it.Threshold {
				saved := it.Value
				it.Value = groupValue
				g.regimeOf(&it, g.o.Now)
				it.Value = saved
			}
		}
		out = append(out, it)
	}
	return out
}

// innovation proposes an item per published challenge of the broker not
// yet linked to a plan item: pre-commercial procurement when the solution
// is an idea, an innovation partnership when it is a prototype or a pilot,
// competitive dialogue when it is on the market but must be shaped.
func (g *gen) innovation(challenges []cityspend.Challenge) []cityspend.PlanItem {
	var out []cityspend.PlanItem
	for _, c := range challenges {
		if c.Status != cityspend.ChallengePublished || len(c.PlanItems) > 0 {
			continue
		}
		it := cityspend.PlanItem{ID: itemID("challenge", c.ID), Action: "tender", Source: "challenge", SourceRef: c.ID, Innovation: true,
			Title: g.text("Innovation: "+c.Title, "Innovasjon: "+c.Title), Need: c.Problem, CPV: slices.Clone(c.CPV),
			Value: c.BudgetMax, Type: cpv.Services, Months: 24, NeedDate: c.NeedBy, Links: []string{"challenge:" + c.ID}}
		if len(c.CPV) > 0 {
			it.Type = typeOf(c.CPV[0])
		}
		it.Basis = g.text("the challenge's budget (upper bound)", "utfordringens budsjett (øvre grense)")
		it.Threshold, _ = Band(g.table, g.regime, it.Type, it.Value, g.o.Now)
		switch c.Maturity {
		case "idea":
			it.Procedure = procedures.PreCommercial
		case "prototype", "pilot":
			it.Procedure = procedures.InnovationPartnering
		default:
			it.Procedure = procedures.CompetitiveDialogue
			if g.regime == "UK" {
				it.Procedure = procedures.CompetitiveFlexible
			}
		}
		out = append(out, it)
	}
	return out
}

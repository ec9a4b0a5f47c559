// SPDX-License-Identifier: EUPL-1.2

package compliance

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/redflags"
	"github.com/cityspend/cityspend/refdata/cpv"
	"github.com/cityspend/cityspend/refdata/law"
	"github.com/cityspend/cityspend/refdata/thresholds"
)

// Options tune the detectors; zero values take the defaults.
type Options struct {
	WindowMonths      int     // value aggregation window; default 48
	SplitBand         float64 // "just under": within this share below a threshold; default 0.1
	SplitWindowMonths int     // a cluster's span; default 6
	SplitMinLines     int     // a cluster's least number of invoices; default 3
	SupplierShare     float64 // concentration: one supplier's share of a category; default 0.5
	HHI               float64 // concentration: Herfindahl index of a category; default 0.25
	MinCategoryShare  float64 // concentration: only categories with this share of the spend; default 0.01
	Evidence          int     // line ids kept per finding; default 50
}

func (o *Options) defaults() {
	if o.WindowMonths <= 0 {
		o.WindowMonths = 48
	}
	if o.SplitBand <= 0 || o.SplitBand >= 1 {
		o.SplitBand = 0.1
	}
	if o.SplitWindowMonths <= 0 {
		o.SplitWindowMonths = 6
	}
	if o.SplitMinLines <= 1 {
		o.SplitMinLines = 3
	}
	if o.SupplierShare <= 0 || o.SupplierShare > 1 {
		o.SupplierShare = 0.5
	}
	if o.HHI <= 0 || o.HHI > 1 {
		o.HHI = 0.25
	}
	if o.MinCategoryShare <= 0 {
		o.MinCategoryShare = 0.01
	}
	if o.Evidence <= 0 {
		o.Evidence = 50
	}
}

// Kinds are the finding kinds Compute replaces.
var Kinds = []string{cityspend.FindingThreshold, cityspend.FindingSplit, cityspend.FindingConcentration, cityspend.FindingOverrun,
	cityspend.FindingExpired}

// Summary counts a run's findings by kind.
type Summary struct {
	BuyerID string         `json:"buyer"`
	Buyers  []string       `json:"buyers"` // the authority's buyer ids whose lines were added up
	ByKind  map[string]int `json:"findings_by_kind"`
	Seconds float64        `json:"seconds"`
}

// id is a finding's stable id: its kind and keys, not its window or amount.
func id(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:8])
}

// kindOf is the kind of the purchases of a group (works, light, goods and
// services).
func kindOf(group string) string { return thresholds.KindOf(group) }

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

// authority lists the buyers that are one contracting authority with b:
// the same organisation number (a renumbered municipality keeps its
// number), else b alone.
func authority(ctx context.Context, st cityspend.LedgerStore, b cityspend.Buyer) ([]string, error) {
	if b.OrgNumber == "" {
		return []string{b.ID}, nil
	}
	all, err := st.Buyers(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, x := range all {
		if x.ID == b.ID || x.OrgNumber == b.OrgNumber {
			ids = append(ids, x.ID)
		}
	}
	return ids, nil
}

type series struct {
	group, supplier string
	months          map[time.Time]*cityspend.MonthSpend
}

// input is what the detectors work on: the buyer, the buyers of its
// authority, the thresholds and the monthly spend, lines linked to contracts.
type input struct {
	buyer  cityspend.Buyer
	ids    []string
	table  thresholds.Table
	regime string
	months []cityspend.MonthSpend
	ex     *exemptions
}

func load(ctx context.Context, st Store, buyerID string) (*input, error) {
	b, err := st.Buyer(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	ids, err := authority(ctx, st, b)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, _, err := st.LinkContracts(ctx, id); err != nil {
			return nil, err
		}
	}
	user, err := st.Thresholds(ctx)
	if err != nil {
		return nil, err
	}
	months, err := st.MonthSpends(ctx, ids)
	if err != nil {
		return nil, err
	}
	regime := thresholds.RegimeOf(b.Country)
	ex := &exemptions{regime: regime, profiles: map[string]cityspend.SupplierProfile{}, cache: map[exemptKey]law.Result{}}
	for _, id := range ids {
		rows, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: id})
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if _, ok := ex.profiles[r.SupplierID]; !ok || id == b.ID {
				ex.profiles[r.SupplierID] = r.SupplierProfile
			}
		}
		cs, err := st.Contracts(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			ex.contracts = append(ex.contracts, c.Contract)
		}
	}
	return &input{buyer: b, ids: ids, table: thresholds.NewTable(user), regime: regime, months: months, ex: ex}, nil
}

// Recurring lists the categories whose spend no contract covers reaches a
// notice threshold within the window, computed afresh and not stored: the
// category-level threshold findings Compute would store, with the same ids.
func Recurring(ctx context.Context, st Store, buyerID string, o Options) ([]cityspend.Finding, error) {
	o.defaults()
	in, err := load(ctx, st, buyerID)
	if err != nil || in.regime == "" {
		return nil, err
	}
	var out []cityspend.Finding
	for _, f := range aggregate(in, o) {
		if f.SupplierID == "" {
			f.BuyerID = in.buyer.ID
			out = append(out, f)
		}
	}
	return out, nil
}

// Compute links the lines to contracts, computes a buyer's findings and
// stores them.
func Compute(ctx context.Context, st Store, buyerID string, o Options) (*Summary, error) {
	start := time.Now()
	o.defaults()
	in, err := load(ctx, st, buyerID)
	if err != nil {
		return nil, err
	}
	b, ids, regime, months := in.buyer, in.ids, in.regime, in.months
	var fs []cityspend.Finding
	var qs []cityspend.EvidenceQuery
	add := func(f cityspend.Finding, q cityspend.EvidenceQuery) {
		f.BuyerID = b.ID
		fs = append(fs, f)
		qs = append(qs, q)
	}
	if regime != "" {
		for _, f := range aggregate(in, o) {
			add(f, cityspend.EvidenceQuery{Group: f.Category, SupplierID: f.SupplierID, From: f.From, To: f.To.AddDate(0, 0, 1), UncoveredOnly: true})
		}
		splits, err := splitPurchases(ctx, st, in, o)
		if err != nil {
			return nil, err
		}
		for _, f := range splits {
			f.BuyerID = b.ID
			fs = append(fs, f)
			qs = append(qs, cityspend.EvidenceQuery{}) // the cluster's lines are its evidence already
		}
	}
	var own []cityspend.MonthSpend // without the exempt suppliers' spend
	for _, m := range months {
		if !in.ex.exempt(m.Group, m.SupplierID, m.Month) {
			own = append(own, m)
		}
	}
	for _, f := range concentration(own, b, o) {
		f.Confidence = confConcentrate
		to := f.To.AddDate(0, 0, 1)
		add(f, cityspend.EvidenceQuery{Group: f.Category, SupplierID: f.SupplierID, From: f.From, To: to})
	}
	contracts, err := st.Contracts(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range contracts {
		if c.HasMax && c.Spend > c.MaxValue {
			add(cityspend.Finding{Kind: cityspend.FindingOverrun, ID: id(cityspend.FindingOverrun, c.ID), Amount: c.Spend - c.MaxValue,
				From: c.FirstLine, To: c.LastLine, Category: groupOf(c.CPV), Lines: c.Lines,
				Detail:     fmt.Sprintf("Possible overrun: %s of spend is linked to contract %s (%s) whose maximum value is %s.", c.Spend, c.ID, c.Title, c.MaxValue),
				FindingLaw: cityspend.FindingLaw{Rule: RuleDirectAward, RuleSource: srcOverrun, Threshold: c.MaxValue, ThresholdCurrency: b.Currency, Confidence: confOverrun}},
				cityspend.EvidenceQuery{ContractID: c.ID, From: c.FirstLine, To: c.LastLine.AddDate(0, 0, 1)})
		}
		if last := c.LastDay(); c.AfterFinal > 0 && !last.IsZero() {
			add(cityspend.Finding{Kind: cityspend.FindingExpired, ID: id(cityspend.FindingExpired, c.ID), Amount: c.AfterFinal,
				From: last.AddDate(0, 0, 1), To: c.LastLine, Category: groupOf(c.CPV),
				Detail: fmt.Sprintf("Possible spend on an expired contract: %s was paid on contract %s (%s) after its last day, %s, options included.",
					c.AfterFinal, c.ID, c.Title, last.Format("2006-01-02")),
				FindingLaw: cityspend.FindingLaw{Rule: RuleDirectAward, RuleSource: srcExpired, Confidence: confExpired}},
				cityspend.EvidenceQuery{ContractID: c.ID, From: last.AddDate(0, 0, 1), To: c.LastLine.AddDate(0, 0, 1)})
		}
	}
	flags, err := flagFindings(ctx, st, b)
	if err != nil {
		return nil, err
	}
	for _, f := range flags {
		f.BuyerID = b.ID
		f.Confidence = confFlag
		fs = append(fs, f)
		qs = append(qs, cityspend.EvidenceQuery{})
	}
	// Evidence for the findings whose lines are not listed yet.
	var need []cityspend.EvidenceQuery
	var at []int
	for i, q := range qs {
		if !q.From.IsZero() {
			need = append(need, q)
			at = append(at, i)
		}
	}
	ev, err := st.Evidence(ctx, ids, need, o.Evidence)
	if err != nil {
		return nil, err
	}
	for j, i := range at {
		fs[i].Evidence = ev[j]
		if fs[i].Lines == 0 {
			fs[i].Lines = int64(len(ev[j]))
		}
	}
	if err := st.ReplaceFindings(ctx, b.ID, append(append([]string{}, Kinds...), redflags.Codes()...), fs); err != nil {
		return nil, err
	}
	s := &Summary{BuyerID: b.ID, Buyers: ids, ByKind: map[string]int{}}
	for _, f := range fs {
		s.ByKind[f.Kind]++
	}
	s.Seconds = time.Since(start).Seconds()
	return s, nil
}

func groupOf(code string) string {
	if !cpv.Valid(code) {
		return ""
	}
	return string(cpv.Code(code).At(3))
}

// aggregate finds the groups (and groups × suppliers) whose spend no
// contract covers reaches a threshold within a rolling window. Each window
// is judged by the thresholds in force on its last day for the kind of the
// group (works, the light regime, goods and services); the spend of exempt
// suppliers (public bodies, call-offs under a framework agreement) and of
// excluded services is left out.
func aggregate(in *input, o Options) []cityspend.Finding {
	bySeries := map[[2]string]*series{}
	removed := map[string]map[string]bool{} // group → exempt suppliers
	for i := range in.months {
		m := &in.months[i]
		if m.Uncovered != 0 && in.ex.exempt(m.Group, m.SupplierID, m.Month) {
			if removed[m.Group] == nil {
				removed[m.Group] = map[string]bool{}
			}
			removed[m.Group][m.SupplierID] = true
			continue
		}
		for _, k := range [][2]string{{m.Group, ""}, {m.Group, m.SupplierID}} {
			s := bySeries[k]
			if s == nil {
				s = &series{group: k[0], supplier: k[1], months: map[time.Time]*cityspend.MonthSpend{}}
				bySeries[k] = s
			}
			x := s.months[m.Month]
			if x == nil {
				x = &cityspend.MonthSpend{Month: m.Month}
				s.months[m.Month] = x
			}
			x.Spend += m.Spend
			x.Uncovered += m.Uncovered
			x.Lines += m.Lines
		}
	}
	var out []cityspend.Finding
	for _, s := range bySeries {
		if _, ok := law.Excluded(s.group); ok {
			continue
		}
		kind := kindOf(s.group)
		ms := make([]*cityspend.MonthSpend, 0, len(s.months))
		for _, m := range s.months {
			ms = append(ms, m)
		}
		sort.Slice(ms, func(i, j int) bool { return ms[i].Month.Before(ms[j].Month) })
		// The window with the most uncovered spend over the threshold in
		// force on its last day: two pointers over months.
		var best, sum cityspend.Amount
		var bestFrom, bestTo int
		var crossed cityspend.Threshold
		found := false
		lo := 0
		for hi := range ms {
			sum += ms[hi].Uncovered
			for monthsBetween(ms[lo].Month, ms[hi].Month) >= o.WindowMonths {
				sum -= ms[lo].Uncovered
				lo++
			}
			if sum <= best {
				continue
			}
			if t, ok := in.table.Notice(in.regime, kind, ms[hi].Month.AddDate(0, 1, -1), sum); ok {
				best, bestFrom, bestTo, crossed, found = sum, lo, hi, t, true
			}
		}
		if !found {
			continue
		}
		end := ms[bestTo].Month.AddDate(0, 1, -1)
		var lines int64
		for _, m := range ms[bestFrom : bestTo+1] {
			if m.Uncovered != 0 {
				lines += m.Lines
			}
		}
		from := ms[bestFrom].Month
		who := "all suppliers"
		var checks []cityspend.ExemptionCheck
		conf := confCategory
		if s.supplier != "" {
			who = "supplier " + s.supplier
			checks = in.ex.of(s.group, s.supplier, end).Checks
			conf = supplierConfidence(best, crossed, s.supplier)
		} else {
			checks = categoryChecks(in.regime, s.group, len(removed[s.group]))
		}
		fl := thresholdLaw(crossed, kind, o.WindowMonths, checks)
		fl.Confidence = conf
		vat := ""
		if crossed.IncludesVAT {
			vat = fmt.Sprintf(" including VAT (%s %s excluding VAT at the standard rate)", thresholds.ExVAT(crossed), crossed.Currency)
		}
		out = append(out, cityspend.Finding{Kind: cityspend.FindingThreshold, ID: id(cityspend.FindingThreshold, s.group, s.supplier, ruleKey(crossed)),
			Amount: best, From: from, To: end, SupplierID: s.supplier, Category: s.group, Lines: lines, FindingLaw: fl,
			Detail: fmt.Sprintf("Possible direct award above the threshold: %s %s with %s in %s within %d months (%s to %s) is covered by no contract; "+
				"the %s is %s %s%s (%s). No exemption applies: %s.", best, in.buyer.Currency, who, s.group, o.WindowMonths, from.Format("2006-01"),
				end.Format("2006-01"), crossed.Name, crossed.Amount, crossed.Currency, vat, fl.RuleSource, reasons(checks))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// ruleKey is what a finding's id keeps of its threshold: the rule (a
// revision of the amounts keeps the id), else a user row's name.
func ruleKey(t cityspend.Threshold) string {
	if t.Rule != "" {
		return t.Rule
	}
	return t.Name
}

// reasons joins the reasons the checks give.
func reasons(cs []cityspend.ExemptionCheck) string {
	var rs []string
	for _, c := range cs {
		if !slices.Contains(rs, c.Reason) {
			rs = append(rs, c.Reason)
		}
	}
	return strings.Join(rs, "; ")
}

// splitPurchases finds clusters of invoices of one supplier in one group,
// each just under a threshold, together over it, within a short span.
func splitPurchases(ctx context.Context, st cityspend.ComplianceStore, in *input, o Options) ([]cityspend.Finding, error) {
	ids, table, regime, currency := in.ids, in.table, in.regime, in.buyer.Currency
	// Every threshold in force at any time counts, the floor included.
	type band struct {
		lo, hi cityspend.Amount
		t      cityspend.Threshold
	}
	var bands [][2]cityspend.Amount
	var bs []band
	for _, t := range table {
		if t.Regime != regime || t.Authority == thresholds.Central {
			continue
		}
		hi := thresholds.ExVAT(t)
		lo := cityspend.Amount(float64(hi) * (1 - o.SplitBand))
		bands = append(bands, [2]cityspend.Amount{lo, hi})
		bs = append(bs, band{lo, hi, t})
	}
	lines, err := st.LinesBetween(ctx, ids, bands)
	if err != nil {
		return nil, err
	}
	type key struct {
		group, supplier string
		threshold       cityspend.Amount
	}
	clusters := map[key][]cityspend.LineRef{}
	names := map[key]cityspend.Threshold{}
	for _, l := range lines {
		if l.Covered || in.ex.exempt(l.Group, l.SupplierID, l.Date) {
			continue
		}
		if _, ok := law.Excluded(l.Group); ok {
			continue
		}
		for _, b := range bs {
			if l.Amount >= b.lo && l.Amount < b.hi && !l.Date.Before(b.t.ValidFrom) && (b.t.ValidTo.IsZero() || l.Date.Before(b.t.ValidTo)) &&
				(b.t.Kind == thresholds.Any || b.t.Kind == kindOf(l.Group)) {
				k := key{l.Group, l.SupplierID, b.hi}
				clusters[k] = append(clusters[k], l)
				names[k] = b.t
			}
		}
	}
	var out []cityspend.Finding
	for k, ls := range clusters {
		// The densest run within the span (lines come in date order).
		bestLo, bestHi, lo := 0, -1, 0
		for hi := range ls {
			for monthsBetween(ls[lo].Date, ls[hi].Date) >= o.SplitWindowMonths {
				lo++
			}
			if hi-lo > bestHi-bestLo {
				bestLo, bestHi = lo, hi
			}
		}
		run := ls[bestLo : bestHi+1]
		if len(run) < o.SplitMinLines {
			continue
		}
		var sum cityspend.Amount
		var ev []string
		for _, l := range run {
			sum += l.Amount
			ev = append(ev, l.ID)
		}
		if sum < k.threshold {
			continue
		}
		t := names[k]
		fl := thresholdLaw(t, kindOf(k.group), 0, in.ex.of(k.group, k.supplier, run[len(run)-1].Date).Checks)
		fl.Rule, fl.RuleSource, fl.Confidence = RuleEstimateValue, srcSplit+"; the threshold: "+fl.RuleSource, confSplit
		out = append(out, cityspend.Finding{Kind: cityspend.FindingSplit, ID: id(cityspend.FindingSplit, k.group, k.supplier, ruleKey(t), t.Amount.String()),
			Amount: sum, From: run[0].Date, To: run[len(run)-1].Date, SupplierID: k.supplier, Category: k.group, Lines: int64(len(run)), Evidence: ev,
			FindingLaw: fl,
			Detail: fmt.Sprintf("Possible split purchase: %d invoices from %s in %s between %s and %s, each just under the %s of %s %s, together %s %s.",
				len(run), k.supplier, k.group, run[0].Date.Format("2006-01-02"), run[len(run)-1].Date.Format("2006-01-02"), t.Name, t.Amount, t.Currency,
				sum, currency)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// concentration finds, in the latest year with spend, categories where one
// supplier holds most of the spend (OCP R040) or the market is concentrated
// (Herfindahl–Hirschman index, R051).
func concentration(months []cityspend.MonthSpend, b cityspend.Buyer, o Options) []cityspend.Finding {
	var last time.Time
	for _, m := range months {
		if m.Month.After(last) {
			last = m.Month
		}
	}
	if last.IsZero() {
		return nil
	}
	fy := last.Year()
	if int(last.Month()) < b.FiscalStart {
		fy--
	}
	p := b.FiscalYear(fy)
	byGroup := map[string]map[string]cityspend.Amount{}
	var total cityspend.Amount
	for _, m := range months {
		if m.Month.Before(p.From) || !m.Month.Before(p.To) || strings.HasPrefix(m.Group, "account:") {
			continue
		}
		if byGroup[m.Group] == nil {
			byGroup[m.Group] = map[string]cityspend.Amount{}
		}
		byGroup[m.Group][m.SupplierID] += m.Spend
		total += m.Spend
	}
	var out []cityspend.Finding
	end := p.To.AddDate(0, 0, -1)
	for g, sup := range byGroup {
		var sum cityspend.Amount
		for _, v := range sup {
			sum += max(v, 0)
		}
		if sum <= 0 || cityspend.Share(sum, total) < o.MinCategoryShare {
			continue
		}
		var hhi float64
		topS, topV := "", cityspend.Amount(0)
		for s, v := range sup {
			sh := cityspend.Share(max(v, 0), sum)
			hhi += sh * sh
			if v > topV || (v == topV && s < topS) {
				topS, topV = s, v
			}
		}
		if len(sup) >= 2 && cityspend.Share(topV, sum) >= o.SupplierShare {
			out = append(out, cityspend.Finding{Kind: cityspend.FindingConcentration, ID: id(cityspend.FindingConcentration, "R040", g, topS, p.Label()),
				Amount: topV, From: p.From, To: end, SupplierID: topS, Category: g,
				Detail: fmt.Sprintf("Possible dependence on one supplier (R040): %s holds %.0f %% of the spend in %s in %s (%s of %s).",
					topS, 100*cityspend.Share(topV, sum), g, p.Label(), topV, sum)})
		}
		if len(sup) >= 2 && hhi >= o.HHI {
			out = append(out, cityspend.Finding{Kind: cityspend.FindingConcentration, ID: id(cityspend.FindingConcentration, "R051", g, p.Label()),
				Amount: sum, From: p.From, To: end, Category: g,
				Detail: fmt.Sprintf("Possible concentrated market (R051): the Herfindahl–Hirschman index of the %d suppliers in %s in %s is %.2f.",
					len(sup), g, p.Label(), hhi)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Authority lists the buyers that are one contracting authority with b
// (see Compute).
func Authority(ctx context.Context, st cityspend.LedgerStore, b cityspend.Buyer) ([]string, error) {
	return authority(ctx, st, b)
}

// FindingJSON is a finding as `cityspend findings --json` and the API
// print it: the finding with its window as dates.
type FindingJSON struct {
	cityspend.Finding
	Window struct {
		From string `json:"from"`
		To   string `json:"to"`
	} `json:"window"`
}

// JSON returns a finding's printed form.
func JSON(f cityspend.Finding) FindingJSON {
	j := FindingJSON{Finding: f}
	if f.Evidence == nil {
		j.Evidence = []string{}
	}
	if !f.From.IsZero() {
		j.Window.From = f.From.Format("2006-01-02")
	}
	if !f.To.IsZero() {
		j.Window.To = f.To.Format("2006-01-02")
	}
	return j
}

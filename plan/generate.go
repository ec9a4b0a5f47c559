// SPDX-License-Identifier: EUPL-1.2

// Package plan is the procurement plan: items proposed from the data
// (contracts expiring, recurring spend no contract covers, open threshold
// findings), shaped by people (edits, merges, splits, with their history),
// and published to the market (OCDS planning releases, CSV, XLSX, a UK
// pipeline table, an Atom feed).
package plan

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/compliance"
	"github.com/cityspend/cityspend/cube"
	"github.com/cityspend/cityspend/refdata/cpv"
	"github.com/cityspend/cityspend/refdata/thresholds"
)

// LeadTimes are the months a procedure needs before the date of need, per
// threshold band: from the notice to the contract start, and from market
// dialogue to the notice.
type LeadTimes struct {
	Notice, Dialogue map[string]int
}

// DefaultLeadTimes are conservative: an EEA procedure with a notice six
// months before the need, market dialogue two months before the notice.
var DefaultLeadTimes = LeadTimes{
	Notice:   map[string]int{"below": 1, "national": 3, "eea": 6, "eu": 6, "uk": 6},
	Dialogue: map[string]int{"below": 0, "national": 1, "eea": 2, "eu": 2, "uk": 2},
}

// Options tune generation.
type Options struct {
	Horizon   int       // months ahead; default 24
	Now       time.Time // default today
	LeadTimes LeadTimes // default DefaultLeadTimes
	Who       string    // recorded in the history
}

// Summary reports a generation.
type Summary struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Kept      int `json:"kept_as_edited"`
	Withdrawn int `json:"withdrawn"`
	Items     int `json:"items"`
}

func itemID(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return "gen-" + hex.EncodeToString(h[:6])
}

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

// typeOf is the purchase type of a CPV code: goods, services or works.
func typeOf(code string) string {
	if !cpv.Valid(code) {
		return cpv.Services
	}
	if k := cpv.Code(code).Kind(); k != cpv.Supplies {
		return k
	}
	return "goods"
}

// Band finds the threshold band and procedure family of a value.
func Band(table thresholds.Table, regime, kind string, value cityspend.Amount, on time.Time) (band, procedure string) {
	tk := thresholds.GoodsServices
	if kind == cpv.Works {
		tk = thresholds.Works
	}
	levels := table.At(regime, tk, on)
	switch regime {
	case "NO":
		var floor, national, eea cityspend.Amount
		for _, t := range levels {
			switch {
			case strings.Contains(t.Name, "floor"):
				floor = t.Amount
			case strings.Contains(t.Name, "national"):
				national = t.Amount
			case strings.Contains(t.Name, "EEA"):
				eea = t.Amount
			}
		}
		switch {
		case floor > 0 && value < floor:
			return "below", "below the regulations: documented competition"
		case national > 0 && value < national:
			return "national", "FOA part I: competition, documented, no notice required"
		case eea > 0 && value < eea:
			return "national", "FOA part II: notice on Doffin (open or competitive procedure with negotiation)"
		}
		return "eea", "FOA part III: notice on Doffin and TED (open, restricted or negotiated with notice)"
	case "EU", "UK":
		for _, t := range levels {
			if value >= t.Amount {
				if regime == "UK" {
					return "uk", "Procurement Act 2023: open or competitive flexible procedure, tender notice"
				}
				return "eu", "Directive 2014/24/EU: open, restricted or competitive procedure with negotiation, notice in TED"
			}
		}
		return "below", "below the thresholds: national rules"
	}
	return "", "no threshold regime for the buyer's country"
}

// timeline works back from the date of need.
func timeline(it *cityspend.PlanItem, lt LeadTimes) {
	if it.NeedDate.IsZero() {
		return
	}
	it.ContractStart = it.NeedDate
	it.Award = it.NeedDate.AddDate(0, -1, 0)
	it.Notice = it.NeedDate.AddDate(0, -lt.Notice[it.Threshold], 0)
	if d := lt.Dialogue[it.Threshold]; d > 0 {
		it.MarketDialogue = it.Notice.AddDate(0, -d, 0)
	} else {
		it.MarketDialogue = time.Time{}
	}
}

// Generate proposes items from a buyer's contracts, uncovered spend and open
// threshold findings, and stores them: new items are added, generated items
// nobody edited are updated, edited ones are left as people made them.
func Generate(ctx context.Context, st Store, buyerID string, o Options) (*Summary, error) {
	if o.Horizon <= 0 {
		o.Horizon = 24
	}
	if o.Now.IsZero() {
		o.Now = time.Now().UTC()
	}
	o.Now = time.Date(o.Now.Year(), o.Now.Month(), o.Now.Day(), 0, 0, 0, 0, time.UTC)
	if o.LeadTimes.Notice == nil {
		o.LeadTimes = DefaultLeadTimes
	}
	if o.Who == "" {
		o.Who = "generation"
	}
	b, err := st.Buyer(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	user, err := st.Thresholds(ctx)
	if err != nil {
		return nil, err
	}
	table := thresholds.NewTable(user)
	regime := thresholds.RegimeOf(b.Country)
	until := o.Now.AddDate(0, o.Horizon, 0)
	var proposed []cityspend.PlanItem

	// First, as it links the lines to the contracts: the categories whose
	// spend no contract covers reaches a notice threshold.
	recurring, err := compliance.Recurring(ctx, st, b.ID, compliance.Options{})
	if err != nil {
		return nil, err
	}
	contracts, err := st.Contracts(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range contracts {
		end, last := c.End, c.LastDay()
		if last.IsZero() || last.Before(o.Now) {
			continue
		}
		var names []string
		for _, s := range c.Suppliers {
			names = append(names, s.Name)
		}
		it := cityspend.PlanItem{BuyerID: b.ID, Type: typeOf(c.CPV), ContractID: c.ID, ContractExpiry: last, Suppliers: names,
			Framework: c.Framework, Source: "expiring_contract", SourceRef: c.ID, Links: []string{"contract:" + c.ID}}
		if c.CPV != "" {
			it.CPV = []string{c.CPV}
		}
		optionOpen := !c.Final.IsZero() && !end.IsZero() && c.Final.After(end) && !end.Before(o.Now)
		switch {
		case optionOpen && !end.After(until):
			it.ID = itemID("extension", c.ID)
			it.Action, it.Title = "decide_extension", fmt.Sprintf("Decide on extending %s (%s)", c.ID, c.Title)
			it.NeedDate = end.AddDate(0, 0, 1)
			it.Options = fmt.Sprintf("may be extended to %s", c.Final.Format("2006-01-02"))
		case !last.After(until):
			it.ID = itemID("retender", c.ID)
			it.Action, it.Title = "retender", fmt.Sprintf("Re-tender %s (%s)", c.ID, c.Title)
			it.NeedDate = last.AddDate(0, 0, 1)
		default:
			continue
		}
		// The value: the contract's maximum, else its spend over its term.
		months := monthsBetween(c.Start, last) + 1
		if c.Start.IsZero() {
			months = 48
		}
		it.Months = min(months, 48)
		switch {
		case c.HasMax:
			it.Value, it.Basis = c.MaxValue, "the current contract's maximum value"
		case c.Lines > 0 && !c.FirstLine.IsZero():
			span := max(monthsBetween(c.FirstLine, c.LastLine)+1, 1)
			it.Value = cityspend.Amount(int64(c.Spend) * int64(it.Months) / int64(span))
			it.Basis = fmt.Sprintf("the current contract's spend of %s %s over %d months, for %d months", c.Spend, b.Currency, span, it.Months)
		default:
			it.Basis = "no value known: estimate it"
		}
		proposed = append(proposed, it)
	}

	// (b) Recurring spend no contract covers, per category, above a notice
	// threshold within 48 months; (c) the open threshold and split-purchase
	// findings, as links of their category's item. A category whose
	// finding a person dismissed gets no item.
	findings, err := st.Findings(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	dismissed := map[string]bool{}
	for _, f := range findings {
		if f.Status == cityspend.StatusDismissed {
			dismissed[f.ID] = true
		}
	}
	codes, err := st.CPVCodes(ctx)
	if err != nil {
		return nil, err
	}
	label := cube.Labels(codes, nil)
	byGroup := map[string]*cityspend.PlanItem{}
	var groups []string
	item := func(group string) *cityspend.PlanItem {
		it := byGroup[group]
		if it == nil {
			it = &cityspend.PlanItem{BuyerID: b.ID, ID: itemID("recurring", group), Type: typeOf(group), Action: "tender",
				Source: "recurring_spend", SourceRef: group, Months: 48,
				Title: "Tender a contract for " + categoryName(label, group), Basis: "no value known: estimate it"}
			if cpv.Valid(group) {
				it.CPV = []string{group}
			}
			byGroup[group] = it
			groups = append(groups, group)
		}
		return it
	}
	for _, f := range recurring {
		if dismissed[f.ID] || strings.HasPrefix(f.Category, "account:") {
			continue
		}
		it := item(f.Category)
		months := max(monthsBetween(f.From, f.To)+1, 1)
		it.Value = cityspend.Amount(int64(f.Amount) * 48 / int64(months))
		it.Basis = fmt.Sprintf("%s %s of spend no contract covers in %d months (%s to %s), for 48 months", f.Amount, b.Currency, months,
			f.From.Format("2006-01"), f.To.Format("2006-01"))
	}
	for _, f := range findings {
		if (f.Kind != cityspend.FindingThreshold && f.Kind != cityspend.FindingSplit) || f.Status == cityspend.StatusDismissed ||
			f.Category == "" || strings.HasPrefix(f.Category, "account:") {
			continue
		}
		it := item(f.Category)
		it.Links = append(it.Links, "finding:"+f.ID)
		if f.SupplierID != "" && !slices.Contains(it.Suppliers, f.SupplierID) {
			it.Suppliers = append(it.Suppliers, f.SupplierID)
		}
	}
	sort.Strings(groups)
	for _, g := range groups {
		proposed = append(proposed, *byGroup[g])
	}
	for i := range proposed {
		it := &proposed[i]
		it.Regime = regime
		on := it.NeedDate
		if on.IsZero() {
			on = o.Now
		}
		it.Threshold, it.Procedure = Band(table, regime, it.Type, it.Value, on)
		if it.NeedDate.IsZero() {
			// Uncovered spend: as soon as the procedure allows, with a
			// month to prepare.
			lead := o.LeadTimes.Notice[it.Threshold] + o.LeadTimes.Dialogue[it.Threshold] + 1
			it.NeedDate = o.Now.AddDate(0, lead, 0)
		}
		timeline(it, o.LeadTimes)
		if it.Status == "" {
			it.Status = cityspend.PlanIdea
		}
		// Norway: climate and environment weigh at least 30 % (FOA §7-9).
		if regime == "NO" {
			it.Environmental, it.ClimateWeight = true, 30
		}
	}
	return store(ctx, st, b.ID, proposed, o)
}

// categoryName names a CPV group: its label from the imported CPV list,
// else its division's.
func categoryName(label cube.Labeler, group string) string {
	if !cpv.Valid(group) {
		return group
	}
	if l := label(group, "en"); l != "" && !strings.HasPrefix(l, "CPV ") {
		return fmt.Sprintf("%s (CPV %s)", l, group)
	}
	if d, ok := cpv.Divisions[group[:2]]; ok {
		return fmt.Sprintf("CPV %s, %s", group, d.EN)
	}
	return "CPV " + group
}

func jsonString(s string) string {
	raw, _ := json.Marshal(s)
	return string(raw)
}

// store merges proposals into the stored plan.
func store(ctx context.Context, st Store, buyerID string, proposed []cityspend.PlanItem, o Options) (*Summary, error) {
	current, err := st.PlanItems(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	byID := map[string]cityspend.PlanItem{}
	for _, it := range current {
		byID[it.ID] = it
	}
	s := &Summary{}
	var put []cityspend.PlanItem
	var changes []cityspend.PlanChange
	now := time.Now().UTC()
	for _, it := range proposed {
		old, exists := byID[it.ID]
		switch {
		case !exists:
			it.Created, it.Updated = now, now
			put = append(put, it)
			changes = append(changes, cityspend.PlanChange{ItemID: it.ID, Field: "created", New: it.Title, Who: o.Who, At: now})
			s.Added++
		case old.Edited || old.MergedInto != "":
			s.Kept++
		default:
			it.Created, it.Updated = old.Created, old.Updated
			// Nobody edited it: its status is generation's, and an item the
			// data proposes again is back in the plan.
			it.Owner, it.Published, it.PublishedAt = old.Owner, old.Published, old.PublishedAt
			if old.Status != cityspend.PlanCancelled {
				it.Status = old.Status
			}
			d := diff(old, it)
			if len(d) == 0 {
				s.Unchanged++
				continue
			}
			it.Updated = now
			for _, c := range d {
				c.Who, c.At = o.Who, now
				changes = append(changes, c)
			}
			put = append(put, it)
			s.Updated++
		}
	}
	// Generated items nobody edited that the data no longer proposes (a
	// contract extended, a finding dismissed) are withdrawn, not deleted.
	proposedIDs := map[string]bool{}
	for _, it := range proposed {
		proposedIDs[it.ID] = true
	}
	for _, old := range current {
		if old.Edited || old.MergedInto != "" || old.Source == "manual" || proposedIDs[old.ID] || old.Status == cityspend.PlanCancelled {
			continue
		}
		it := old
		it.Status, it.Updated = cityspend.PlanCancelled, now
		put = append(put, it)
		changes = append(changes, cityspend.PlanChange{ItemID: it.ID, Field: "status", Old: jsonString(old.Status), New: jsonString(it.Status),
			Who: o.Who + " (no longer proposed by the data)", At: now})
		s.Withdrawn++
	}
	if err := st.PutPlanItems(ctx, buyerID, put, changes); err != nil {
		return nil, err
	}
	all, err := st.PlanItems(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	s.Items = len(all)
	return s, nil
}

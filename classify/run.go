// SPDX-License-Identifier: EUPL-1.2

package classify

import (
	"context"
	"fmt"
	"hash/maphash"
	"log/slog"
	"math"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// Summary reports a classification run.
type Summary struct {
	BuyerID         string           `json:"buyer"`
	Items           int              `json:"items"`
	NewItems        int64            `json:"new_items"`
	Classified      int              `json:"classified_items"`
	Lines           int64            `json:"lines"`
	LinesClassified int64            `json:"lines_classified"`
	Spend           cityspend.Amount `json:"spend"`
	SpendClassified cityspend.Amount `json:"spend_classified"`
	Coverage        float64          `json:"coverage"` // classified spend / spend (absolute amounts)
	// CoverageConfident is the share of the spend classified with a
	// confidence of at least ConfidentAt (the review threshold): the
	// coverage that needs no review.
	CoverageConfident float64          `json:"coverage_confident"`
	ConfidentAt       float64          `json:"confident_at"`
	ByRule            map[string]int64 `json:"lines_by_rule"`
	Review            int              `json:"items_to_review"` // below the review threshold
	// Changed is how many items took another category, rule, reason or
	// confidence (only those are written).
	Changed int `json:"items_changed"`
	// Lines linked to the contract register after classification.
	LinkedByReference int64   `json:"lines_linked_by_reference"`
	LinkedByTerm      int64   `json:"lines_linked_by_supplier_category_term"`
	Seconds           float64 `json:"seconds"`
}

// giveBackFrom is the number of items from which a run gives its memory
// back before it writes the categories (Run).
const giveBackFrom = 100_000

// ReviewBelow is the confidence under which items go to the review queue.
const ReviewBelow = 0.7

// Names reads the CPV labels for reasons and the model: English labels by
// code, the project's division labels where the list is not loaded.
func Names(ctx context.Context, st cityspend.CategoryStore) (map[string]string, []cityspend.CPVCode, error) {
	codes, err := st.CPVCodes(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := map[string]string{}
	for d, l := range cpv.Divisions {
		names[string(cpv.Pad(d))] = l.EN
	}
	for _, c := range codes {
		if l := c.Labels["EN"]; l != "" {
			names[c.Code] = l
		}
	}
	for _, ks := range [][]keywordSet{keywords, trades} {
		for _, k := range ks {
			if names[k.cpv] == "" {
				names[k.cpv] = strings.TrimLeft(k.name, "~")
			}
		}
	}
	for _, s := range servicesOn {
		for _, c := range []counterpart{s.support, s.upkeep} {
			if c.code != "" && names[c.code] == "" {
				names[c.code] = c.label
			}
		}
	}
	return names, codes, nil
}

// Load builds the classifier of a buyer from the store: its rules,
// decisions, model (trained now and stored when there is none), labels
// and the suppliers' history and profiles from its items.
func Load(ctx context.Context, st Store, b cityspend.Buyer, items []cityspend.Item) (*Classifier, error) {
	c, err := load(ctx, st, b, items)
	if err != nil {
		return nil, err
	}
	c.SetProfiles(items)
	return c, nil
}

// load is Load without the suppliers' profiles, which Run builds from its
// own classification of the items.
func load(ctx context.Context, st Store, b cityspend.Buyer, items []cityspend.Item) (*Classifier, error) {
	own, err := st.CategoryRules(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	decisions, err := st.CategoryDecisions(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	names, _, err := Names(ctx, st)
	if err != nil {
		return nil, err
	}
	var model *Model
	raw, _, err := st.CategoryModel(ctx, b.ID)
	switch {
	case err == nil:
		if model, err = Decode(raw); err != nil {
			return nil, err
		}
		if model.Version < ModelVersion {
			if model, _, err = train(ctx, st, b, items, decisions, own); err != nil {
				return nil, err
			}
		}
	case cityspend.ErrorCode(err) == cityspend.ENOTFOUND:
		if model, _, err = train(ctx, st, b, items, decisions, own); err != nil {
			return nil, err
		}
	default:
		return nil, err
	}
	c := New(b.Country, own, decisions, model, names)
	c.SetHistory(items)
	return c, nil
}

// Run classifies every item of a buyer and stores the results.
func Run(ctx context.Context, st Store, buyerID string, log *slog.Logger) (*Summary, error) {
	start := time.Now()
	b, err := st.Buyer(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	added, err := st.AssignItems(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	// With a contract register, lines are linked first, so that the
	// contracts they are paid under by reference decide their category, and
	// again after, as links by supplier, category and term read categories.
	contracts, err := st.Contracts(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	if len(contracts) > 0 {
		if _, _, err := st.LinkContracts(ctx, b.ID); err != nil {
			return nil, err
		}
	}
	items, err := st.Items(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	log.Info("classifying", "buyer", b.ID, "items", len(items), "new_items", added)
	c, err := load(ctx, st, b, items)
	if err != nil {
		return nil, err
	}
	s := &Summary{BuyerID: b.ID, Items: len(items), NewItems: added, ByRule: map[string]int64{}, ConfidentAt: ReviewBelow}
	// One pass without the suppliers' profiles, which are built from it;
	// then the lines that may take a profile — of a supplier with one, not
	// resting on specific evidence — again. Items alike in everything
	// Classify reads are classified once: found by a hash of those fields
	// and compared field by field, so a city's items need no key strings.
	seed := maphash.MakeSeed()
	hash := func(it cityspend.Item) uint64 {
		var h maphash.Hash
		h.SetSeed(seed)
		for _, f := range []string{it.SupplierID, it.SupplierName, it.NACE, it.AccountCode, it.AccountText, it.Unit, it.Text, it.CPVLine,
			it.ContractID, it.ContractCPV} {
			h.WriteString(f)
			h.WriteByte(0)
		}
		return h.Sum64()
	}
	alike := func(a, b cityspend.Item) bool {
		return a.SupplierID == b.SupplierID && a.SupplierName == b.SupplierName && a.NACE == b.NACE && a.AccountCode == b.AccountCode &&
			a.AccountText == b.AccountText && a.Unit == b.Unit && a.Text == b.Text && a.CPVLine == b.CPVLine && a.ContractID == b.ContractID &&
			a.ContractCPV == b.ContractCPV
	}
	// seen finds an earlier item alike in everything Classify reads.
	seen := func(m map[uint64]int, i int) (int, bool) {
		h := hash(items[i])
		j, ok := m[h]
		if !ok {
			m[h] = i
			return 0, false
		}
		return j, alike(items[i], items[j])
	}
	// cats holds each item's category, and then, compacted in place, the
	// ones to write: a city's items and their categories are most of what
	// a run holds in memory.
	cats := make([]cityspend.ItemCategory, len(items))
	specific := make([]bool, len(items))
	first := map[uint64]int{}
	whys := reasons{seed: seed, m: map[uint64][]cityspend.ReasonPart{}}
	for i, it := range items {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if j, ok := seen(first, i); ok {
			cats[i], specific[i] = cats[j], specific[j]
			continue
		}
		cats[i].Categorization, specific[i] = c.classify(it)
		cats[i].Why = whys.once(cats[i].Why)
	}
	c.setProfiles(items, cats, specific)
	first = map[uint64]int{}
	for i, it := range items {
		if specific[i] || !c.profiled(it.SupplierID) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if j, ok := seen(first, i); ok {
			cats[i] = cats[j]
			continue
		}
		cats[i].Categorization = c.Classify(it)
		cats[i].Why = whys.once(cats[i].Why)
	}
	first = nil
	var confident cityspend.Amount
	// Only the items whose category, rule, reason or confidence changed
	// are written: after an import most items keep theirs, and rewriting a
	// city's hundreds of thousands of items held the engine's memory.
	out := cats[:0]
	for i, it := range items {
		cat := cats[i].Categorization
		if !sameCategory(cat, it.Category) {
			out = append(out, cityspend.ItemCategory{ItemID: it.ID, Categorization: cat})
		}
		w := abs(it.Spend)
		s.Lines += it.Lines
		s.Spend += w
		if cat.CPV != "" {
			s.Classified++
			s.LinesClassified += it.Lines
			s.SpendClassified += w
			s.ByRule[cat.Rule] += it.Lines
			if cat.Confidence >= ReviewBelow {
				confident += w
			}
		} else {
			s.ByRule["unclassified"] += it.Lines
		}
		if cat.Confidence < ReviewBelow {
			s.Review++
		}
	}
	s.Changed = len(out)
	// The items, the memo and what the passes left are garbage now: given
	// back before the categories are written, when the engine's memory
	// peaks (a classification from scratch of 704,513 items peaked at 986
	// MB there, with the Go heap at its limit). Only for a large city: the
	// forced collection took a fifth of a second even for a small one, in
	// a server's process.
	large := len(items) >= giveBackFrom
	items, specific, c = nil, nil, nil
	if large {
		debug.FreeOSMemory()
	}
	if err := st.SetCategories(ctx, b.ID, out); err != nil {
		return nil, err
	}
	if len(contracts) > 0 {
		if s.LinkedByReference, s.LinkedByTerm, err = st.LinkContracts(ctx, b.ID); err != nil {
			return nil, err
		}
	}
	s.Coverage = cityspend.Share(s.SpendClassified, s.Spend)
	s.CoverageConfident = cityspend.Share(confident, s.Spend)
	s.Seconds = math.Round(time.Since(start).Seconds()*100) / 100
	log.Info("classified", "buyer", b.ID, "items", s.Items, "coverage", fmt.Sprintf("%.3f", s.Coverage), "seconds", s.Seconds)
	return s, nil
}

// sameCategory reports whether two categorizations are the same in
// everything stored.
func sameCategory(a, b cityspend.Categorization) bool {
	if a.CPV != b.CPV || a.Rule != b.Rule || a.Reason != b.Reason || a.Confidence != b.Confidence || len(a.Why) != len(b.Why) {
		return false
	}
	for i := range a.Why {
		if a.Why[i].Key != b.Why[i].Key || !slices.Equal(a.Why[i].Args, b.Why[i].Args) {
			return false
		}
	}
	return true
}

// Train trains a buyer's text model and stores it.
func Train(ctx context.Context, st Store, buyerID string) (int, error) {
	b, err := st.Buyer(ctx, buyerID)
	if err != nil {
		return 0, err
	}
	if _, err := st.AssignItems(ctx, b.ID); err != nil {
		return 0, err
	}
	items, err := st.Items(ctx, b.ID)
	if err != nil {
		return 0, err
	}
	decisions, err := st.CategoryDecisions(ctx, b.ID)
	if err != nil {
		return 0, err
	}
	own, err := st.CategoryRules(ctx, b.ID)
	if err != nil {
		return 0, err
	}
	_, n, err := train(ctx, st, b, items, decisions, own)
	return n, err
}

// train builds the model from the CPV labels (every language of the loaded
// list, the project's labels), the keyword rules, the lines people confirmed
// and the lines whose invoices carry a CPV code, and stores it.
func train(ctx context.Context, st cityspend.CategoryStore, b cityspend.Buyer, items []cityspend.Item, decisions []cityspend.CategoryDecision,
	own []cityspend.CategoryRule) (*Model, int, error) {
	_, codes, err := Names(ctx, st)
	if err != nil {
		return nil, 0, err
	}
	var ex, labels []Example
	group := func(code string) string { return string(cpv.Code(code).At(3)) }
	// The official labels make a model of their own, the fallback: mixed
	// with the ledger words they would drown them (9,454 codes in many
	// languages), and loading the list must never lower what the ledger
	// words classify.
	for _, c := range codes {
		for _, l := range c.Labels {
			labels = append(labels, Example{Text: l, CPV: group(c.Code), Weight: 1})
		}
	}
	for d, l := range cpv.Divisions {
		ex = append(ex, Example{Text: l.EN, CPV: string(cpv.Pad(d)), Weight: 1}, Example{Text: l.NB, CPV: string(cpv.Pad(d)), Weight: 1})
	}
	for _, k := range keywords {
		ex = append(ex, Example{Text: strings.TrimPrefix(k.name, "~"), CPV: group(k.cpv), Weight: 1})
	}
	for _, r := range append(own, Defaults(b.Country)...) {
		if r.Kind == "keyword" || r.Kind == "weak_keyword" {
			ex = append(ex, Example{Text: strings.ReplaceAll(r.Pattern, "*", ""), CPV: group(r.CPV), Weight: 2})
		}
	}
	// Confirmed lines weigh most, and name the specific codes.
	c := New(b.Country, own, decisions, nil, nil)
	specific := map[string]map[string]float64{}
	decided := map[string]int{}
	for _, it := range items {
		code := ""
		if d, ok := c.decision(it); ok {
			code = d.CPV
			decided[group(code)]++
		} else if cpv.Valid(it.CPVLine) {
			code = it.CPVLine
		}
		if code == "" {
			continue
		}
		w := 5 + math.Log1p(float64(it.Lines))
		g := group(code)
		text := it.Text
		if strings.TrimSpace(strings.ReplaceAll(text, "#", "")) == "" {
			text = it.AccountText // a ledger without descriptions: its category
		}
		ex = append(ex, Example{Text: text, CPV: g, Weight: w})
		if specific[g] == nil {
			specific[g] = map[string]float64{}
		}
		specific[g][code] += w
	}
	m := TrainModel(ex)
	m.Decided = decided
	if len(labels) > 0 {
		m.Fallback = TrainModel(labels)
	}
	for g, cs := range specific {
		best, bw := "", 0.0
		for code, w := range cs {
			if w > bw || (w == bw && code < best) {
				best, bw = code, w
			}
		}
		if best != g {
			m.Specific[g] = best
		}
	}
	raw, err := m.Encode()
	if err != nil {
		return nil, 0, err
	}
	if err := st.PutCategoryModel(ctx, b.ID, len(ex)+len(labels), raw); err != nil {
		return nil, 0, err
	}
	return m, len(ex) + len(labels), nil
}

// reasons keeps each distinct reason's clauses once: a city's hundreds of
// thousands of items rest on a few thousand reasons, and the clauses each
// classification builds anew would otherwise be held once per item.
type reasons struct {
	seed maphash.Seed
	m    map[uint64][]cityspend.ReasonPart
}

// once returns the clauses kept for a reason equal to why, keeping why
// when there is none.
func (r reasons) once(why []cityspend.ReasonPart) []cityspend.ReasonPart {
	if len(why) == 0 {
		return why
	}
	var h maphash.Hash
	h.SetSeed(r.seed)
	for _, p := range why {
		h.WriteString(p.Key)
		h.WriteByte(0)
		for _, a := range p.Args {
			h.WriteString(a)
			h.WriteByte(1)
		}
		h.WriteByte(2)
	}
	k := h.Sum64()
	if kept, ok := r.m[k]; ok && slices.EqualFunc(kept, why, func(a, b cityspend.ReasonPart) bool {
		return a.Key == b.Key && slices.Equal(a.Args, b.Args)
	}) {
		return kept
	}
	r.m[k] = why
	return why
}

// SPDX-License-Identifier: EUPL-1.2

// Package cube is the spend cube: a buyer's spend by CPV category, drilled
// down and rolled up along the CPV tree, crossed with org unit, supplier,
// month, account or service; the tail spend; the fragmented categories
// (many suppliers: consolidation candidates); and price and volume where
// lines carry quantities. The web page, the JSON API and the exports call it.
package cube

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/indicator"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// Dimensions the current category can be broken down by.
var Breakdowns = map[string]cityspend.Dimension{"org_unit": cityspend.ByOrgUnit, "supplier": cityspend.BySupplier,
	"month": cityspend.ByMonth, "account": cityspend.ByAccount, "service": cityspend.ByServiceCode, "place": cityspend.ByPlace}

// Options choose the cube's slice.
type Options struct {
	Filters   indicator.Filters // Category is the node to show (a code prefix)
	By        string            // a key of Breakdowns, or ""
	TailShare float64           // the tail is the last share of the spend; default 0.2
	Lang      string            // labels: "nb" or "en"
}

// Node is a category of the tree with its spend.
type Node struct {
	Code      string           `json:"code"` // 8 digits, padded; "unclassified"
	Prefix    string           `json:"prefix"`
	Label     string           `json:"label"`
	Spend     cityspend.Amount `json:"spend"`
	Share     float64          `json:"share"`
	Lines     int64            `json:"lines"`
	Suppliers int64            `json:"suppliers"`
	Leaf      bool             `json:"leaf"` // no finer level
}

// Group is one row of the breakdown.
type Group struct {
	Key       string           `json:"key"`
	Label     string           `json:"label,omitempty"`
	Spend     cityspend.Amount `json:"spend"`
	Share     float64          `json:"share"`
	Lines     int64            `json:"lines"`
	Suppliers int64            `json:"suppliers"`
}

// Tail is the tail spend: the suppliers (and categories) that share the
// last part of the spend.
type Tail struct {
	Share              float64          `json:"share"` // the part of the spend called the tail
	Suppliers          int64            `json:"suppliers"`
	TailSuppliers      int64            `json:"tail_suppliers"`
	TailSupplierSpend  cityspend.Amount `json:"tail_supplier_spend"`
	Categories         int64            `json:"categories"` // at group level
	TailCategories     int64            `json:"tail_categories"`
	TailCategorySpend  cityspend.Amount `json:"tail_category_spend"`
	HeadSuppliersShare float64          `json:"head_suppliers_share"` // suppliers outside the tail / all
}

// Fragment is a category (group level) bought from many suppliers.
type Fragment struct {
	Code      string           `json:"code"`
	Label     string           `json:"label"`
	Spend     cityspend.Amount `json:"spend"`
	Suppliers int64            `json:"suppliers"`
	TopShare  float64          `json:"top_supplier_share"`
	HHI       float64          `json:"hhi"` // Herfindahl index of the suppliers' shares, 0–1
	Candidate bool             `json:"consolidation_candidate"`
}

// Price is a price-and-volume row with its category's label.
type Price struct {
	cityspend.PriceVolume
	Label string `json:"label"`
}

// Result is the cube for a buyer-year and a node.
type Result struct {
	Buyer         string               `json:"buyer"`
	Year          int                  `json:"year"`
	Period        indicator.PeriodJSON `json:"period"`
	Currency      string               `json:"currency"`
	Filters       indicator.Filters    `json:"filters"`
	Path          []Node               `json:"path"` // from the root to the node
	Node          Node                 `json:"node"`
	Children      []Node               `json:"children"`
	By            string               `json:"by,omitempty"`
	Breakdown     []Group              `json:"breakdown,omitempty"`
	Unclassified  cityspend.Amount     `json:"unclassified_spend"`
	Tail          Tail                 `json:"tail"`
	Fragmentation []Fragment           `json:"fragmentation"`
	Prices        []Price              `json:"price_volume"`
}

// levels are the digits of the tree's levels.
var levels = []int{2, 3, 4, 5, 8}

var levelDims = map[int]cityspend.Dimension{2: cityspend.ByCPVDivision, 3: cityspend.ByCPVGroup, 4: cityspend.ByCPVClass,
	5: cityspend.ByCPVCategory, 8: cityspend.ByCPV}

// Labeler names codes in a language.
type Labeler func(code, lang string) string

// Build computes the cube.
func Build(ctx context.Context, st Store, buyerID string, year int, o Options, label Labeler) (*Result, error) {
	if o.TailShare <= 0 || o.TailShare >= 1 {
		o.TailShare = 0.2
	}
	if o.By != "" {
		if _, ok := Breakdowns[o.By]; !ok {
			return nil, cityspend.Errorf(cityspend.EINVALID, "break down by %q: use org_unit, supplier, month, account, service or place", o.By)
		}
	}
	b, err := st.Buyer(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	p := b.FiscalYear(year)
	prefix := o.Filters.Category
	r := &Result{Buyer: b.ID, Year: year, Currency: b.Currency, Filters: o.Filters, By: o.By,
		Period: indicator.PeriodJSON{From: p.From.Format("2006-01-02"), To: p.To.Format("2006-01-02"), Label: p.Label()}}
	f := cityspend.SpendFilter{BuyerID: b.ID, Period: p, AccountPfx: o.Filters.AccountGroup, OrgUnit: o.Filters.OrgUnit, Type: o.Filters.Type,
		Place: o.Filters.Place, Section: o.Filters.Section, Category: prefix, Scope: cityspend.ScopeIn}
	all := f
	all.Category = ""
	grand, err := st.SpendTotal(ctx, all)
	if err != nil {
		return nil, err
	}
	node := grand // the root: the same lines
	if prefix != "" {
		if node, err = st.SpendTotal(ctx, f); err != nil {
			return nil, err
		}
	}
	mk := func(code string, digits int, t cityspend.SpendTotal) Node {
		n := Node{Code: code, Spend: t.Spend, Share: cityspend.Share(t.Spend, grand.Spend), Lines: t.Lines, Suppliers: t.Suppliers}
		if code != cityspend.CategoryUnclassified {
			n.Prefix = code[:digits]
			n.Label = label(code, o.Lang)
			n.Leaf = digits >= 8
		}
		return n
	}
	// The path from the root: every level above the node.
	root := Node{Label: map[string]string{"nb": "Alle kategorier", "en": "All categories"}[lang(o.Lang)], Spend: grand.Spend, Share: 1,
		Lines: grand.Lines, Suppliers: grand.Suppliers}
	r.Path = []Node{root}
	r.Node = root
	next := 2
	if prefix == cityspend.CategoryUnclassified {
		r.Node = mk(prefix, 0, node)
		r.Node.Label = map[string]string{"nb": "Uten kategori", "en": "Unclassified"}[lang(o.Lang)]
		r.Path = append(r.Path, r.Node)
		next = 0
	} else if prefix != "" {
		for _, d := range levels {
			if d >= len(prefix) {
				break
			}
			code := string(cpv.Pad(prefix[:d]))
			t, err := st.SpendTotal(ctx, cityspend.SpendFilter{BuyerID: f.BuyerID, Period: p, AccountPfx: f.AccountPfx, OrgUnit: f.OrgUnit,
				Type: f.Type, Place: f.Place, Section: f.Section, Category: prefix[:d], Scope: cityspend.ScopeIn})
			if err != nil {
				return nil, err
			}
			r.Path = append(r.Path, mk(code, d, t))
		}
		r.Node = mk(string(cpv.Pad(prefix)), len(prefix), node)
		r.Path = append(r.Path, r.Node)
		next = 0
		for _, d := range levels {
			if d > len(prefix) {
				next = d
				break
			}
		}
	}
	if next > 0 {
		gs, err := st.SpendBy(ctx, f, levelDims[next], 0)
		if err != nil {
			return nil, err
		}
		for _, g := range gs {
			if g.Key == cityspend.CategoryUnclassified {
				r.Unclassified = g.Spend
				if prefix == "" {
					n := mk(g.Key, 0, g.SpendTotal)
					n.Label = map[string]string{"nb": "Uten kategori", "en": "Unclassified"}[lang(o.Lang)]
					r.Children = append(r.Children, n)
				}
				continue
			}
			r.Children = append(r.Children, mk(g.Key, next, g.SpendTotal))
		}
	}
	if o.By != "" {
		gs, err := st.SpendBy(ctx, f, Breakdowns[o.By], 0)
		if err != nil {
			return nil, err
		}
		for _, g := range gs {
			r.Breakdown = append(r.Breakdown, Group{Key: g.Key, Label: g.Label, Spend: g.Spend, Share: cityspend.Share(g.Spend, node.Spend),
				Lines: g.Lines, Suppliers: g.Suppliers})
		}
	}
	if err := r.tailAndFragments(ctx, st, f, node.Spend, o, label); err != nil {
		return nil, err
	}
	pv, err := st.PriceVolume(ctx, f)
	if err != nil {
		return nil, err
	}
	for _, x := range pv {
		l := ""
		if x.CPV != "" {
			l = label(x.CPV, o.Lang)
		}
		r.Prices = append(r.Prices, Price{PriceVolume: x, Label: l})
	}
	if r.Children == nil {
		r.Children = []Node{}
	}
	if r.Fragmentation == nil {
		r.Fragmentation = []Fragment{}
	}
	if r.Prices == nil {
		r.Prices = []Price{}
	}
	return r, nil
}

// tailAndFragments computes the tail spend and the fragmentation from the
// node's spend by category group and supplier.
func (r *Result) tailAndFragments(ctx context.Context, st cityspend.SpendStore, f cityspend.SpendFilter, total cityspend.Amount, o Options, label Labeler) error {
	cells, err := st.SpendCross(ctx, f, cityspend.ByCPVGroup, cityspend.BySupplier)
	if err != nil {
		return err
	}
	bySupplier := map[string]cityspend.Amount{}
	byGroup := map[string]cityspend.Amount{}
	groupSup := map[string][]cityspend.Amount{}
	for _, c := range cells {
		bySupplier[c.B] += c.Spend
		if c.A == cityspend.CategoryUnclassified {
			continue
		}
		byGroup[c.A] += c.Spend
		groupSup[c.A] = append(groupSup[c.A], c.Spend)
	}
	r.Tail = Tail{Share: o.TailShare}
	r.Tail.Suppliers, r.Tail.TailSuppliers, r.Tail.TailSupplierSpend = tail(bySupplier, total, o.TailShare)
	r.Tail.Categories, r.Tail.TailCategories, r.Tail.TailCategorySpend = tail(byGroup, total, o.TailShare)
	if r.Tail.Suppliers > 0 {
		r.Tail.HeadSuppliersShare = float64(r.Tail.Suppliers-r.Tail.TailSuppliers) / float64(r.Tail.Suppliers)
	}
	for g, spends := range groupSup {
		sum := byGroup[g]
		if sum <= 0 {
			continue
		}
		fr := Fragment{Code: g, Label: label(g, o.Lang), Spend: sum, Suppliers: int64(len(spends))}
		var top cityspend.Amount
		for _, s := range spends {
			sh := cityspend.Share(max(s, 0), sum)
			fr.HHI += sh * sh
			top = max(top, s)
		}
		fr.TopShare = cityspend.Share(top, sum)
		fr.Candidate = fr.Suppliers >= 5 && fr.HHI < 0.25 && cityspend.Share(sum, total) >= 0.01
		r.Fragmentation = append(r.Fragmentation, fr)
	}
	sort.Slice(r.Fragmentation, func(i, j int) bool {
		a, b := r.Fragmentation[i], r.Fragmentation[j]
		if a.Candidate != b.Candidate {
			return a.Candidate
		}
		if a.Suppliers != b.Suppliers {
			return a.Suppliers > b.Suppliers
		}
		return a.Code < b.Code
	})
	if len(r.Fragmentation) > 25 {
		r.Fragmentation = r.Fragmentation[:25]
	}
	return nil
}

// tail counts the keys, and those (smallest first) that together hold the
// last share of the total, and their spend.
func tail(by map[string]cityspend.Amount, total cityspend.Amount, share float64) (n, tailN int64, tailSpend cityspend.Amount) {
	type kv struct {
		k string
		v cityspend.Amount
	}
	var xs []kv
	for k, v := range by {
		xs = append(xs, kv{k, v})
	}
	sort.Slice(xs, func(i, j int) bool {
		if xs[i].v != xs[j].v {
			return xs[i].v < xs[j].v
		}
		return xs[i].k > xs[j].k
	})
	limit := cityspend.Amount(float64(total) * share)
	for _, x := range xs {
		if tailSpend+x.v > limit {
			break
		}
		tailSpend += x.v
		tailN++
	}
	return int64(len(xs)), tailN, tailSpend
}

func lang(l string) string {
	if l == "nb" {
		return "nb"
	}
	return "en"
}

// Labels is a Labeler over the CPV list in the store and the project's
// labels. A code is named at the level both languages have a label of
// their own for (cpv.Level: with the official list, a class for a deeper
// code; without it, a project group or the division), so that an English
// and a Norwegian page name the same thing. Bokmål comes from the
// project's table (cpv.NB), since the official list has no Norwegian;
// English and the list's other languages from the list, else the
// project's group and division labels.
func Labels(codes []cityspend.CPVCode, names map[string]string) Labeler {
	byCode := map[string]map[string]string{}
	for _, c := range codes {
		byCode[c.Code] = c.Labels
	}
	hasEN := func(c cpv.Code) bool { return byCode[string(c)]["EN"] != "" || names[string(c)] != "" }
	return func(code, l string) string {
		if len(code) != 8 {
			return ""
		}
		full := code
		code = string(cpv.Level(cpv.Code(code), hasEN))
		if lang(l) == "nb" {
			if n, ok := cpv.NB(cpv.Code(code)); ok {
				return n.Text
			}
		}
		if g, ok := cpv.Groups[code[:3]]; ok && cpv.Code(code).Digits() == 3 && byCode[code]["EN"] == "" && lang(l) == "en" {
			return g.EN
		}
		if cpv.Code(code).Digits() == 2 {
			if d, ok := cpv.Divisions[code[:2]]; ok {
				if lang(l) == "nb" {
					return d.NB
				}
				return d.EN
			}
		}
		if ls := byCode[code]; ls != nil {
			if s := ls[strings.ToUpper(l)]; s != "" {
				return s
			}
			if s := ls["EN"]; s != "" {
				return s
			}
		}
		if s := names[code]; s != "" {
			return s
		}
		return fmt.Sprintf("CPV %s", cpv.Code(full))
	}
}

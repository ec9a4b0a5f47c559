// Package indicator computes what cityspend reports about a buyer's spend.
// It works only through the cityspend.Store interface; the web UI, the JSON
// API, the CLI and the reports all call it, so their numbers cannot disagree.
package indicator

import (
	"context"
	"fmt"
	"strconv"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata"
)

// Analysis is the indicator set for one buyer and fiscal year. Its JSON is
// the contract of `cityspend analyse --json` and of the API.
type Analysis struct {
	Buyer      string           `json:"buyer"`
	BuyerName  string           `json:"buyer_name"`
	Year       int              `json:"year"`
	Period     PeriodJSON       `json:"period"`
	Currency   string           `json:"currency"`
	TotalSpend cityspend.Amount `json:"total_spend"`
	Lines      int64            `json:"lines"`
	Suppliers  int64            `json:"suppliers"`
	Synthetic  bool             `json:"synthetic,omitempty"`

	ByAccountGroup []Group `json:"by_account_group"`
	TopSuppliers   []Group `json:"top_suppliers"`
}

// PeriodJSON is a period as dates ("2024-01-01", to exclusive) and a label.
type PeriodJSON struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Label string `json:"label"`
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

// Options tune Analyse.
type Options struct {
	TopN int // top suppliers listed; default 10
}

// Analyse computes the indicator set for a buyer's fiscal year.
func Analyse(ctx context.Context, st cityspend.Store, buyerID string, year int, opts Options) (*Analysis, error) {
	if opts.TopN <= 0 {
		opts.TopN = 10
	}
	b, err := st.Buyer(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	p := b.FiscalYear(year)
	f := cityspend.SpendFilter{BuyerID: b.ID, Period: p}
	tot, err := st.SpendTotal(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("analyse %s %d: %w", b.ID, year, err)
	}
	a := &Analysis{
		Buyer: b.ID, BuyerName: b.Name, Year: year, Currency: b.Currency, Synthetic: b.Synthetic,
		Period:     PeriodJSON{From: p.From.Format("2006-01-02"), To: p.To.Format("2006-01-02"), Label: p.Label()},
		TotalSpend: tot.Spend, Lines: tot.Lines, Suppliers: tot.Suppliers,
	}
	groups, err := st.SpendBy(ctx, f, cityspend.ByAccountGroup, 0)
	if err != nil {
		return nil, fmt.Errorf("analyse %s %d: %w", b.ID, year, err)
	}
	a.ByAccountGroup = toGroups(groups, tot.Spend, func(k string) string { return refdata.AccountGroupLabel(b.Country, k) })
	top, err := st.SpendBy(ctx, f, cityspend.BySupplier, opts.TopN)
	if err != nil {
		return nil, fmt.Errorf("analyse %s %d: %w", b.ID, year, err)
	}
	a.TopSuppliers = toGroups(top, tot.Spend, nil)
	return a, nil
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

// Years returns the buyer's spend per fiscal year, oldest first.
func Years(ctx context.Context, st cityspend.Store, buyerID string) ([]YearTotal, error) {
	b, err := st.Buyer(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	gs, err := st.SpendBy(ctx, cityspend.SpendFilter{BuyerID: buyerID}, cityspend.ByFiscalYear, 0)
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
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Year < out[j-1].Year; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

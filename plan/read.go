// SPDX-License-Identifier: EUPL-1.2

package plan

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// MaxHorizon is the furthest a plan is generated ahead, in months.
const MaxHorizon = 120

// dashboardMonths is how far the dashboard's calendar reaches after today.
const dashboardMonths = 23

// SortByNotice orders items by notice date (undated last), then title.
func SortByNotice(items []cityspend.PlanItem) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Notice.IsZero() != b.Notice.IsZero() {
			return b.Notice.IsZero()
		}
		if !a.Notice.Equal(b.Notice) {
			return a.Notice.Before(b.Notice)
		}
		return a.Title < b.Title
	})
}

// Overview is a buyer's plan as its staff see it.
type Overview struct {
	All       []cityspend.PlanItem // every item, as stored (never nil)
	Active    []cityspend.PlanItem // the active ones, by notice date
	Closed    []cityspend.PlanItem // cancelled or merged
	Dashboard Dashboard            // of the active items, from now
}

// Read reads a buyer's plan with its dashboard as of now.
func Read(ctx context.Context, st cityspend.PlanStore, buyerID string, now time.Time) (Overview, error) {
	all, err := st.PlanItems(ctx, buyerID)
	if err != nil {
		return Overview{}, err
	}
	if all == nil {
		all = []cityspend.PlanItem{}
	}
	v := Overview{All: all, Active: Active(all), Dashboard: Summarise(all, now, now.AddDate(0, dashboardMonths, 0))}
	SortByNotice(v.Active)
	for _, it := range all {
		if it.Status == cityspend.PlanCancelled || it.MergedInto != "" {
			v.Closed = append(v.Closed, it)
		}
	}
	return v, nil
}

// Item reads a buyer's plan item with its history of changes, oldest
// first (never nil).
func Item(ctx context.Context, st cityspend.PlanStore, buyerID, id string) (cityspend.PlanItem, []cityspend.PlanChange, error) {
	it, err := st.PlanItem(ctx, buyerID, id)
	if err != nil {
		return it, nil, err
	}
	hist, err := st.PlanChanges(ctx, it.BuyerID, it.ID)
	if err != nil {
		return it, nil, err
	}
	if hist == nil {
		hist = []cityspend.PlanChange{}
	}
	return it, hist, nil
}

// PublishedItems reads a buyer and the plan items it publishes, by notice
// date: what its public pipeline shows.
func PublishedItems(ctx context.Context, st Store, buyerID string) (cityspend.Buyer, []cityspend.PlanItem, error) {
	b, err := st.Buyer(ctx, buyerID)
	if err != nil {
		return b, nil, err
	}
	all, err := st.PlanItems(ctx, b.ID)
	if err != nil {
		return b, nil, err
	}
	items := Published(all)
	SortByNotice(items)
	return b, items, nil
}

// TableItems reads the items of one of a buyer's plan tables: "plan" (the
// active items) or "pipeline" (the UK pipeline notice's, for a buyer
// paying in GBP).
func TableItems(ctx context.Context, st cityspend.PlanStore, b cityspend.Buyer, table string) ([]cityspend.PlanItem, error) {
	if table != "plan" && table != "pipeline" {
		return nil, cityspend.Errorf(cityspend.ENOTFOUND, "no plan table %q: plan or pipeline", table)
	}
	items, err := st.PlanItems(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	if table == "plan" {
		return Active(items), nil
	}
	if items = Pipeline(b, items); b.Currency != "GBP" {
		return nil, cityspend.Errorf(cityspend.ENOTFOUND, "a UK pipeline notice is for buyers paying in GBP")
	}
	return items, nil
}

// ForTender reports whether an item is a purchase the market is asked
// for (a tender, a re-tender), rather than the buyer's own decision (on
// extending or ending a contract) or a renewal the law exempts from
// competition: only those belong in a notice or a supplier's alerts.
func ForTender(it cityspend.PlanItem) bool {
	switch {
	case strings.HasPrefix(it.Action, "decide"), it.Action == "extend", it.Action == "end", it.Action == "renew_exempt":
		return false
	}
	return true
}

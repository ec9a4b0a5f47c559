// SPDX-License-Identifier: EUPL-1.2

// Package alerts e-mails each supplier's user who saved interests (CPV
// codes or prefixes, buyers, places, a value range) a digest of the public
// opportunities new since their last digest that match: published pipeline
// items open to the market, published challenges, market dialogues,
// events, and contracts in their categories whose end comes within N
// months. Only what anyone may see is read: published plan items (never a
// buyer's unpublished plan), published challenges and their events. Each
// digest is queued in the store's outbox in the transaction that moves the
// alert's mark, in the supplier's language, with a one-click unsubscribe
// link (a signed token, no login needed).
package alerts

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/broker"
	"github.com/cityspend/cityspend/plan"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// Store is the part of cityspend.Store the alerts use.
type Store interface {
	Buyers(ctx context.Context) ([]cityspend.Buyer, error)
	cityspend.PlanStore
	cityspend.BrokerStore
	cityspend.AccountStore
	cityspend.MailStore
	cityspend.SettingStore
}

// Kinds of item in a digest, in the digest's order.
const (
	KindPipeline  = "pipeline"  // a published plan item open to the market
	KindChallenge = "challenge" // a published challenge
	KindDialogue  = "dialogue"  // a published plan item's market dialogue ahead
	KindEvent     = "event"     // an event (of a published challenge, or the buyer's own)
	KindExpiring  = "expiring"  // a contract (a published plan item's) ending within N months
)

// Kinds lists the kinds in the digest's order.
var Kinds = []string{KindPipeline, KindChallenge, KindDialogue, KindEvent, KindExpiring}

// Item is one public opportunity.
type Item struct {
	Kind      string
	BuyerID   string
	BuyerName string
	Title     string
	CPV       []string
	Value     cityspend.Amount // 0: not known
	Currency  string
	Date      time.Time // the notice, deadline, dialogue, event's start or contract's end
	Places    []string  // the buyer's municipality code and name, an event's place
	Suppliers []string  // an expiring contract's current suppliers
	Path      string    // the page, from the site's root ("/public/…")
	// New is when it became public (or changed): a digest lists what is
	// new since the last.
	New time.Time
}

// Match reports whether an item fits an alert: every field the alert
// sets must match (any of its values). A CPV code or prefix covers the
// codes that begin with its significant digits; an item without codes
// does not match an alert that names codes. A place is a municipality code
// or a name, matched without regard to case against the buyer's code or
// name or the event's place. An item whose value is not known passes the
// value range; a known value is compared in the item's currency.
func Match(a cityspend.Alert, it Item) bool {
	if a.Off || a.Empty() {
		return false
	}
	if len(a.CPV) > 0 && !matchCPV(a.CPV, it.CPV) {
		return false
	}
	if len(a.Buyers) > 0 && !slices.Contains(a.Buyers, it.BuyerID) {
		return false
	}
	if len(a.Places) > 0 && !matchPlace(a.Places, it.Places) {
		return false
	}
	if it.Value > 0 && (a.MinValue > 0 && it.Value < a.MinValue || a.MaxValue > 0 && it.Value > a.MaxValue) {
		return false
	}
	return true
}

func matchCPV(want, have []string) bool {
	for _, w := range want {
		for _, h := range have {
			if cpv.Covers(w, h) {
				return true
			}
		}
	}
	return false
}

func matchPlace(want, have []string) bool {
	for _, w := range want {
		for _, h := range have {
			if h != "" && (strings.EqualFold(w, h) || len(w) >= 3 && strings.Contains(strings.ToLower(h), strings.ToLower(w))) {
				return true
			}
		}
	}
	return false
}

// Collect reads the public opportunities at now: every published item
// open to the market, published challenge, market dialogue and event
// ahead, and the published plan's contracts that end within months (New
// is when each entered that window, or was published if later). A
// digest keeps those New since its last.
func Collect(ctx context.Context, st Store, now time.Time, months int) ([]Item, error) {
	bs, err := st.Buyers(ctx)
	if err != nil {
		return nil, err
	}
	var out []Item
	names := map[string]cityspend.Buyer{}
	for _, by := range bs {
		names[by.ID] = by
		places := []string{by.Municipality, by.Name}
		items, err := st.PlanItems(ctx, by.ID)
		if err != nil {
			return nil, err
		}
		for _, it := range plan.Published(items) {
			base := Item{BuyerID: by.ID, BuyerName: by.Name, Title: it.Title, CPV: it.CPV, Value: it.Value, Currency: by.Currency,
				Places: places, Path: "/public/" + by.ID + "/pipeline", New: published(it)}
			switch {
			case it.MarketDialogue.After(now) && broker.OpenToMarket(it):
				i := base
				i.Kind, i.Date, i.New = KindDialogue, it.MarketDialogue, later(base.New, it.Updated)
				out = append(out, i)
			case broker.OpenToMarket(it):
				i := base
				i.Kind, i.Date = KindPipeline, it.Notice
				out = append(out, i)
			}
			if end := it.ContractExpiry; end.After(now) && !end.After(now.AddDate(0, months, 0)) {
				i := base
				i.Kind, i.Date, i.Suppliers = KindExpiring, end, it.Suppliers
				i.New = later(base.New, end.AddDate(0, -months, 0)) // when it came within months
				out = append(out, i)
			}
		}
	}
	chs, err := st.Challenges(ctx, "")
	if err != nil {
		return nil, err
	}
	open := map[string]cityspend.Challenge{}
	for _, c := range chs {
		if c.Status != cityspend.ChallengePublished {
			continue
		}
		open[c.BuyerID+"/"+c.ID] = c
		by := names[c.BuyerID]
		v := c.BudgetMax
		if v == 0 {
			v = c.BudgetMin
		}
		cur := c.Currency
		if cur == "" {
			cur = by.Currency
		}
		out = append(out, Item{Kind: KindChallenge, BuyerID: c.BuyerID, BuyerName: by.Name, Title: c.Title, CPV: c.CPV, Value: v, Currency: cur,
			Date: c.Deadline, Places: []string{by.Municipality, by.Name}, Path: "/public/" + c.BuyerID + "/challenges/" + c.ID, New: c.UpdatedAt})
	}
	es, err := st.Events(ctx, "", "")
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		if !e.Starts.After(now) {
			continue
		}
		by := names[e.BuyerID]
		i := Item{Kind: KindEvent, BuyerID: e.BuyerID, BuyerName: by.Name, Title: e.Title, Date: e.Starts,
			Places: []string{by.Municipality, by.Name, e.Place}, Path: "/supplier", New: e.CreatedAt}
		if e.ChallengeID != "" {
			c, ok := open[e.BuyerID+"/"+e.ChallengeID]
			if !ok {
				continue // a draft's or closed challenge's event is not public
			}
			i.CPV, i.Path = c.CPV, "/public/"+e.BuyerID+"/challenges/"+e.ChallengeID
		}
		out = append(out, i)
	}
	return out, nil
}

// published is when a plan item was published (its creation when that
// was not recorded).
func published(it cityspend.PlanItem) time.Time {
	if !it.PublishedAt.IsZero() {
		return it.PublishedAt
	}
	return it.Created
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// Select keeps the items that match an alert and are new after since (all
// when since is zero) up to upTo, in the digest's order: by kind, then
// date.
func Select(a cityspend.Alert, items []Item, since, upTo time.Time) []Item {
	var out []Item
	for _, k := range Kinds {
		for _, it := range items {
			if it.Kind == k && it.New.After(since) && !it.New.After(upTo) && Match(a, it) {
				out = append(out, it)
			}
		}
	}
	return out
}

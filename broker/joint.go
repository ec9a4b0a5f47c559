// SPDX-License-Identifier: EUPL-1.2

package broker

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/notify"
	"github.com/cityspend/cityspend/peers"
	"github.com/cityspend/cityspend/plan"
	"github.com/cityspend/cityspend/refdata/thresholds"
)

// JointItem is a published plan item in a joint-procurement opportunity.
type JointItem struct {
	BuyerID   string           `json:"buyer_id"`
	BuyerName string           `json:"buyer_name"`
	ItemID    string           `json:"item_id"`
	Title     string           `json:"title"`
	Value     cityspend.Amount `json:"value"`
	From      time.Time        `json:"from"`
	To        time.Time        `json:"to"`
	Band      string           `json:"band"`
	// Source: the item is planned on another installation (or by another
	// publisher), read from a planning feed (cityspend feeds add
	// --planning); nil for this installation's buyers. Such a buyer is
	// not invited from here: its pipeline is at the source.
	Source *peers.Source `json:"source,omitempty"`
}

// JointGroup is a buyer's published plan item with the published items of
// other buyers on the installation in the same CPV group whose time
// windows overlap: what buying together would be worth and which
// threshold band it would fall in.
type JointGroup struct {
	CPVGroup  string           `json:"cpv_group"`
	Items     []JointItem      `json:"items"` // the buyer's first
	Combined  cityspend.Amount `json:"combined_value"`
	Currency  string           `json:"currency"`
	Band      string           `json:"band"`
	Procedure string           `json:"procedure"`
	// Crosses: together the items fall in another band (or procedure) than
	// some of them alone.
	Crosses bool `json:"crosses_threshold"`
}

// Invitable reports whether the group has another buyer of this
// installation to invite (one read from a feed is reached at its source).
func (g JointGroup) Invitable() bool {
	for _, it := range g.Items[1:] {
		if it.Source == nil {
			return true
		}
	}
	return false
}

// window is when an item is being bought: from its market dialogue or
// notice (else six months before it is needed) to its contract start
// (else when it is needed), widened by three months on each side.
func window(it cityspend.PlanItem) (time.Time, time.Time, bool) {
	to := it.ContractStart
	if to.IsZero() {
		to = it.NeedDate
	}
	from := it.MarketDialogue
	if from.IsZero() {
		from = it.Notice
	}
	if from.IsZero() && !to.IsZero() {
		from = to.AddDate(0, -6, 0)
	}
	if to.IsZero() {
		to = from
	}
	if from.IsZero() {
		return from, to, false
	}
	return from.AddDate(0, -3, 0), to.AddDate(0, 3, 0), true
}

// orgDigits is the organisation number in an OCDS buyer id
// ("NO-BRC:939984194", "NO-BRC-939984194" → "939984194"): what follows
// the scheme.
func orgDigits(id string) string {
	if i := strings.LastIndexAny(id, ":-"); i >= 0 {
		return id[i+1:]
	}
	return id
}

func groups(cpvs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range cpvs {
		if len(c) >= 3 && !seen[c[:3]] {
			seen[c[:3]] = true
			out = append(out, c[:3])
		}
	}
	return out
}

// Joint finds a buyer's joint-procurement opportunities (buyers paying in
// the same currency): with the installation's other buyers, and with the
// buyers whose planned procurements its planning feeds bring (a feed's
// buyer that is one of this installation's, by name or organisation
// number, is left out: its items are here already).
func (b *Broker) Joint(ctx context.Context, buyerID string) ([]JointGroup, error) {
	me, err := b.St.Buyer(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	user, err := b.St.Thresholds(ctx)
	if err != nil {
		return nil, err
	}
	table := thresholds.NewTable(user)
	regime := thresholds.RegimeOf(me.Country)
	buyers, err := b.St.Buyers(ctx)
	if err != nil {
		return nil, err
	}
	type entry struct {
		it     cityspend.PlanItem
		name   string
		source *peers.Source
	}
	var mine, others []entry
	local := map[string]bool{}
	for _, by := range buyers {
		local[strings.ToLower(by.Name)] = true
		if id, ok := cityspend.NormalizeOrgNumber(by.OrgNumber, by.Country); ok {
			local[id.ID] = true
		}
		if by.Currency != me.Currency {
			continue
		}
		items, err := b.St.PlanItems(ctx, by.ID)
		if err != nil {
			return nil, err
		}
		for _, it := range plan.Published(plan.Active(items)) {
			if by.ID == buyerID {
				mine = append(mine, entry{it, by.Name, nil})
			} else {
				others = append(others, entry{it, by.Name, nil})
			}
		}
	}
	if b.Elsewhere != nil {
		ps, err := b.Elsewhere(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if p.Currency != me.Currency || local[strings.ToLower(p.BuyerName)] || local[orgDigits(p.Item.BuyerID)] {
				continue
			}
			others = append(others, entry{p.Item, p.BuyerName, &p.Source})
		}
	}
	now := b.Now()
	item := func(e entry) JointItem {
		f, t, _ := window(e.it)
		band, _ := plan.Band(table, regime, e.it.Type, e.it.Value, now)
		return JointItem{BuyerID: e.it.BuyerID, BuyerName: e.name, ItemID: e.it.ID, Title: e.it.Title, Value: e.it.Value, From: f, To: t, Band: band,
			Source: e.source}
	}
	var out []JointGroup
	for _, m := range mine {
		mf, mt, ok := window(m.it)
		if !ok {
			continue
		}
		for _, g := range groups(m.it.CPV) {
			jg := JointGroup{CPVGroup: g, Items: []JointItem{item(m)}, Currency: me.Currency}
			for _, o := range others {
				of, ot, ok := window(o.it)
				if !ok || of.After(mt) || ot.Before(mf) {
					continue
				}
				if o.it.Type != m.it.Type {
					continue // goods, services and works have their own thresholds
				}
				for _, og := range groups(o.it.CPV) {
					if og == g {
						jg.Items = append(jg.Items, item(o))
						break
					}
				}
			}
			if len(jg.Items) < 2 {
				continue
			}
			for _, it := range jg.Items {
				jg.Combined += it.Value
			}
			jg.Band, jg.Procedure = plan.Band(table, regime, m.it.Type, jg.Combined, now)
			for _, it := range jg.Items {
				band, p := plan.Band(table, regime, m.it.Type, it.Value, now)
				jg.Crosses = jg.Crosses || band != jg.Band || p != jg.Procedure
			}
			out = append(out, jg)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Combined > out[j].Combined })
	return out, nil
}

// Invite invites the other buyers of a joint-procurement opportunity: a
// message to each one's admins and analysts, and a contact in both buyers'
// logs.
func (b *Broker) Invite(ctx context.Context, buyerID, itemID, group, who, base string) (int, error) {
	gs, err := b.Joint(ctx, buyerID)
	if err != nil {
		return 0, err
	}
	var jg *JointGroup
	for i := range gs {
		if gs[i].Items[0].ItemID == itemID && gs[i].CPVGroup == group {
			jg = &gs[i]
		}
	}
	if jg == nil {
		return 0, cityspend.Errorf(cityspend.ENOTFOUND, "no joint-procurement opportunity for item %s in CPV group %s", itemID, group)
	}
	if !jg.Invitable() {
		return 0, cityspend.Errorf(cityspend.EINVALID, "the other buyers of the opportunity for item %s in CPV group %s are on other installations: reach them through their published plans", itemID, group)
	}
	users, err := b.St.Users(ctx)
	if err != nil {
		return 0, err
	}
	bs, err := b.St.Buyers(ctx)
	if err != nil {
		return 0, err
	}
	buyerCountry := map[string]string{}
	for _, by := range bs {
		buyerCountry[by.ID] = by.Country
	}
	me := jg.Items[0]
	now := b.Now()
	sent := 0
	invited := map[string]bool{}
	for _, it := range jg.Items[1:] {
		if invited[it.BuyerID] || it.Source != nil {
			continue // a feed's buyer is reached at its source
		}
		invited[it.BuyerID] = true
		note := fmt.Sprintf("%s invites %s to buy together: %s (%s) with %s (%s); CPV group %s, combined %s %s, %s",
			me.BuyerName, it.BuyerName, me.Title, me.ItemID, it.Title, it.ItemID, jg.CPVGroup, jg.Combined, jg.Currency, jg.Procedure)
		for _, id := range []string{buyerID, it.BuyerID} {
			if err := b.St.AddContact(ctx, cityspend.Contact{BuyerID: id, SupplierID: "", Kind: "joint", Ref: "plan:" + me.ItemID, Who: who, Note: note, At: now}); err != nil {
				return sent, err
			}
		}
		for _, u := range users {
			if u.Disabled || !cityspend.RoleAtLeast(u.RoleAt(it.BuyerID), cityspend.RoleAnalyst) {
				continue
			}
			l := mailLocale(u, buyerCountry[it.BuyerID])
			msg := notify.Message{To: u.Email, Subject: l.T("mail.joint.subject", me.Title),
				Body: l.T("mail.joint.body", note, strings.TrimRight(base, "/")+"/buyers/"+it.BuyerID+"/joint", who)}
			if err := b.Mail.Send(ctx, msg); err != nil {
				return sent, err
			}
			sent++
		}
	}
	return sent, nil
}

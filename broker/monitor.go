// SPDX-License-Identifier: EUPL-1.2

package broker

import (
	"context"
	"strings"

	"github.com/cityspend/cityspend"
)

// Monitor is the broker's figures across the installation: the network,
// the contacts, the needs matched, the procedures launched from
// challenges, and the awards with their SME and local shares.
type Monitor struct {
	Buyers        int                         `json:"buyers"`             // on the installation
	BuyersActive  int                         `json:"buyers_active"`      // with a challenge or a published plan item
	Suppliers     int                         `json:"suppliers"`          // registered profiles
	SupplierUsers int                         `json:"supplier_users"`     // confirmed users of suppliers
	Contacts      map[string]int              `json:"contacts"`           // by kind
	Challenges    int                         `json:"challenges"`         // published or closed
	Matched       int                         `json:"challenges_matched"` // with a registered supplier among the first five matches
	Interested    int                         `json:"challenges_with_interest"`
	Launched      int                         `json:"procedures_launched"` // challenges whose plan items reached tender or award
	AwardedValue  map[string]cityspend.Amount `json:"awarded_value"`       // plan items linked to challenges, awarded, by currency
	Awards        int                         `json:"awards"`              // in the tender data of the active buyers
	AwardValue    map[string]cityspend.Amount `json:"award_value"`         // by currency
	// SMEShare and LocalShare are shares of the award value by currency:
	// to SMEs among suppliers of known size, to suppliers in the buyer's
	// municipality among those of known place.
	SMEShare   map[string]float64 `json:"sme_share"`
	LocalShare map[string]float64 `json:"local_share"`
}

// partyToSupplier maps an OCDS party identifier ("NO-BRC-923609016") to a
// supplier id ("org:NO-BRC:923609016").
func partyToSupplier(identifier string) string {
	i := strings.LastIndex(identifier, "-")
	if i <= 0 {
		return ""
	}
	return "org:" + identifier[:i] + ":" + identifier[i+1:]
}

// Monitoring computes the figures; the matches counted are ranked from
// what the visible buyers' ledgers say (see Matches).
func (b *Broker) Monitoring(ctx context.Context, vis Visible) (*Monitor, error) {
	m := &Monitor{Contacts: map[string]int{}, AwardedValue: map[string]cityspend.Amount{}, AwardValue: map[string]cityspend.Amount{},
		SMEShare: map[string]float64{}, LocalShare: map[string]float64{}}
	buyers, err := b.St.Buyers(ctx)
	if err != nil {
		return nil, err
	}
	caps, err := b.St.Capabilities(ctx)
	if err != nil {
		return nil, err
	}
	m.Buyers, m.Suppliers = len(buyers), len(caps)
	users, err := b.St.Users(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if u.SupplierID != "" && !u.Unconfirmed {
			m.SupplierUsers++
		}
	}
	ranker, err := b.ranker(ctx, vis)
	if err != nil {
		return nil, err
	}
	// What is known of suppliers' size and place (the register's facts),
	// for the award shares.
	cands, err := Candidates(ctx, b.St, VisibleOf(buyers))
	if err != nil {
		return nil, err
	}
	size, place := map[string]string{}, map[string]string{}
	for _, c := range cands {
		size[c.SupplierID], place[c.SupplierID] = c.Size, c.Municipality
	}
	smeV, sizedV, localV, placedV := map[string]cityspend.Amount{}, map[string]cityspend.Amount{}, map[string]cityspend.Amount{}, map[string]cityspend.Amount{}
	for _, by := range buyers {
		chs, err := b.St.Challenges(ctx, by.ID)
		if err != nil {
			return nil, err
		}
		items, err := b.St.PlanItems(ctx, by.ID)
		if err != nil {
			return nil, err
		}
		status := map[string]cityspend.PlanItem{}
		counted := map[string]bool{} // an item linked to several challenges counts once
		published := 0
		for _, it := range items {
			status[it.ID] = it
			if it.Published {
				published++
			}
		}
		open := 0
		for _, c := range chs {
			if c.Status == cityspend.ChallengeDraft {
				continue
			}
			open++
			m.Challenges++
			for _, mt := range ranker.Rank(c, 5) {
				if mt.Registered {
					m.Matched++
					break
				}
			}
			if is, err := b.St.Interests(ctx, cityspend.InterestFilter{BuyerID: by.ID, Kind: "challenge", TargetID: c.ID}); err != nil {
				return nil, err
			} else if len(is) > 0 {
				m.Interested++
			}
			launched := false
			for _, id := range c.PlanItems {
				it, ok := status[id]
				if !ok {
					continue
				}
				if it.Status == cityspend.PlanPublished || it.Status == cityspend.PlanAwarded {
					launched = true
				}
				if it.Status == cityspend.PlanAwarded && !counted[id] {
					counted[id] = true
					m.AwardedValue[by.Currency] += it.Value
				}
			}
			if launched {
				m.Launched++
			}
		}
		if open == 0 && published == 0 {
			continue
		}
		m.BuyersActive++
		cs, err := b.St.Contacts(ctx, by.ID)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			m.Contacts[c.Kind]++
		}
		tenders, err := b.St.Tenders(ctx, by.ID, "")
		if err != nil {
			return nil, err
		}
		for _, listed := range tenders {
			// The list has no awards: each tender is read whole.
			whole, err := b.St.Tenders(ctx, by.ID, listed.OCID)
			if err != nil {
				return nil, err
			}
			if len(whole) == 0 {
				continue
			}
			t := whole[0]
			parties := map[string]string{}
			for _, p := range t.Parties {
				parties[p.ID] = p.Identifier
			}
			for _, a := range t.Awards {
				if a.Status != "" && a.Status != "active" || a.Value <= 0 {
					continue
				}
				// In the award's currency (else the tender's, else the buyer's).
				cur := a.Currency
				if cur == "" {
					cur = t.Currency
				}
				if cur == "" {
					cur = by.Currency
				}
				m.Awards++
				m.AwardValue[cur] += a.Value
				// The value is shared among the award's suppliers.
				n := cityspend.Amount(max(1, len(a.Suppliers)))
				for _, sp := range a.Suppliers {
					id := partyToSupplier(parties[sp])
					v := a.Value / n
					switch size[id] {
					case cityspend.ClassMicro, cityspend.ClassSmall, cityspend.ClassMedium:
						smeV[cur] += v
						sizedV[cur] += v
					case cityspend.ClassLarge:
						sizedV[cur] += v
					}
					if p := place[id]; p != "" {
						placedV[cur] += v
						if p == by.Municipality {
							localV[cur] += v
						}
					}
				}
			}
		}
	}
	for cur := range m.AwardValue {
		m.SMEShare[cur], m.LocalShare[cur] = cityspend.Share(smeV[cur], sizedV[cur]), cityspend.Share(localV[cur], placedV[cur])
	}
	return m, nil
}

// SPDX-License-Identifier: EUPL-1.2

package broker

import (
	"context"
	"sort"

	"github.com/cityspend/cityspend"
)

// What anyone may see: the challenges open to the market and each one's
// page with its public answers, files and events.

// PublishedChallenges lists the published challenges of every buyer (never
// nil: an empty list is a list).
func (b *Broker) PublishedChallenges(ctx context.Context) ([]cityspend.Challenge, error) {
	all, err := b.St.Challenges(ctx, "")
	if err != nil {
		return nil, err
	}
	out := []cityspend.Challenge{}
	for _, c := range all {
		if c.Status == cityspend.ChallengePublished {
			out = append(out, c)
		}
	}
	return out, nil
}

// Board is the public list of challenges: the published ones with the
// names of their buyers.
type Board struct {
	Challenges []cityspend.Challenge
	Buyers     map[string]string // buyer id → name
}

// Board reads the public list of challenges.
func (b *Broker) Board(ctx context.Context) (Board, error) {
	var v Board
	var err error
	if v.Challenges, err = b.PublishedChallenges(ctx); err != nil {
		return v, err
	}
	bs, err := b.St.Buyers(ctx)
	if err != nil {
		return v, err
	}
	v.Buyers = map[string]string{}
	for _, by := range bs {
		v.Buyers[by.ID] = by.Name
	}
	return v, nil
}

// PublicChallenge is a published (or closed) challenge as a visitor sees
// it.
type PublicChallenge struct {
	Challenge cityspend.Challenge
	BuyerName string
	// Answered are the questions answered, without who asked them.
	Answered []cityspend.Question
	Files    []cityspend.Attachment
	Events   []cityspend.Event
	// JoinAs are the other buyers the user may join the challenge for (as
	// their analyst or admin).
	JoinAs []string
	// Interested: the user's supplier has shown interest in it.
	Interested bool
}

// PublicChallenge reads a challenge open to the market for a user (the
// zero User for a visitor without a session).
func (b *Broker) PublicChallenge(ctx context.Context, u cityspend.User, buyerID, id string) (PublicChallenge, error) {
	c, err := b.PublishedChallenge(ctx, buyerID, id)
	if err != nil {
		return PublicChallenge{}, err
	}
	by, err := b.St.Buyer(ctx, c.BuyerID)
	if err != nil {
		return PublicChallenge{}, err
	}
	qs, err := b.St.Questions(ctx, c.BuyerID, c.ID)
	if err != nil {
		return PublicChallenge{}, err
	}
	v := PublicChallenge{Challenge: c, BuyerName: by.Name}
	if v.Files, v.Events, err = b.consultation(ctx, c); err != nil {
		return PublicChallenge{}, err
	}
	for _, q := range qs {
		if q.Answer != "" {
			q.SupplierID, q.AskedBy = "", "" // the asker is not shown
			v.Answered = append(v.Answered, q)
		}
	}
	for _, g := range u.Grants {
		if g.BuyerID != c.BuyerID && cityspend.RoleAtLeast(g.Role, cityspend.RoleAnalyst) {
			v.JoinAs = append(v.JoinAs, g.BuyerID)
		}
	}
	if u.SupplierID != "" {
		is, err := b.St.Interests(ctx, cityspend.InterestFilter{SupplierID: u.SupplierID, BuyerID: c.BuyerID, Kind: "challenge", TargetID: c.ID})
		if err != nil {
			return PublicChallenge{}, err
		}
		v.Interested = len(is) > 0
	}
	return v, nil
}

// consultation is a challenge's files and events.
func (b *Broker) consultation(ctx context.Context, c cityspend.Challenge) ([]cityspend.Attachment, []cityspend.Event, error) {
	fs, err := b.St.Attachments(ctx, c.BuyerID, c.ID)
	if err != nil {
		return nil, nil, err
	}
	es, err := b.St.Events(ctx, c.BuyerID, c.ID)
	return fs, es, err
}

// MarketOffer is what one buyer offers the market now: its published plan
// items open to tender (with their estimated value) and its published
// challenges.
type MarketOffer struct {
	Buyer      cityspend.Buyer
	Items      int
	Value      cityspend.Amount // the items' estimated value
	Challenges int
}

// Offers is the suppliers' way in: every buyer with something open
// to the market, the most items first (never nil).
func (b *Broker) Offers(ctx context.Context) ([]MarketOffer, error) {
	bs, err := b.St.Buyers(ctx)
	if err != nil {
		return nil, err
	}
	chs, err := b.PublishedChallenges(ctx)
	if err != nil {
		return nil, err
	}
	out := []MarketOffer{}
	for _, by := range bs {
		items, err := b.St.PlanItems(ctx, by.ID)
		if err != nil {
			return nil, err
		}
		o := MarketOffer{Buyer: by}
		for _, it := range openItems(items) {
			o.Items++
			o.Value += it.Value
		}
		for _, c := range chs {
			if c.BuyerID == by.ID {
				o.Challenges++
			}
		}
		if o.Items > 0 || o.Challenges > 0 {
			out = append(out, o)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Items+out[i].Challenges > out[j].Items+out[j].Challenges })
	return out, nil
}

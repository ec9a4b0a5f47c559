// SPDX-License-Identifier: EUPL-1.2

package broker

import (
	"context"
	"net/url"

	"github.com/cityspend/cityspend"
)

// A buyer's staff at work: opening and changing challenges (a challenge
// published is announced to the suppliers that follow the buyer or its
// categories), the suppliers that fit a need, the questions, interests and
// contacts, and the challenges' files.

// Challenges lists a buyer's challenges, drafts included.
func (b *Broker) Challenges(ctx context.Context, buyerID string) ([]cityspend.Challenge, error) {
	return b.St.Challenges(ctx, buyerID)
}

// CreateChallenge opens a challenge of a buyer from its form (see FromForm;
// amounts with the decimal separator dec), as a draft unless the form
// publishes it, and announces it when it is published (base: the site's
// address, for the links).
func (b *Broker) CreateChallenge(ctx context.Context, by cityspend.Buyer, f url.Values, dec byte, who, base string) (cityspend.Challenge, error) {
	now := b.Now()
	c := cityspend.Challenge{BuyerID: by.ID, Currency: by.Currency, Status: cityspend.ChallengeDraft, CreatedBy: who, CreatedAt: now, UpdatedAt: now}
	if err := FromForm(&c, f, dec); err != nil {
		return c, err
	}
	if err := b.checkPartners(ctx, c); err != nil {
		return c, err
	}
	c, err := b.St.PutChallenge(ctx, c)
	if err != nil {
		return c, err
	}
	return c, b.announceOpened(ctx, "", c, base)
}

// EditChallenge changes a buyer's challenge from its form (the fields it
// carries), and announces it when this change publishes it.
func (b *Broker) EditChallenge(ctx context.Context, buyerID, id string, f url.Values, dec byte, base string) (cityspend.Challenge, error) {
	c, err := b.St.Challenge(ctx, buyerID, id)
	if err != nil {
		return c, err
	}
	was := c.Status
	if err := FromForm(&c, f, dec); err != nil {
		return c, err
	}
	if err := b.checkPartners(ctx, c); err != nil {
		return c, err
	}
	c.UpdatedAt = b.Now()
	if _, err := b.St.PutChallenge(ctx, c); err != nil {
		return c, err
	}
	return c, b.announceOpened(ctx, was, c, base)
}

// announceOpened announces a challenge that has just been published: not
// one that was published or closed already.
func (b *Broker) announceOpened(ctx context.Context, was string, c cityspend.Challenge, base string) error {
	if c.Status != cityspend.ChallengePublished || was == cityspend.ChallengePublished || was == cityspend.ChallengeClosed {
		return nil
	}
	_, err := b.Announce(ctx, c, base)
	return err
}

// checkPartners refuses partners that are not buyers here (or the buyer
// itself), and plan items the buyer does not have.
func (b *Broker) checkPartners(ctx context.Context, c cityspend.Challenge) error {
	if len(c.PlanItems) > 0 {
		items, err := b.St.PlanItems(ctx, c.BuyerID)
		if err != nil {
			return err
		}
		have := map[string]bool{}
		for _, it := range items {
			have[it.ID] = true
		}
		for _, id := range c.PlanItems {
			if !have[id] {
				return cityspend.Errorf(cityspend.EINVALID, "buyer %s has no plan item %s", c.BuyerID, id)
			}
		}
	}
	for _, pt := range c.Partners {
		if _, err := b.St.Buyer(ctx, pt.BuyerID); err != nil {
			return cityspend.Errorf(cityspend.EINVALID, "partner %s is not a buyer on this installation", pt.BuyerID)
		}
		if pt.BuyerID == c.BuyerID {
			return cityspend.Errorf(cityspend.EINVALID, "the buyer is not its own partner")
		}
	}
	return nil
}

// MaxMatches is how many suppliers the broker proposes for a need.
const MaxMatches = 25

// ranker is the ranker over the suppliers as the visible buyers know them
// (see Visible), kept by RankerCache when one is set: one ranker for each
// visible set, never shared between sets.
func (b *Broker) ranker(ctx context.Context, vis Visible) (*Ranker, error) {
	if b.RankerCache != nil {
		// Built once for every caller waiting on it: one going away must
		// not spoil it for the others.
		ctx = context.WithoutCancel(ctx)
	}
	build := func() (*Ranker, error) {
		cands, err := Candidates(ctx, b.St, vis)
		if err != nil {
			return nil, err
		}
		buyers, err := b.St.Buyers(ctx)
		if err != nil {
			return nil, err
		}
		r := NewRanker(cands)
		r.buyers = map[string]cityspend.Buyer{}
		for _, by := range buyers {
			r.buyers[by.ID] = by // names are public; only the visible buyers' ledgers reach the candidates
		}
		if r.labels, err = cpvLabels(ctx, b.St); err != nil {
			return nil, err
		}
		return r, nil
	}
	if b.RankerCache == nil {
		return build()
	}
	return b.RankerCache(vis.Key(), build)
}

// Matches ranks the suppliers that fit a buyer's need (a challenge, or a
// plan item as PlanNeed makes it): the best MaxMatches, from what the
// visible buyers' ledgers say and the suppliers' profiles.
func (b *Broker) Matches(ctx context.Context, by cityspend.Buyer, need cityspend.Challenge, vis Visible) ([]Match, error) {
	r, err := b.ranker(ctx, vis)
	if err != nil {
		return nil, err
	}
	if need.Currency == "" {
		need.Currency = by.Currency
	}
	return r.Rank(need, MaxMatches), nil
}

// ChallengeMatches ranks the suppliers for a buyer's challenge (see
// Matches).
func (b *Broker) ChallengeMatches(ctx context.Context, buyerID, id string, vis Visible) ([]Match, error) {
	by, err := b.St.Buyer(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	c, err := b.St.Challenge(ctx, by.ID, id)
	if err != nil {
		return nil, err
	}
	return b.Matches(ctx, by, c, vis)
}

// PlanItemMatches ranks the suppliers for a buyer's plan item (see
// Matches).
func (b *Broker) PlanItemMatches(ctx context.Context, buyerID, itemID string, vis Visible) ([]Match, error) {
	by, err := b.St.Buyer(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	it, err := b.St.PlanItem(ctx, by.ID, itemID)
	if err != nil {
		return nil, err
	}
	return b.Matches(ctx, by, PlanNeed(it), vis)
}

// Desk is a challenge as its buyer's staff work on it.
type Desk struct {
	Challenge cityspend.Challenge
	Matches   []Match
	Questions []cityspend.Question // with who asked
	Interests []cityspend.Interest
	// Names are the names of the matched suppliers, by id.
	Names  map[string]string
	Files  []cityspend.Attachment
	Events []cityspend.Event
	// Market is the market-development view, for the buyer's staff only.
	Market Market
}

// Desk reads a buyer's challenge for its staff (the matches from what the
// visible buyers' ledgers say: see Matches).
func (b *Broker) Desk(ctx context.Context, by cityspend.Buyer, id string, vis Visible) (Desk, error) {
	c, err := b.St.Challenge(ctx, by.ID, id)
	if err != nil {
		return Desk{}, err
	}
	v := Desk{Challenge: c, Names: map[string]string{}}
	if v.Matches, err = b.Matches(ctx, by, c, vis); err != nil {
		return Desk{}, err
	}
	if v.Market, err = b.MarketDevelopment(ctx, by, c, vis); err != nil {
		return Desk{}, err
	}
	if v.Questions, err = b.St.Questions(ctx, by.ID, c.ID); err != nil {
		return Desk{}, err
	}
	if v.Interests, err = b.St.Interests(ctx, cityspend.InterestFilter{BuyerID: by.ID, Kind: "challenge", TargetID: c.ID}); err != nil {
		return Desk{}, err
	}
	for _, m := range v.Matches {
		v.Names[m.SupplierID] = m.Name
	}
	if v.Files, v.Events, err = b.consultation(ctx, c); err != nil {
		return Desk{}, err
	}
	return v, nil
}

// Contacts is a buyer's log of contacts with suppliers and other buyers.
func (b *Broker) Contacts(ctx context.Context, buyerID string) ([]cityspend.Contact, error) {
	return b.St.Contacts(ctx, buyerID)
}

// DeleteAttachment removes a file from a buyer's challenge.
func (b *Broker) DeleteAttachment(ctx context.Context, buyerID, challengeID, name string) error {
	return b.St.DeleteAttachment(ctx, buyerID, challengeID, name)
}

// Attachment reads a challenge's file for a user (the zero User for a
// visitor): anyone's once the challenge is published, only the buyer's
// staff's while it is a draft (to anyone else it does not exist).
func (b *Broker) Attachment(ctx context.Context, u cityspend.User, buyerID, challengeID, name string) (cityspend.Attachment, error) {
	c, err := b.St.Challenge(ctx, buyerID, challengeID)
	if err != nil {
		return cityspend.Attachment{}, err
	}
	if c.Status == cityspend.ChallengeDraft && !cityspend.RoleAtLeast(u.RoleAt(buyerID), cityspend.RoleViewer) {
		return cityspend.Attachment{}, cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no published challenge %s", buyerID, challengeID)
	}
	return b.St.Attachment(ctx, buyerID, challengeID, name)
}

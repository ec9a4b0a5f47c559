// SPDX-License-Identifier: EUPL-1.2

package broker

import (
	"context"
	"net/url"
	"slices"
	"sort"

	"github.com/cityspend/cityspend"
)

// A supplier's user at home: the firm's profile, the needs that fit it and
// the interests it has shown.

// SupplierHome is what a supplier's user sees of the firm.
type SupplierHome struct {
	Profile       cityspend.Capability // empty but for the id until it is saved
	Opportunities []Opportunity
	Interests     []cityspend.Interest
	// Questions are the firm's questions on challenges, with their
	// answers; Events the events the firm is registered for.
	Questions []SupplierQuestion
	Events    []cityspend.Event
	// Buyers are the buyers' names by id.
	Buyers map[string]string
}

// SupplierQuestion is a question the firm asked, on its challenge.
type SupplierQuestion struct {
	cityspend.Question
	Challenge string // the challenge's title
}

// SupplierHome reads a supplier's user's page (the opportunities scored
// from what the visible buyers' ledgers say: see Opportunities).
func (b *Broker) SupplierHome(ctx context.Context, u cityspend.User, vis Visible) (SupplierHome, error) {
	var v SupplierHome
	if u.SupplierID == "" {
		return v, cityspend.Errorf(cityspend.EFORBIDDEN, "only a supplier's user has a supplier's page")
	}
	var err error
	if v.Profile, err = b.profile(ctx, u.SupplierID); err != nil {
		return v, err
	}
	if v.Opportunities, err = b.Opportunities(ctx, u.SupplierID, vis); err != nil {
		return v, err
	}
	if v.Interests, err = b.St.Interests(ctx, cityspend.InterestFilter{SupplierID: u.SupplierID}); err != nil {
		return v, err
	}
	if v.Questions, v.Events, err = b.engagementOf(ctx, u.SupplierID); err != nil {
		return v, err
	}
	bs, err := b.St.Buyers(ctx)
	v.Buyers = map[string]string{}
	for _, by := range bs {
		v.Buyers[by.ID] = by.Name
	}
	return v, err
}

// profile reads a supplier's profile; one not saved yet is the store's
// empty profile.
func (b *Broker) profile(ctx context.Context, supplierID string) (cityspend.Capability, error) {
	c, err := b.St.Capability(ctx, supplierID)
	if err != nil && cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		return c, err
	}
	return c, nil
}

// SaveProfile changes the profile of a supplier's user's firm from its form
// (see ProfileFromForm). A form that does not check out returns its error
// with the profile as the form left it, for the form to be shown again.
func (b *Broker) SaveProfile(ctx context.Context, u cityspend.User, f url.Values) (cityspend.Capability, error) {
	if u.SupplierID == "" {
		return cityspend.Capability{}, cityspend.Errorf(cityspend.EFORBIDDEN, "only a supplier's user changes a supplier's profile")
	}
	c, err := b.profile(ctx, u.SupplierID)
	if err != nil {
		return c, err
	}
	c.SupplierID = u.SupplierID
	if err := ProfileFromForm(&c, f); err != nil {
		return c, err
	}
	c.UpdatedAt = b.Now()
	return c, b.St.PutCapability(ctx, c)
}

// engagementOf reads a firm's questions on the challenges open to the
// market (or closed since) and the events of theirs it is registered for,
// newest first.
func (b *Broker) engagementOf(ctx context.Context, supplierID string) ([]SupplierQuestion, []cityspend.Event, error) {
	all, err := b.St.Challenges(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	var qs []SupplierQuestion
	var es []cityspend.Event
	for _, c := range all {
		if c.Status == cityspend.ChallengeDraft {
			continue
		}
		asked, err := b.St.Questions(ctx, c.BuyerID, c.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, q := range asked {
			if q.SupplierID == supplierID {
				qs = append(qs, SupplierQuestion{Question: q, Challenge: c.Title})
			}
		}
		events, err := b.St.Events(ctx, c.BuyerID, c.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, e := range events {
			regs, err := b.St.EventRegistrations(ctx, e.ID)
			if err != nil {
				return nil, nil, err
			}
			if slices.ContainsFunc(regs, func(r cityspend.EventRegistration) bool { return r.SupplierID == supplierID }) {
				es = append(es, e)
			}
		}
	}
	sort.SliceStable(qs, func(i, j int) bool { return qs[i].AskedAt.After(qs[j].AskedAt) })
	sort.SliceStable(es, func(i, j int) bool { return es[i].Starts.After(es[j].Starts) })
	return qs, es, nil
}

// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"context"
	"sort"
	"strings"

	"github.com/cityspend/cityspend"
)

// ReviewItem is a payee no clue settled and no person decided: what its
// lines give and the organisations it may be, with the evidence for and
// against each.
type ReviewItem struct {
	Payee      cityspend.PayeeRecord `json:"payee"`
	Reason     string                `json:"reason"`
	Candidates []Candidate           `json:"candidates"`
}

// Review lists a buyer's payees that stay ambiguous — unresolved, not
// decided by a person, with registered organisations they may be — the
// largest spend first. A decision (Override) on one settles every line of
// that payee, the payees of the same name it tells apart no worse, and
// later imports.
func (r *Resolver) Review(ctx context.Context, buyerID string) ([]ReviewItem, error) {
	b, err := r.st.Buyer(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	payees, err := r.st.Payees(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	overrides, err := r.st.Overrides(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	latest := latestOverrides(overrides)
	qs := make([]*query, len(payees))
	var open []int
	for i, p := range payees {
		if strings.HasPrefix(p.Resolution.SupplierID, "org:") || p.Resolution.Method == cityspend.MatchManual || p.Payee.Name == "" {
			continue
		}
		if _, decided := latest[p.Payee]; decided {
			continue
		}
		qs[i] = r.ix.prepare(r.query(p.Payee, b))
		open = append(open, i)
	}
	if err := r.withTexts(ctx, b.ID, payees, qs, open); err != nil {
		return nil, err
	}
	out := []ReviewItem{}
	for _, i := range open {
		m := r.ix.byName(qs[i])
		if m.Method != cityspend.MatchNone || len(m.Candidates) == 0 {
			continue // resolved since, or nothing registered comes close
		}
		out = append(out, ReviewItem{Payee: payees[i], Reason: payees[i].Resolution.Reason, Candidates: m.Candidates})
	}
	// The registers' own spelling of the candidates' towns (the index keeps
	// them folded).
	var ids []cityspend.Identifier
	for _, it := range out {
		for _, c := range it.Candidates {
			ids = append(ids, c.Org)
		}
	}
	orgs, err := r.st.OrganisationsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	town := map[cityspend.Identifier]string{}
	for _, o := range orgs {
		town[o.ID] = o.Address.Locality
	}
	for _, it := range out {
		for k := range it.Candidates {
			if t, ok := town[it.Candidates[k].Org]; ok {
				it.Candidates[k].Locality = t
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Payee.Spend != out[j].Payee.Spend {
			return out[i].Payee.Spend > out[j].Payee.Spend
		}
		return out[i].Payee.ID < out[j].Payee.ID
	})
	return out, nil
}

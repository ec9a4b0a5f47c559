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
	items, _, err := r.ReviewPage(ctx, buyerID, 0, -1)
	return items, err
}

// ReviewPage is n of Review's items from the from-th (n < 0: all of them
// from there), and whether more follow. The registered organisations a
// payee may be are looked for in Review's order, only until the page is
// full and one more is found: a buyer can have thousands of open payees
// (people, foreign firms, suppliers of a register not loaded), and the
// fuzzy search costs about a millisecond each.
func (r *Resolver) ReviewPage(ctx context.Context, buyerID string, from, n int) ([]ReviewItem, bool, error) {
	b, err := r.st.Buyer(ctx, buyerID)
	if err != nil {
		return nil, false, err
	}
	payees, err := r.st.Payees(ctx, b.ID)
	if err != nil {
		return nil, false, err
	}
	overrides, err := r.st.Overrides(ctx, b.ID)
	if err != nil {
		return nil, false, err
	}
	latest := latestOverrides(overrides)
	var open []int
	for i, p := range payees {
		if strings.HasPrefix(p.Resolution.SupplierID, "org:") || p.Resolution.Method == cityspend.MatchManual || p.Payee.Name == "" {
			continue
		}
		if _, decided := latest[p.Payee]; decided {
			continue
		}
		open = append(open, i)
	}
	// The largest spend first (the payee's number orders equal spend).
	sort.Slice(open, func(x, y int) bool {
		a, c := payees[open[x]], payees[open[y]]
		if a.Spend != c.Spend {
			return a.Spend > c.Spend
		}
		return a.ID < c.ID
	})
	from = max(from, 0)
	want := -1 // items to find: the page and one more
	if n >= 0 {
		want = from + n + 1
	}
	// Whether a payee is listed rests on its name alone (byName reads the
	// texts of its lines only for the evidence on its candidates and their
	// order), so the open payees are searched without their texts until
	// the page and one more are found; only the page's payees then have
	// their texts read (one query of their lines, which at ten million
	// lines took most of the page's time) and are searched again.
	qs := make([]*query, len(payees))
	var listed []int
	for _, i := range open {
		if want >= 0 && len(listed) == want {
			break
		}
		qs[i] = r.ix.prepare(r.query(payees[i].Payee, b))
		m := r.ix.byName(qs[i])
		if m.Method != cityspend.MatchNone || len(m.Candidates) == 0 {
			continue // resolved since, or nothing registered comes close
		}
		listed = append(listed, i)
	}
	more := false
	if from >= len(listed) {
		listed = listed[:0]
	} else {
		listed = listed[from:]
	}
	if n >= 0 && len(listed) > n {
		listed, more = listed[:n], true
	}
	if err := r.withTexts(ctx, b.ID, payees, qs, listed); err != nil {
		return nil, false, err
	}
	out := make([]ReviewItem, 0, len(listed))
	for _, i := range listed {
		m := r.ix.byName(qs[i])
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
		return nil, false, err
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
	return out, more, nil
}

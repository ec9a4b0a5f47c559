// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata"
)

// Resolver resolves the payees of buyers against the loaded registers and
// profiles their suppliers.
type Resolver struct {
	st     Store
	ix     *Index
	places *Places
}

// NewResolver indexes the store's registers and municipality codes.
func NewResolver(ctx context.Context, st Store) (*Resolver, error) {
	ix, err := LoadIndex(ctx, st)
	if err != nil {
		return nil, err
	}
	extra, err := st.MunicipalityCodes(ctx)
	if err != nil {
		return nil, err
	}
	return &Resolver{st: st, ix: ix, places: NewPlaces(refdata.MunicipalityCodes(), extra)}, nil
}

// Index returns the resolver's register index.
func (r *Resolver) Index() *Index { return r.ix }

// Report counts the outcome of resolving one buyer's payees.
type Report struct {
	BuyerID    string         `json:"buyer"`
	Payees     int            `json:"payees"`
	ByMethod   map[string]int `json:"by_method"`
	Unresolved int            `json:"unresolved"`
	Ambiguous  []string       `json:"ambiguous,omitempty"` // payee names, for people to decide
	Suppliers  int            `json:"suppliers"`
}

// ResolveBuyer resolves every payee of a buyer and rebuilds its supplier
// profiles. Precedence: a person's override; the organisation or VAT
// number; the name against the buyer's own payees resolved by number; the
// name against the registers, exactly, then approximately. Names that fit
// several units equally stay unresolved and are reported.
func (r *Resolver) ResolveBuyer(ctx context.Context, buyerID string) (*Report, error) {
	b, err := r.st.Buyer(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	payees, err := r.st.Payees(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	overrides, err := r.st.Overrides(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	latest := map[cityspend.Payee]cityspend.Override{}
	for _, o := range overrides { // oldest first: later decisions win
		latest[o.Payee] = o
	}
	rep := &Report{BuyerID: buyerID, Payees: len(payees), ByMethod: map[string]int{}}
	res := make([]cityspend.Resolution, len(payees))

	// Pass 1: overrides and numbers. What they resolve becomes the buyer's
	// history, which names are matched against first.
	history := NewIndex()
	pending := []int{}
	for i, p := range payees {
		res[i] = cityspend.Resolution{PayeeID: p.ID, SupplierID: p.SupplierKey}
		if o, ok := latest[p.Payee]; ok {
			res[i].Method, res[i].Score = cityspend.MatchManual, 1
			res[i].Reason = fmt.Sprintf("decided by %s on %s: %s", o.Who, o.At.Format("2006-01-02"), o.Why)
			if o.SupplierID != "" {
				res[i].SupplierID = o.SupplierID
				r.remember(history, p.Payee, o.SupplierID)
			} else {
				res[i].Method = cityspend.MatchManual
				res[i].Reason += " (kept unresolved)"
			}
			continue
		}
		if id, ok := r.byNumber(p.Payee, b.Country); ok {
			res[i].SupplierID, res[i].Method = "org:"+id.String(), cityspend.MatchID
			if _, in := r.ix.Lookup(id); in {
				res[i].Score, res[i].Reason = 1, "organisation number "+id.ID
			} else {
				res[i].Score, res[i].Reason = 0.9, "organisation number "+id.ID+" (not in the loaded registers)"
			}
			r.remember(history, p.Payee, res[i].SupplierID)
			continue
		}
		pending = append(pending, i)
	}
	// Pass 2: names.
	for _, i := range pending {
		p := payees[i].Payee
		q := Query{Name: p.Name, Postcode: p.Postcode}
		if q.Name == "" {
			res[i].Reason = "no name and no organisation number"
			continue
		}
		if m := history.Resolve(q); m.Method != cityspend.MatchNone {
			// History entries carry "supplier id \x00 name" as their id.
			id, _, _ := strings.Cut(m.ID.ID, "\x00")
			res[i].SupplierID, res[i].Method, res[i].Score = id, m.Method, m.Score
			res[i].Reason = m.Reason + ", among the buyer's suppliers known by number"
			continue
		}
		m := r.ix.Resolve(q)
		if m.Method == cityspend.MatchNone {
			res[i].Reason = m.Reason
			if strings.HasPrefix(m.Reason, "ambiguous") {
				rep.Ambiguous = append(rep.Ambiguous, p.Name)
			}
			continue
		}
		res[i].SupplierID, res[i].Method, res[i].Score, res[i].Reason = "org:"+m.ID.String(), m.Method, m.Score, m.Reason
	}
	for _, x := range res {
		if x.Method == cityspend.MatchNone || !strings.HasPrefix(x.SupplierID, "org:") {
			rep.Unresolved++
		}
		rep.ByMethod[orNone(x.Method)]++
	}
	profiles, err := r.profile(ctx, b, payees, res)
	if err != nil {
		return nil, err
	}
	if err := r.st.SetResolutions(ctx, buyerID, res); err != nil {
		return nil, err
	}
	if err := r.st.ReplaceProfiles(ctx, b.ID, profiles); err != nil {
		return nil, err
	}
	rep.Suppliers = len(profiles)
	return rep, nil
}

func orNone(m string) string {
	if m == "" {
		return "unresolved"
	}
	return m
}

// remember adds a payee resolved by number or by a person to the buyer's
// history, under its own name, so the same name without a number resolves.
// The history's "identifiers" are supplier ids (scheme "supplier").
func (r *Resolver) remember(history *Index, p cityspend.Payee, supplierID string) {
	if p.Name == "" {
		return
	}
	history.Add(&cityspend.Organisation{ID: cityspend.Identifier{Scheme: "supplier", ID: supplierID + "\x00" + p.Name}, Name: p.Name,
		Address: cityspend.Address{Postcode: p.Postcode}})
}

// byNumber reads the organisation or VAT number on a payee.
func (r *Resolver) byNumber(p cityspend.Payee, country string) (cityspend.Identifier, bool) {
	for _, n := range []string{p.OrgNumber, p.VATNumber} {
		if n == "" {
			continue
		}
		c := country
		if p.Country != "" {
			c = p.Country
		}
		if id, ok := cityspend.NormalizeOrgNumber(n, c); ok {
			return id, true
		}
	}
	return cityspend.Identifier{}, false
}

// profile builds the buyer's supplier profiles from the resolutions.
func (r *Resolver) profile(ctx context.Context, b cityspend.Buyer, payees []cityspend.PayeeRecord, res []cityspend.Resolution) ([]cityspend.SupplierProfile, error) {
	rules, err := r.st.PlaceRules(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	area := AreaFor(b, rules, r.places)
	type group struct {
		payees []cityspend.Payee
		name   string
		spend  cityspend.Amount
		why    string
	}
	groups := map[string]*group{}
	var orgIDs []cityspend.Identifier
	for i, x := range res {
		id := x.SupplierID
		g := groups[id]
		if g == nil {
			g = &group{why: x.Reason}
			groups[id] = g
			if oid, ok := parseOrgID(id); ok {
				orgIDs = append(orgIDs, oid)
			}
		}
		g.payees = append(g.payees, payees[i].Payee)
		if payees[i].Spend >= g.spend || g.name == "" {
			g.name, g.spend = payees[i].Payee.Name, payees[i].Spend
		}
	}
	orgs, err := r.st.OrganisationsByID(ctx, orgIDs)
	if err != nil {
		return nil, err
	}
	byID := map[cityspend.Identifier]*cityspend.Organisation{}
	for i := range orgs {
		byID[orgs[i].ID] = &orgs[i]
	}
	ests, err := r.st.Establishments(ctx, orgIDs)
	if err != nil {
		return nil, err
	}
	if err := area.LoadPostcodes(ctx, r.st, orgs, ests, payees); err != nil {
		return nil, err
	}
	branches := map[cityspend.Identifier][]cityspend.Establishment{}
	for _, e := range ests {
		branches[e.Parent] = append(branches[e.Parent], e)
	}
	profiles := make([]cityspend.SupplierProfile, 0, len(groups))
	for id, g := range groups {
		var p cityspend.SupplierProfile
		oid, isOrg := parseOrgID(id)
		switch o := byID[oid]; {
		case isOrg && o != nil:
			p = Classify(o, branches[oid], area)
		case isOrg:
			p = Unresolved(id, g.name, g.payees, area, "organisation number "+oid.ID+" is not in the loaded registers")
			p.Org = &oid
		default:
			p = Unresolved(id, g.name, g.payees, area, g.why)
		}
		p.BuyerID, p.SupplierID = b.ID, id
		if p.Name == "" {
			p.Name = id
		}
		profiles = append(profiles, p)
	}
	sortProfiles(profiles)
	return profiles, nil
}

// parseOrgID reads "org:NO-BRC:123456785".
func parseOrgID(s string) (cityspend.Identifier, bool) {
	rest, ok := strings.CutPrefix(s, "org:")
	if !ok {
		return cityspend.Identifier{}, false
	}
	i := strings.LastIndexByte(rest, ':')
	if i <= 0 {
		return cityspend.Identifier{}, false
	}
	return cityspend.Identifier{Scheme: rest[:i], ID: rest[i+1:]}, true
}

// SortAmbiguous orders the ambiguous names of a report.
func (rep *Report) SortAmbiguous() { sort.Strings(rep.Ambiguous) }

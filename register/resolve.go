// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/cityspend/cityspend"
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
	return &Resolver{st: st, ix: ix, places: ix.Places()}, nil
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

// textsPerPayee bounds the texts of its lines read for an unresolved
// payee's numbers.
const textsPerPayee = 20

// ResolveBuyer resolves every payee of a buyer and rebuilds its supplier
// profiles. Precedence: a person's override; the organisation or VAT
// number in the payee's columns (also written inside its name or among
// other text there); the name against the buyer's own payees resolved so;
// the name against the registers, exactly, then approximately, with every
// clue the payee carries (legal form, postcode, branch suffix, the
// register's branches, the buyer's municipality) telling apart
// organisations of one name; last, a number in the texts of its lines.
// Payees that stay ambiguous are reported and listed by Review.
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
	latest := latestOverrides(overrides)
	rep := &Report{BuyerID: buyerID, Payees: len(payees), ByMethod: map[string]int{}}
	res := make([]cityspend.Resolution, len(payees))
	qs := make([]*query, len(payees))

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
			switch org, name, branch, in := r.ix.Owner(id); {
			case in && branch:
				res[i].SupplierID, res[i].Score = "org:"+org.String(), 1
				res[i].Reason = "organisation number " + id.ID + " of a branch of " + name + " " + org.ID
			case in:
				res[i].Score, res[i].Reason = 1, "organisation number "+id.ID
			default:
				res[i].Score, res[i].Reason = 0.9, "organisation number "+id.ID+" (not in the loaded registers)"
			}
			r.remember(history, p.Payee, res[i].SupplierID)
			continue
		}
		qs[i] = r.ix.prepare(r.query(p.Payee, b))
		if m, ok := r.ix.ownNumber(qs[i]); ok {
			res[i].SupplierID, res[i].Method, res[i].Score, res[i].Reason = "org:"+m.ID.String(), m.Method, m.Score, m.Reason
			r.remember(history, p.Payee, res[i].SupplierID)
			continue
		}
		pending = append(pending, i)
	}
	// Pass 2: names.
	var left []int
	byName := map[int]Match{}
	for _, i := range pending {
		q := qs[i]
		if q.Name == "" {
			res[i].Reason = "no name and no organisation number"
			left = append(left, i)
			continue
		}
		// The buyer's own suppliers known by number come first, unless the
		// register tells the name apart by a clue of the payee's own (its
		// legal form, postcode, branch…): "Hansen Bygg ANS" is not the
		// "Hansen Bygg AS" the buyer paid by number.
		m := r.ix.byName(q)
		if !strongClues(m) {
			if h := history.byName(history.prepare(q.Query)); h.Method != cityspend.MatchNone {
				// History entries carry "supplier id \x00 name" as their id.
				id, _, _ := strings.Cut(h.ID.ID, "\x00")
				res[i].SupplierID, res[i].Method, res[i].Score = id, h.Method, h.Score
				res[i].Reason = h.Reason + ", among the buyer's suppliers known by number"
				continue
			}
		}
		if m.Method == cityspend.MatchNone {
			res[i].Reason = m.Reason
			byName[i] = m
			left = append(left, i)
			continue
		}
		res[i].SupplierID, res[i].Method, res[i].Score, res[i].Reason = "org:"+m.ID.String(), m.Method, m.Score, m.Reason
	}
	// Pass 3: numbers in the texts of the lines of the payees still left.
	if err := r.withTexts(ctx, buyerID, payees, qs, left); err != nil {
		return nil, err
	}
	for _, i := range left {
		q := qs[i]
		if q == nil || len(q.Texts) == 0 {
			continue
		}
		if m, ok := r.ix.textNumber(q, byName[i]); ok {
			res[i].SupplierID, res[i].Method, res[i].Score, res[i].Reason = "org:"+m.ID.String(), m.Method, m.Score, m.Reason
		}
	}
	for _, i := range left {
		if res[i].Method == cityspend.MatchNone && strings.HasPrefix(res[i].Reason, "ambiguous") {
			rep.Ambiguous = append(rep.Ambiguous, payees[i].Payee.Name)
		}
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

// strongClues says whether a match rests on a clue of the payee's own
// beyond its name (not merely its spelling or the buyer's municipality).
func strongClues(m Match) bool {
	for _, c := range m.Clues {
		if c != ClueSpelling && c != ClueHome {
			return true
		}
	}
	return false
}

// latestOverrides is each payee's latest decision.
func latestOverrides(overrides []cityspend.Override) map[cityspend.Payee]cityspend.Override {
	latest := map[cityspend.Payee]cityspend.Override{}
	for _, o := range overrides { // oldest first: later decisions win
		latest[o.Payee] = o
	}
	return latest
}

// query is what a payee gives to resolve it: its name and postcode, its
// number columns as written, its supplier number, the country its numbers
// are read in and the buyer's municipality.
func (r *Resolver) query(p cityspend.Payee, b cityspend.Buyer) Query {
	country := b.Country
	if p.Country != "" {
		country = p.Country
	}
	q := Query{Name: p.Name, Postcode: p.Postcode, Country: country}
	if p.Country == "" || p.Country == b.Country {
		q.Home = b.Municipality
	}
	for _, c := range []string{p.OrgNumber, p.VATNumber, p.LocalID} {
		if strings.TrimSpace(c) != "" {
			q.Columns = append(q.Columns, c)
		}
	}
	return q
}

// withTexts reads the texts of the lines of some payees into their
// queries (prepared in qs), for the numbers they may hold.
func (r *Resolver) withTexts(ctx context.Context, buyerID string, payees []cityspend.PayeeRecord, qs []*query, which []int) error {
	at := map[int32]int{}
	var ids []int32
	for _, i := range which {
		if qs[i] != nil {
			at[payees[i].ID] = i
			ids = append(ids, payees[i].ID)
		}
	}
	return r.st.PayeeTexts(ctx, buyerID, ids, textsPerPayee, func(id int32, text string) error {
		if i, ok := at[id]; ok {
			qs[i].Texts = append(qs[i].Texts, text)
		}
		return nil
	})
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

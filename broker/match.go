// SPDX-License-Identifier: EUPL-1.2

// Package broker is the innovation broker: challenges a buyer opens to the
// market, suppliers' capability profiles, matchmaking with reasons, written
// questions and answers published to every interested supplier at once,
// and the log of buyer–supplier contacts.
package broker

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata/cpv"
)

// Candidate is a supplier the matcher considers: a registered profile, or
// a supplier known from a buyer's ledger (its categories from its lines).
type Candidate struct {
	SupplierID   string
	Name         string
	CPV          []string // codes it declares, or the CPV groups of its lines
	NACE         []string
	Text         string // what it says it does (profile) or its name and categories
	Municipality string
	Size         string
	Registered   bool
	// Spend is what buyers paid it by buyer and CPV group (from ledgers).
	Spend map[string]map[string]cityspend.Amount
}

// Match is a ranked supplier for a challenge, with the reasons.
type Match struct {
	SupplierID   string   `json:"supplier_id"`
	Name         string   `json:"name"`
	Score        float64  `json:"score"`
	Reasons      []string `json:"reasons"`
	Registered   bool     `json:"registered"`
	Municipality string   `json:"municipality,omitempty"`
	Size         string   `json:"size,omitempty"`
}

// The score: how well the supplier fits the need — its categories and,
// weighing more, what it says it does — raised by being local (three times
// as much when the buyer's policy is local first), an SME, and having
// supplied the buyer in the category. Place, size and history only order
// suppliers that fit: they never make a fit.
const (
	wCategory = 0.4
	wText     = 0.6
	bPlace    = 0.10
	bSize     = 0.05
	bHistory  = 0.10
)

// Visible is the set of buyers, by id, whose figures matching may draw
// on: the buyers the person the ranking is for may see (the web's access
// rule: the buyers they work for, and those that publish). Another
// buyer's ledger reaches neither a score nor a reason: not its suppliers,
// their categories, their spend, nor the words of their names. Nil is no
// buyer: the suppliers' own profiles only.
type Visible map[string]bool

// VisibleOf is the set of the buyers given.
func VisibleOf(bs []cityspend.Buyer) Visible {
	v := Visible{}
	for _, b := range bs {
		v[b.ID] = true
	}
	return v
}

// Key names the set: the ids in order, comma-separated (a ranker cache
// keeps one ranker per key).
func (v Visible) Key() string {
	ids := make([]string, 0, len(v))
	for id, ok := range v {
		if ok {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return strings.Join(ids, ",")
}

// Candidates gathers every registered profile and every supplier of the
// visible buyers' ledgers (by id; a profile wins over the ledger's view).
func Candidates(ctx context.Context, st Store, vis Visible) ([]Candidate, error) {
	byID := map[string]*Candidate{}
	var order []string
	get := func(id string) *Candidate {
		c, ok := byID[id]
		if !ok {
			c = &Candidate{SupplierID: id, Spend: map[string]map[string]cityspend.Amount{}}
			byID[id] = c
			order = append(order, id)
		}
		return c
	}
	buyers, err := st.Buyers(ctx)
	if err != nil {
		return nil, err
	}
	for _, b := range buyers {
		if !vis[b.ID] {
			continue
		}
		sups, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: b.ID})
		if err != nil {
			return nil, err
		}
		for _, s := range sups {
			if s.Org == nil { // an unresolved payee is no one to invite
				continue
			}
			c := get(s.SupplierID)
			if c.Name == "" {
				c.Name, c.Municipality = s.Name, s.Municipality
				if s.Size != "" && s.Size != cityspend.ClassUnknown {
					c.Size = s.Size
				}
				if s.NACE != "" {
					c.NACE = append(c.NACE, s.NACE)
				}
			}
		}
		cells, err := st.SpendCross(ctx, cityspend.SpendFilter{BuyerID: b.ID, Scope: cityspend.ScopeIn}, cityspend.BySupplier, cityspend.ByCPVGroup)
		if err != nil {
			return nil, err
		}
		for _, x := range cells {
			c, ok := byID[x.A]
			if !ok || x.B == "unclassified" || x.Spend <= 0 {
				continue
			}
			if c.Spend[b.ID] == nil {
				c.Spend[b.ID] = map[string]cityspend.Amount{}
			}
			c.Spend[b.ID][x.B] += x.Spend
		}
	}
	for _, c := range byID {
		groups := map[string]bool{}
		for _, m := range c.Spend {
			for g := range m {
				groups[g] = true
			}
		}
		for g := range groups {
			c.CPV = append(c.CPV, g)
		}
		sort.Strings(c.CPV)
		c.Text = c.Name
	}
	caps, err := st.Capabilities(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range caps {
		c := get(p.SupplierID)
		c.Registered = true
		c.Name = p.Name
		if len(p.CPV) > 0 {
			c.CPV = p.CPV
		}
		if len(p.NACE) > 0 {
			c.NACE = p.NACE
		}
		if p.Municipality != "" {
			c.Municipality = p.Municipality
		}
		if p.Size != "" {
			c.Size = p.Size
		}
		c.Text = strings.Join([]string{p.Name, p.Description, p.Solutions, p.References}, " ")
	}
	out := make([]Candidate, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	return out, nil
}

// Ranker ranks candidates for needs: the text index over the candidates is
// built once for all the needs ranked against them.
type Ranker struct {
	cands []Candidate
	idx   *index
	names map[string]string // buyers' names by id, for the reasons
}

// NewRanker indexes candidates.
func NewRanker(cands []Candidate) *Ranker { return &Ranker{cands: cands, idx: newIndex(cands)} }

// Rank ranks the candidates for one need (see Ranker.Rank).
func Rank(ch cityspend.Challenge, municipality string, cands []Candidate, n int) []Match {
	return NewRanker(cands).Rank(ch, municipality, n)
}

// Rank scores every candidate for a challenge of a buyer (municipality:
// the buyer's) and returns the best n (0: all with any fit), best first.
func (r *Ranker) Rank(ch cityspend.Challenge, municipality string, n int) []Match {
	query := r.idx.vector(tokens(ch.Title + " " + ch.Problem + " " + ch.Outcomes))
	var out []Match
	for i, c := range r.cands {
		var reasons []string
		cat, why := categoryFit(ch, c)
		if why != "" {
			reasons = append(reasons, why)
		}
		text, shared := cosine(query, r.idx.docs[i])
		if len(shared) > 0 {
			reasons = append(reasons, "its profile shares: "+strings.Join(shared, ", "))
		}
		if cat == 0 && text < 0.05 {
			continue // no fit: not a match whatever its place or size
		}
		place := 0.0
		switch {
		case municipality != "" && c.Municipality == municipality:
			place = 1
			reasons = append(reasons, "local: in the buyer's municipality "+municipality)
		case len(municipality) >= 2 && len(c.Municipality) >= 2 && c.Municipality[:2] == municipality[:2]:
			place = 0.5
			reasons = append(reasons, "in the buyer's county")
		}
		bp := bPlace
		if ch.LocalFirst {
			bp *= 3 // the buyer's policy: local first
		}
		size := 0.5
		switch c.Size {
		case cityspend.ClassMicro, cityspend.ClassSmall, cityspend.ClassMedium:
			size = 1
			reasons = append(reasons, "an SME ("+c.Size+")")
		}
		hist, hwhy := history(ch, c, r.names)
		if hwhy != "" {
			reasons = append(reasons, hwhy)
		}
		score := (wCategory*cat + wText*min(1, text)) * (1 + bp*place + bSize*size + bHistory*hist)
		if c.Registered {
			reasons = append(reasons, "registered in the broker")
		}
		out = append(out, Match{SupplierID: c.SupplierID, Name: c.Name, Score: math.Round(score*1000) / 1000, Reasons: reasons,
			Registered: c.Registered, Municipality: c.Municipality, Size: c.Size})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].SupplierID < out[j].SupplierID
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// categoryFit is how closely the supplier's categories meet the
// challenge's: the longest common CPV prefix (division 0.4, group 0.7,
// class 0.9, category 1), or the NACE division (0.4) or group (0.6).
func categoryFit(ch cityspend.Challenge, c Candidate) (float64, string) {
	best, why := 0.0, ""
	levels := []struct {
		n     int
		score float64
		name  string
	}{{5, 1, "category"}, {4, 0.9, "class"}, {3, 0.7, "group"}, {2, 0.4, "division"}}
	for _, a := range ch.CPV {
		for _, b := range c.CPV {
			// Only significant digits match: the padding zeros of a group
			// code ("45200000") say nothing about its classes.
			sig := min(cpv.Significant(a), cpv.Significant(b))
			for _, l := range levels {
				if l.n <= sig && a[:l.n] == b[:l.n] && l.score > best {
					best, why = l.score, fmt.Sprintf("CPV %s: same %s as its %s", a, l.name, b)
					break
				}
			}
		}
	}
	for _, a := range ch.NACE {
		for _, b := range c.NACE {
			a, b := strings.ReplaceAll(a, ".", ""), strings.ReplaceAll(b, ".", "")
			switch {
			case len(a) >= 3 && len(b) >= 3 && a[:3] == b[:3] && best < 0.6:
				best, why = 0.6, fmt.Sprintf("NACE %s: same group as its %s", a, b)
			case len(a) >= 2 && len(b) >= 2 && a[:2] == b[:2] && best < 0.4:
				best, why = 0.4, fmt.Sprintf("NACE %s: same division as its %s", a, b)
			}
		}
	}
	return best, why
}

// history is 1 when the supplier has supplied the buyer in one of the
// challenge's CPV groups, 0.5 when another buyer (named by names, else by
// id).
func history(ch cityspend.Challenge, c Candidate, names map[string]string) (float64, string) {
	best, why := 0.0, ""
	for buyer, groups := range c.Spend {
		for g, amt := range groups {
			for _, a := range ch.CPV {
				if len(a) < 3 || len(g) < 3 || a[:3] != g[:3] {
					continue
				}
				s := 0.5
				if buyer == ch.BuyerID {
					s = 1
				}
				if s > best {
					who := names[buyer]
					if who == "" {
						who = "buyer " + buyer
					}
					best, why = s, fmt.Sprintf("supplied %s in CPV group %s (%s)", who, g[:3], amt)
				}
			}
		}
	}
	return best, why
}

// Text similarity: TF-IDF over crude stems (words cut to 6 letters, stop
// words out), cosine.

var stop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the and for with that this from are our your will can all has have not but into over more than other also
		which their they them its who how what when where need needs want wants should would could about such using use used
		og for med som det den til fra har kan vil skal ikke eller av på er en et de vi oss våre vår ved mer enn alle andre
		hvor hva når hvordan trenger ønsker bruk`) {
		stop[w] = true
	}
}

func tokens(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(w)) < 3 || stop[w] {
			continue
		}
		if r := []rune(w); len(r) > 6 {
			w = string(r[:6])
		}
		out = append(out, w)
	}
	return out
}

type index struct {
	idf  map[string]float64
	docs []map[string]float64
}

func newIndex(cands []Candidate) *index {
	df := map[string]int{}
	toks := make([][]string, len(cands))
	for i, c := range cands {
		toks[i] = tokens(c.Text)
		seen := map[string]bool{}
		for _, t := range toks[i] {
			if !seen[t] {
				df[t]++
				seen[t] = true
			}
		}
	}
	ix := &index{idf: map[string]float64{}}
	n := float64(len(cands))
	for t, d := range df {
		ix.idf[t] = math.Log((n+1)/(float64(d)+1)) + 1
	}
	for _, ts := range toks {
		ix.docs = append(ix.docs, ix.vector(ts))
	}
	return ix
}

func (ix *index) vector(ts []string) map[string]float64 {
	v := map[string]float64{}
	for _, t := range ts {
		idf, ok := ix.idf[t]
		if !ok {
			idf = math.Log(float64(len(ix.docs)+1)) + 1
		}
		v[t] += idf
	}
	var norm float64
	for _, x := range v {
		norm += x * x
	}
	norm = math.Sqrt(norm)
	for t := range v {
		v[t] /= norm
	}
	return v
}

// cosine returns the similarity and the shared stems, heaviest first (at
// most five).
func cosine(a, b map[string]float64) (float64, []string) {
	var s float64
	type w struct {
		t string
		x float64
	}
	var shared []w
	for t, x := range a {
		if y, ok := b[t]; ok {
			s += x * y
			shared = append(shared, w{t, x * y})
		}
	}
	sort.Slice(shared, func(i, j int) bool {
		return shared[i].x > shared[j].x || shared[i].x == shared[j].x && shared[i].t < shared[j].t
	})
	var out []string
	for _, x := range shared[:min(5, len(shared))] {
		out = append(out, x.t)
	}
	return s, out
}

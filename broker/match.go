// SPDX-License-Identifier: EUPL-1.2

// Package broker is the innovation broker: challenges a buyer opens to the
// market, suppliers' capability profiles, matchmaking with reasons, written
// questions and answers published to every interested supplier at once,
// and the log of buyer–supplier contacts.
package broker

import (
	"cmp"
	"context"
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
	SupplierID string
	Name       string
	CPV        []string // codes it declares, or the CPV groups of its lines
	NACE       []string
	Text       string // what it says it does (profile) or its name and categories
	Registered bool
	// Staff is its head count as the register has it (0: unknown), and
	// TurnoverEUR its annual turnover in euros (0: unknown): its capacity.
	Staff       int
	TurnoverEUR cityspend.Amount
	// Municipality and Size are where it is and its size class. Ranking
	// reads neither (equal treatment); the size class stands in for an
	// unknown head count in the capacity check, and both feed the buyer's
	// market-development view.
	Municipality string
	Size         string
	// Spend is what buyers paid it by buyer and CPV group (from ledgers).
	Spend map[string]map[string]cityspend.Amount
}

// Match is a ranked supplier for a need, with the reasons. Who is told of
// a need and how high it ranks depend on fit and capacity only, never on
// where the supplier is or how big it is (equal treatment: see Rank).
type Match struct {
	SupplierID string `json:"supplier_id"`
	Name       string `json:"name"`
	// Score orders the matches (for programs; people see Level).
	Score float64 `json:"score"`
	// Level is how well the supplier fits, in words: strong, good or
	// possible (see LevelOf).
	Level   string   `json:"level"`
	Reasons []Reason `json:"reasons"`
	// Partner: the need is larger than the supplier is likely to carry
	// alone (see capacity); it may take part as a subcontractor or in a
	// consortium. It is still a match and still told.
	Partner    bool `json:"partner,omitempty"`
	Registered bool `json:"registered"`
}

// Match levels, best first.
const (
	LevelStrong   = "strong"
	LevelGood     = "good"
	LevelPossible = "possible"
)

// LevelOf is the level of a fit (the category and text fit, with the
// supplier's experience in the category): strong from 0.5, good from 0.25,
// else possible.
func LevelOf(fit float64) string {
	switch {
	case fit >= 0.5:
		return LevelStrong
	case fit >= 0.25:
		return LevelGood
	}
	return LevelPossible
}

// The score: how well the supplier fits the need — its categories and,
// weighing more, what it says it does — raised by its experience of the
// need's category with any buyer, and halved when the need is beyond what
// it is likely to carry alone. Place and size are no part of it.
const (
	wCategory = 0.4
	wText     = 0.6
	bHistory  = 0.10
	// partnerFactor weighs a supplier likely to take part as a
	// subcontractor or in a consortium.
	partnerFactor = 0.5
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
				c.Staff = s.Employees
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
		if err := registered(ctx, st, c); err != nil {
			return nil, err
		}
		c.Text = strings.Join([]string{p.Name, p.Description, p.Solutions, p.References}, " ")
	}
	out := make([]Candidate, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	return out, nil
}

// registered adds what the business register says of a registered
// supplier's capacity (its head count, its turnover) when the ledgers did
// not.
func registered(ctx context.Context, st Store, c *Candidate) error {
	scheme, id, ok := strings.Cut(strings.TrimPrefix(c.SupplierID, "org:"), ":")
	if !ok || c.Staff > 0 || !strings.HasPrefix(c.SupplierID, "org:") {
		return nil
	}
	o, err := st.Organisation(ctx, cityspend.Identifier{Scheme: scheme, ID: id})
	if cityspend.ErrorCode(err) == cityspend.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	if o.EmployeesKnown && !o.EmployeesWithheld {
		c.Staff = o.Employees
	}
	c.TurnoverEUR = o.TurnoverEUR
	return nil
}

// Ranker ranks candidates for needs: the text index over the candidates is
// built once for all the needs ranked against them.
type Ranker struct {
	cands []Candidate
	idx   *index
	// buyers are the buyers' names and currencies by id, for the reasons.
	buyers map[string]cityspend.Buyer
	// labels names CPV codes (nil: the project's division labels only).
	labels map[string]cpv.Label
}

// NewRanker indexes candidates.
func NewRanker(cands []Candidate) *Ranker { return &Ranker{cands: cands, idx: newIndex(cands)} }

// Rank ranks the candidates for one need (see Ranker.Rank).
func Rank(ch cityspend.Challenge, cands []Candidate, n int) []Match {
	return NewRanker(cands).Rank(ch, n)
}

// Rank scores every candidate for a buyer's need (a challenge, or a plan
// item as PlanNeed makes it) and returns the best n (0: all with any fit),
// best first. Every candidate with a category or text fit is a match:
// whether a supplier hears of a need never depends on its place or size.
// A need larger than a supplier is likely to carry alone (see capacity)
// halves its score and says so: it ranks below firms of the same fit that
// can, and stays a match, as a likely subcontractor or consortium partner.
func (r *Ranker) Rank(ch cityspend.Challenge, n int) []Match {
	query := r.idx.vector(tokens(ch.Title + " " + ch.Problem + " " + ch.Outcomes))
	var out []Match
	for i, c := range r.cands {
		var reasons []Reason
		cat, why := categoryFit(ch, c)
		text, shared := cosine(query, r.idx.docs[i])
		if cat == 0 && text < 0.05 {
			continue // no fit: not a match
		}
		hist, hwhy := history(ch, c)
		if hwhy.Kind != "" {
			reasons = append(reasons, r.named(hwhy))
		}
		if why.Kind != "" {
			reasons = append(reasons, r.named(why))
		}
		if len(shared) > 0 {
			words := make([]string, len(shared))
			for k, t := range shared {
				words[k] = r.idx.words[i][t]
			}
			reasons = append(reasons, Reason{Kind: ReasonWords, Words: words})
		}
		fit := (wCategory*cat + wText*min(1, text)) * (1 + bHistory*hist)
		m := Match{SupplierID: c.SupplierID, Name: c.Name, Level: LevelOf(fit), Registered: c.Registered}
		score := fit
		if why, ok := capacity(ch, c); ok {
			m.Partner, score = true, fit*partnerFactor
			reasons = append(reasons, why)
		}
		if c.Registered {
			reasons = append(reasons, Reason{Kind: ReasonRegistered})
		}
		m.Score, m.Reasons = math.Round(score*1000)/1000, reasons
		out = append(out, m)
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

// named fills in a reason's buyer name, currency and category labels.
func (r *Ranker) named(x Reason) Reason {
	if b, ok := r.buyers[x.BuyerID]; ok {
		x.Buyer = b.Name
		if x.Currency == "" {
			x.Currency = b.Currency
		}
	}
	if x.Kind == ReasonCategory || x.Kind == ReasonHistory {
		x.NeedLabel, x.TheirLabel = r.label(x.Need), r.label(x.Their)
	}
	return x
}

// label is a CPV code's label: the stored list's, else that of the
// nearest broader code that has one (a division always has). A language
// the list lacks (the official list has no Norwegian) takes the nearest
// broader code's label in it.
func (r *Ranker) label(code string) cpv.Label {
	if code == "" {
		return cpv.Label{}
	}
	code = string(cpv.Pad(cpv.Trim(code)))
	if len(code) != 8 {
		return cpv.Label{}
	}
	var out cpv.Label
	c := cpv.Code(code)
	// Bokmål from the project's table (the code's own label, else its
	// nearest broader code's).
	if n, ok := cpv.NB(c); ok {
		out.NB = n.Text
	}
	for {
		l := r.labels[string(c)]
		if c.Digits() <= 2 {
			if d, ok := cpv.Divisions[string(c)[:2]]; ok {
				l.EN, l.NB = cmp.Or(l.EN, d.EN), cmp.Or(l.NB, d.NB)
			}
		}
		out.EN, out.NB = cmp.Or(out.EN, l.EN), cmp.Or(out.NB, l.NB)
		p, ok := c.Parent()
		if out.EN != "" && out.NB != "" || !ok {
			break
		}
		c = p
	}
	return out
}

// cpvLabels reads the labels of the stored CPV list.
func cpvLabels(ctx context.Context, st Store) (map[string]cpv.Label, error) {
	codes, err := st.CPVCodes(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]cpv.Label, len(codes))
	for _, c := range codes {
		out[c.Code] = cpv.Label{EN: c.Labels["EN"], NB: cmp.Or(c.Labels["NB"], c.Labels["NO"])}
	}
	return out, nil
}

// categoryFit is how closely the supplier's categories meet the
// challenge's: the longest common CPV prefix (division 0.4, group 0.7,
// class 0.9, category 1), or the NACE division (0.4) or group (0.6).
func categoryFit(ch cityspend.Challenge, c Candidate) (float64, Reason) {
	best, why := 0.0, Reason{}
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
					best, why = l.score, Reason{Kind: ReasonCategory, Need: a, Their: b, Level: l.name, BuyerID: ch.BuyerID}
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
				best, why = 0.6, Reason{Kind: ReasonIndustry, Need: a, Their: b, Level: "group", BuyerID: ch.BuyerID}
			case len(a) >= 2 && len(b) >= 2 && a[:2] == b[:2] && best < 0.4:
				best, why = 0.4, Reason{Kind: ReasonIndustry, Need: a, Their: b, Level: "division", BuyerID: ch.BuyerID}
			}
		}
	}
	return best, why
}

// history is 1 when the supplier has supplied a buyer in one of the
// need's CPV groups: experience of the category counts the same whichever
// buyer it was for (the need's own buyer is named first when it is one of
// them, then the one paid most).
func history(ch cityspend.Challenge, c Candidate) (float64, Reason) {
	var why Reason
	for buyer, groups := range c.Spend {
		for g, amt := range groups {
			for _, a := range ch.CPV {
				if len(a) < 3 || len(g) < 3 || a[:3] != g[:3] {
					continue
				}
				better := why.Kind == "" || buyer == ch.BuyerID && why.BuyerID != ch.BuyerID ||
					(buyer == ch.BuyerID) == (why.BuyerID == ch.BuyerID) && (amt > why.Amount || amt == why.Amount && buyer+g < why.BuyerID+why.Their)
				if better {
					why = Reason{Kind: ReasonHistory, BuyerID: buyer, Their: g, Need: a, Amount: amt}
				}
			}
		}
	}
	if why.Kind == "" {
		return 0, why
	}
	return 1, why
}

// Capacity: a need's value for a year against what the supplier is likely
// to turn over in a year — its turnover when the register has it (in the
// need's currency: euros), else its head count times a generous estimate
// of a year's output per person (perStaff), else the top of its size
// class. A supplier below is flagged as a likely subcontractor or
// consortium partner (the EU directive lets a buyer ask for a yearly
// turnover of up to twice the contract's value, art. 58(3)); one of
// unknown capacity is not flagged.

// perStaff is a generous estimate of what a firm turns over in a year per
// person employed, by currency (a firm is rarely above it: building
// contractors turn over 2–3 MNOK per person in Norway).
var perStaff = map[string]cityspend.Amount{
	"NOK": 4_500_000_00, "SEK": 4_500_000_00, "DKK": 3_000_000_00, "EUR": 400_000_00, "GBP": 350_000_00,
}

// classStaff is the most people a firm of a size class employs (the EU
// SME definition's bands).
var classStaff = map[string]int{cityspend.ClassMicro: 9, cityspend.ClassSmall: 49, cityspend.ClassMedium: 249}

// Annual is a need's value for a year: its budget's top (a plan item's,
// as PlanNeed sets it, is already for a year); zero when it has none.
func Annual(ch cityspend.Challenge) cityspend.Amount { return max(ch.BudgetMax, ch.BudgetMin) }

// capacity reports whether a need is likely beyond what the supplier
// carries alone, with the reason.
func capacity(ch cityspend.Challenge, c Candidate) (Reason, bool) {
	v := Annual(ch)
	if v <= 0 {
		return Reason{}, false
	}
	why := Reason{Kind: ReasonCapacity, Amount: v, Currency: ch.Currency}
	if c.TurnoverEUR > 0 && ch.Currency == "EUR" {
		why.Turnover = c.TurnoverEUR
		return why, c.TurnoverEUR < v
	}
	per := perStaff[ch.Currency]
	staff := c.Staff
	if staff <= 0 {
		staff, why.Class = classStaff[c.Size], c.Size
	}
	if per <= 0 || staff <= 0 {
		return Reason{}, false
	}
	why.Staff = staff
	return why, cityspend.Amount(staff)*per < v
}

// Text similarity: TF-IDF over crude stems (words cut to 6 letters, stop
// words out), cosine; the reasons name the supplier's whole words.

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
	for _, w := range words(s) {
		out = append(out, w.stem)
	}
	return out
}

// word is a word of a text and its stem.
type word struct{ stem, whole string }

// words are a text's words that count: lower case, three letters or more,
// not a stop word, each with its stem (its first six letters).
func words(s string) []word {
	var out []word
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(w)) < 3 || stop[w] {
			continue
		}
		stem := w
		if r := []rune(w); len(r) > 6 {
			stem = string(r[:6])
		}
		out = append(out, word{stem, w})
	}
	return out
}

type index struct {
	idf  map[string]float64
	docs []map[string]float64
	// words are each document's stems with the whole word it used for
	// each (its most frequent, the shortest of equals), for the reasons.
	words []map[string]string
}

func newIndex(cands []Candidate) *index {
	df := map[string]int{}
	toks := make([][]string, len(cands))
	ix := &index{idf: map[string]float64{}}
	for i, c := range cands {
		count := map[word]int{}
		for _, w := range words(c.Text) {
			toks[i] = append(toks[i], w.stem)
			count[w]++
		}
		whole := map[string]string{}
		for w, n := range count {
			o, ok := whole[w.stem]
			if !ok || n > count[word{w.stem, o}] || n == count[word{w.stem, o}] && (len(w.whole) < len(o) || len(w.whole) == len(o) && w.whole < o) {
				whole[w.stem] = w.whole
			}
		}
		ix.words = append(ix.words, whole)
		seen := map[string]bool{}
		for _, t := range toks[i] {
			if !seen[t] {
				df[t]++
				seen[t] = true
			}
		}
	}
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

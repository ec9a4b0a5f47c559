// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/zeebo/xxh3"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata"
)

// entry is what the index keeps of a registered unit (an organisation or
// a branch of one); forms, places and schemes are interned, as they repeat.
type entry struct {
	id           cityspend.Identifier
	owner        int32 // the organisation's entry: its own, or a branch's parent's (-1: the parent is not loaded)
	name         string
	key          string  // normalised name; its words are the tokens
	forms        formSet // the legal form as registered and as the name writes it
	form         string  // the legal form as registered
	branch       string  // the place a branch suffix of the name names, as a town key
	postcode     string  // normalised: upper case without spaces
	locality     string  // post town
	municipality string
	country      string
}

// Index finds registered organisations by identifier and by name, exactly
// or approximately, and tells apart organisations of one name by the
// clues a payee carries: legal form, postcode, town, branches. It holds
// every organisation and branch of the loaded registers.
type Index struct {
	entries  []entry
	hot      []hotEntry // what a fuzzy lookup reads of every entry, packed
	byID     map[cityspend.Identifier]int32
	byKey    map[string][]int32
	bySorted map[string][]int32
	byGram   map[uint64][]int32 // hashes of each word, and of the first and last four letters of longer words
	branches map[int32][]int32  // an organisation's branches
	pending  map[int32]cityspend.Identifier
	intern   map[string]string
	places   *Places
	scratch  sync.Pool
}

// hotEntry is an entry's name key and organisation, kept apart from the
// rest so that scoring thousands of candidates reads little memory.
type hotEntry struct {
	key   string
	owner int32
}

// scratch is a lookup's working memory: a gram counter per unit.
type scratch struct {
	count   []uint8
	touched []int32
	cands   []int32
}

func (s *scratch) reset() {
	for _, i := range s.touched {
		s.count[i] = 0
	}
	s.touched = s.touched[:0]
}

// maxPosting is the most entries a gram may list and still be used to find
// candidates; commoner grams ("bygg", "as") do not narrow anything.
const maxPosting = 20000

// maxCandidates bounds the names a fuzzy lookup scores.
const maxCandidates = 1000

// NewIndex returns an empty index.
func NewIndex() *Index {
	ix := &Index{byID: map[cityspend.Identifier]int32{}, byKey: map[string][]int32{}, bySorted: map[string][]int32{},
		byGram: map[uint64][]int32{}, branches: map[int32][]int32{}, intern: map[string]string{},
		places: NewPlaces(refdata.MunicipalityCodes())}
	ix.scratch.New = func() any { return &scratch{} }
	return ix
}

// LoadIndex indexes every organisation and branch in the store, with the
// municipality codes (shipped and added) that places are read with.
func LoadIndex(ctx context.Context, st cityspend.RegisterStore) (*Index, error) {
	ix := NewIndex()
	if err := st.RegisteredNames(ctx, func(n *cityspend.RegisteredName) error {
		ix.AddName(n)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("index registers: %w", err)
	}
	ix.link()
	extra, err := st.MunicipalityCodes(ctx)
	if err != nil {
		return nil, fmt.Errorf("index registers: %w", err)
	}
	ix.places = NewPlaces(refdata.MunicipalityCodes(), extra)
	ix.intern = nil
	return ix, nil
}

// Places returns the municipality codes the index reads places with.
func (ix *Index) Places() *Places { return ix.places }

func (ix *Index) in(s string) string {
	if ix.intern == nil {
		return s
	}
	if v, ok := ix.intern[s]; ok {
		return v
	}
	ix.intern[s] = s
	return s
}

// Len is the number of units indexed.
func (ix *Index) Len() int { return len(ix.entries) }

// Add indexes one organisation.
func (ix *Index) Add(o *cityspend.Organisation) {
	ix.AddName(&cityspend.RegisteredName{ID: o.ID, Name: o.Name, LegalForm: o.LegalForm, Address: o.Address})
}

// AddBranch indexes a branch of an organisation.
func (ix *Index) AddBranch(e *cityspend.Establishment) {
	ix.AddName(&cityspend.RegisteredName{ID: e.ID, Parent: e.Parent, Name: e.Name, Address: e.Address})
}

// AddName indexes one registered unit. A branch whose organisation is not
// indexed yet is tied to it at the end of LoadIndex.
func (ix *Index) AddName(n *cityspend.RegisteredName) {
	p := parseName(n.Name, "", false)
	id := n.ID
	id.Scheme = ix.in(id.Scheme)
	e := entry{id: id, name: n.Name, key: strings.Join(p.tokens, " "), forms: p.forms | registeredForm(n.LegalForm),
		form: ix.in(n.LegalForm), branch: ix.in(p.branch), postcode: ix.in(normPostcode(n.Address.Postcode)),
		locality: ix.in(townKey(n.Address.Locality)), municipality: ix.in(n.Address.Municipality), country: ix.in(n.Address.Country)}
	if i, known := ix.byID[id]; known { // a re-added unit replaces the old one
		e.owner = ix.entries[i].owner
		ix.entries[i] = e
		ix.hot[i] = hotEntry{key: e.key, owner: e.owner}
		return
	}
	i := int32(len(ix.entries))
	e.owner = i
	if n.Parent != (cityspend.Identifier{}) {
		e.owner = -1
		if pi, ok := ix.byID[n.Parent]; ok && ix.entries[pi].owner == pi {
			e.owner = pi
			ix.branches[pi] = append(ix.branches[pi], i)
		} else {
			if ix.pending == nil {
				ix.pending = map[int32]cityspend.Identifier{}
			}
			ix.pending[i] = n.Parent
		}
	}
	ix.entries = append(ix.entries, e)
	ix.hot = append(ix.hot, hotEntry{key: e.key, owner: e.owner})
	ix.byID[id] = i
	if e.key == "" {
		return
	}
	ix.byKey[e.key] = append(ix.byKey[e.key], i)
	if sorted := sortedKey(p.tokens); sorted != e.key {
		ix.bySorted[sorted] = append(ix.bySorted[sorted], i)
	}
	// A branch called as its organisation is found through it.
	if e.owner >= 0 && e.owner != i && ix.entries[e.owner].key == e.key {
		return
	}
	for _, g := range grams(p.tokens) {
		ix.byGram[g] = append(ix.byGram[g], i)
	}
}

// link ties the branches read before their organisations to them.
func (ix *Index) link() {
	for i, parent := range ix.pending {
		if pi, ok := ix.byID[parent]; ok && ix.entries[pi].owner == pi {
			ix.entries[i].owner = pi
			ix.hot[i].owner = pi
			ix.branches[pi] = append(ix.branches[pi], i)
		}
	}
	for _, bs := range ix.branches {
		slices.Sort(bs)
	}
	ix.pending = nil
}

// grams are the keys that find a name when one word has a typo: every word;
// for longer words their last four letters, and their first four letters
// with each one of the first five left out in turn (so a typo near the start
// still shares a gram with the right word). Hashed: a collision only adds a
// candidate.
func grams(toks []string) []uint64 {
	out := make([]uint64, 0, len(toks)*7)
	add := func(kind byte, g string) {
		h := xxh3.HashString(g) ^ uint64(kind)<<56
		for _, x := range out {
			if x == h {
				return
			}
		}
		out = append(out, h)
	}
	var buf [5]byte
	for _, t := range toks {
		add('t', t)
		if len(t) < 5 {
			continue
		}
		add('s', t[len(t)-4:])
		for skip := 0; skip < 5; skip++ {
			n := 0
			for i := 0; i < 5 && i < len(t); i++ {
				if i != skip {
					buf[n] = t[i]
					n++
				}
			}
			add('p', string(buf[:n]))
		}
	}
	return out
}

// Lookup returns the name of the indexed unit with an identifier.
func (ix *Index) Lookup(id cityspend.Identifier) (name string, ok bool) {
	i, ok := ix.byID[id]
	if !ok {
		return "", false
	}
	return ix.entries[i].name, true
}

// Owner returns the organisation an identifier is registered under: the
// organisation itself, or the organisation a branch belongs to (branch
// true), with its name.
func (ix *Index) Owner(id cityspend.Identifier) (org cityspend.Identifier, name string, branch, ok bool) {
	i, ok := ix.byID[id]
	if !ok || ix.entries[i].owner < 0 {
		return cityspend.Identifier{}, "", false, false
	}
	o := &ix.entries[ix.entries[i].owner]
	return o.id, o.name, ix.entries[i].owner != i, true
}

// Query is a payee to resolve: its name with every clue its lines carry.
type Query struct {
	Name         string
	Postcode     string
	Town         string // the post town, where the ledger has one
	Municipality string // the payee's municipality, when known
	Home         string // the buyer's own municipality: a weak hint
	Country      string // the country of numbers written without a prefix ("": any)
	// Columns are the payee's own number columns as written, where a
	// number may sit among other text ("Org nr: 987 654 321").
	Columns []string
	// Texts are other text of its lines (descriptions, references, the
	// buyer's supplier number), where a number counts when the register
	// knows it and its name fits.
	Texts []string
}

// Match is the outcome of resolving one query.
type Match struct {
	ID     cityspend.Identifier
	Method string // MatchID, MatchExactName, MatchFuzzy, or MatchNone
	Score  float64
	Reason string
	// Clues are the clues beyond the name that decided (ClueForm, …).
	Clues []string
	// Candidates are, when the query stays unresolved, the organisations it
	// could be, most likely first, with the evidence for and against each.
	Candidates []Candidate
}

// Clues a resolution may rest on besides the name.
const (
	ClueName         = "name"               // the name itself
	ClueForm         = "legal_form"         // the legal form written in the name
	CluePostcode     = "postcode"           // the line's postcode, at the address or a branch
	ClueTown         = "town"               // the line's post town
	ClueBranch       = "branch"             // a branch suffix: "avd. Larvik", "(Preston)"
	ClueMunicipality = "municipality"       // the payee's municipality
	ClueSpelling     = "spelling"           // the name spelled exactly as registered
	ClueHome         = "buyer_municipality" // the buyer's own municipality (weak)
	ClueSubunit      = "sub_unit"           // the name or number of a registered branch
	ClueNumber       = "number"             // an organisation or VAT number in another column
)

// Candidate is an organisation a payee may be, with the evidence.
type Candidate struct {
	Org          cityspend.Identifier `json:"org"`
	Name         string               `json:"name"`
	LegalForm    string               `json:"legal_form,omitempty"`
	Postcode     string               `json:"postcode,omitempty"`
	Locality     string               `json:"locality,omitempty"`
	Municipality string               `json:"municipality,omitempty"`
	Score        float64              `json:"score"` // how close the name is, 0–1
	Evidence     []Evidence           `json:"evidence"`
}

// Evidence is one clue for (or against) a candidate.
type Evidence struct {
	Clue string `json:"clue"`
	For  bool   `json:"for"`
	// Value is what it rests on: the form registered, the postcode, the
	// town, the number; for the name "same", "reordered" or "close".
	Value string `json:"value,omitempty"`
	// Other is the payee's side where it differs (the form the name
	// writes) or where a number was read (the text).
	Other string `json:"other,omitempty"`
	// Branch is the registered branch the clue found, when not the
	// organisation's own address.
	Branch string `json:"branch,omitempty"`
}

// String says the evidence in words (English; pages translate by clue).
func (e Evidence) String() string {
	var s string
	switch {
	case e.Clue == ClueName && e.Value == "same":
		s = "name the same"
	case e.Clue == ClueName && e.Value == "reordered":
		s = "name the same, words reordered"
	case e.Clue == ClueName:
		s = "name close"
	case e.Clue == ClueForm && e.For:
		s = "legal form " + e.Value
	case e.Clue == ClueForm:
		s = "legal form " + e.Value + ", the name says " + e.Other
	case e.Clue == CluePostcode && e.For:
		s = "postcode " + e.Value
	case e.Clue == CluePostcode:
		s = "not at postcode " + e.Value
	case (e.Clue == ClueTown || e.Clue == ClueBranch) && e.For:
		s = e.Clue + " " + e.Value
	case e.Clue == ClueTown || e.Clue == ClueBranch:
		s = "not in " + e.Value
	case e.Clue == ClueMunicipality && e.For:
		s = "in municipality " + e.Value
	case e.Clue == ClueMunicipality:
		s = "not in municipality " + e.Value
	case e.Clue == ClueSpelling:
		s = "spelled exactly as registered"
	case e.Clue == ClueHome:
		s = "in the buyer's municipality " + e.Value
	case e.Clue == ClueSubunit:
		return "registered branch " + e.Branch + " " + e.Value
	case e.Clue == ClueNumber:
		s = "number " + e.Value + " in «" + e.Other + "»"
	default:
		s = e.Clue + " " + e.Value
	}
	if e.Branch != "" {
		s += " (branch " + e.Branch + ")"
	}
	return s
}

// Thresholds of fuzzy matching: a candidate is taken when it scores at least
// fuzzyAccept and beats every other organisation by fuzzyMargin; with an
// agreeing postcode, town or branch, fuzzyAcceptPlace is enough.
// reviewFloor is the least score a candidate shown for review needs.
const (
	fuzzyAccept      = 0.92
	fuzzyAcceptPlace = 0.86
	fuzzyMargin      = 0.03
	reviewFloor      = 0.8
	maxShown         = 5
)

// Resolve finds the registered organisation a payee stands for, using
// every clue before giving up: a number in its name or number columns the
// register confirms; its name, exactly or approximately, with the legal
// form it writes, its postcode and town, a branch suffix, the register's
// branches, its spelling and the buyer's municipality telling apart
// organisations of one name; and last numbers in the other text of its
// lines. What stays ambiguous comes back unresolved with its candidates.
func (ix *Index) Resolve(q Query) Match {
	pq := ix.prepare(q)
	if m, ok := ix.ownNumber(pq); ok {
		return m
	}
	m := ix.byName(pq)
	if m.Method != cityspend.MatchNone || len(q.Texts) == 0 {
		return m
	}
	if n, ok := ix.textNumber(pq, m); ok {
		return n
	}
	return m
}

// query is a Query read once: its name parsed, its hints normalised.
type query struct {
	Query
	p        parsedName
	key      string
	full     string // key with a trailing "(Place)" as words, or ""
	postcode string
	town     string // town key of the line's town
	spell    string
	muni     string // current code of the payee's municipality
	home     string // current code of the buyer's
	numbers  []FoundNumber
}

func (ix *Index) prepare(q Query) *query {
	pq := &query{Query: q, p: parseName(q.Name, q.Country, true)}
	pq.key = strings.Join(pq.p.tokens, " ")
	if pq.p.full != nil {
		pq.full = strings.Join(pq.p.full, " ")
	}
	pq.postcode = normPostcode(q.Postcode)
	pq.town = townKey(q.Town)
	pq.spell = spellKey(q.Name)
	if q.Municipality != "" {
		pq.muni = ix.current(q.Country, q.Municipality)
	}
	if q.Home != "" {
		pq.home = ix.current(q.Country, q.Home)
	}
	pq.numbers = pq.p.numbers
	for _, c := range q.Columns {
		pq.numbers = append(pq.numbers, FindNumbers(c, q.Country)...)
	}
	return pq
}

// current follows a municipality code to the one in use.
func (ix *Index) current(country, code string) string {
	if country == "" {
		country = "NO"
	}
	return ix.places.Current(country, code)
}

// ownNumber resolves by a number written in the payee's name or number
// columns: one the register knows (as an organisation or a branch), or,
// not in the registers, one marked as a number of an organisation
// ("NO…MVA", "org.nr").
func (ix *Index) ownNumber(q *query) (Match, bool) {
	var found []Match
	for _, n := range q.numbers {
		if m, ok := ix.numberMatch(q, n, "the name or number columns", true); ok {
			found = appendDistinct(found, m)
		}
	}
	if len(found) != 1 {
		return Match{}, false
	}
	return found[0], true
}

// textNumber resolves a payee its name left unresolved by a number in the
// other text of its lines that the register knows and whose name fits.
func (ix *Index) textNumber(q *query, byName Match) (Match, bool) {
	var found []Match
	for _, t := range q.Texts {
		for _, n := range FindNumbers(t, q.Country) {
			if m, ok := ix.numberMatch(q, n, "«"+clip(t, 60)+"»", false); ok {
				found = appendDistinct(found, m)
			}
		}
	}
	if len(found) != 1 {
		return Match{}, false
	}
	m := found[0]
	if len(byName.Candidates) > 0 {
		m.Reason += "; by name " + byName.Reason
	}
	return m, true
}

func appendDistinct(ms []Match, m Match) []Match {
	for _, x := range ms {
		if x.ID == m.ID {
			return ms
		}
	}
	return append(ms, m)
}

// numberMatch checks one number found for a payee. In its own columns
// (own) a number the register knows counts, and one it does not know when
// marked as a number of an organisation. In other text the register must
// know it and the payee's name fit the registered one (or, with no name,
// the number be marked as one).
func (ix *Index) numberMatch(q *query, n FoundNumber, where string, own bool) (Match, bool) {
	i, ok := ix.byID[n.ID]
	if !ok && n.ID.Scheme == cityspend.SchemeFRSIRENE && len(n.ID.ID) == 14 {
		// A SIRET whose establishment is not loaded: its organisation's
		// SIREN is its first nine digits.
		n.ID.ID = n.ID.ID[:9]
		i, ok = ix.byID[n.ID]
	}
	if !ok || ix.entries[i].owner < 0 {
		if own && n.Marked {
			return Match{ID: n.ID, Method: cityspend.MatchID, Score: 0.9, Clues: []string{ClueNumber},
				Reason: "organisation number " + n.ID.ID + " in " + where + " (not in the loaded registers)"}, true
		}
		return Match{}, false
	}
	o := ix.entries[i].owner
	fits := q.key != "" && (ix.nameFits(q.key, i) || ix.nameFits(q.key, o))
	if !own && !fits && (q.key != "" || !n.Marked) {
		return Match{}, false
	}
	m := Match{ID: ix.entries[o].id, Method: cityspend.MatchID, Score: 1, Clues: []string{ClueNumber},
		Reason: "organisation number " + n.ID.ID + " in " + where}
	if o != i {
		m.Clues = append(m.Clues, ClueSubunit)
		m.Reason = "organisation number " + n.ID.ID + " of a branch of " + ix.entries[o].name + ", in " + where
	}
	if !own {
		m.Score = 0.99
	}
	if !fits && q.key != "" {
		m.Reason += " (registered as " + ix.entries[i].name + ")"
	}
	return m, true
}

// nameFits says whether a payee's name can be a unit's: most of their
// words alike.
func (ix *Index) nameFits(key string, i int32) bool {
	k := ix.entries[i].key
	return tokenSimilarity(key, k) >= 0.6 || joinedSimilarity(key, k) >= 0.8
}

func clip(s string, n int) string {
	if r := []rune(strings.TrimSpace(s)); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return strings.TrimSpace(s)
}

// cand is an organisation a name may stand for.
type cand struct {
	org   int32   // the organisation's entry
	via   int32   // the entry whose name matched (the organisation or a branch)
	score float64 // name similarity
}

// byName resolves by the name: exactly (also with a trailing "(Place)" as
// part of the name), with its words reordered, then approximately; several
// organisations of the name are told apart by the clues.
func (ix *Index) byName(q *query) Match {
	if q.key == "" {
		return Match{Reason: "no name"}
	}
	sorted := sortedKey(q.p.tokens)
	exact := ix.collect(nil, ix.byKey[q.key], 1)
	if q.full != "" {
		exact = ix.collect(exact, ix.byKey[q.full], 1)
	}
	if len(exact) > 0 {
		return ix.decide(q, exact, "same name", false)
	}
	if alt, ok := ix.longerPlace(q); ok {
		return ix.byName(alt)
	}
	if re := ix.collect(nil, ix.reordered(q.key, sorted), 0.97); len(re) > 0 {
		return ix.decide(q, re, "same name, words reordered", false)
	}
	return ix.fuzzy(q, sorted)
}

// longerPlace reads a branch suffix written without a separator with a
// place of two or three words ("Bowland Consulting Lytham St Annes
// Branch"), when the shorter name that leaves is registered.
func (ix *Index) longerPlace(q *query) (*query, bool) {
	ws := strings.Fields(q.p.looseBody)
	for j := 1; j <= 2 && j < len(ws); j++ {
		name := strings.Join(ws[:len(ws)-j], " ") + " – " + strings.Join(ws[len(ws)-j:], " ") + " " + q.p.loosePlace + " branch"
		alt := q.Query
		alt.Name = name
		pq := ix.prepare(alt)
		if len(ix.byKey[pq.key]) > 0 {
			pq.numbers = q.numbers
			return pq, true
		}
	}
	return nil, false
}

// collect adds the organisations of matching entries, once each.
func (ix *Index) collect(cs []cand, ids []int32, score float64) []cand {
next:
	for _, i := range ids {
		o := ix.entries[i].owner
		if o < 0 {
			continue
		}
		for k := range cs {
			if cs[k].org == o {
				if cs[k].via != o && i == o {
					cs[k].via = o
				}
				continue next
			}
		}
		cs = append(cs, cand{org: o, via: i, score: score})
	}
	return cs
}

// reordered finds units whose name has the same words in another order.
func (ix *Index) reordered(key, sorted string) []int32 {
	var out []int32
	for _, i := range append(ix.bySorted[sorted], ix.byKey[sorted]...) {
		if ix.entries[i].key != key {
			out = append(out, i)
		}
	}
	return out
}

// units are an organisation's entry and its branches'.
func (ix *Index) units(o int32) []int32 {
	return append([]int32{o}, ix.branches[o]...)
}

// The place clues: which unit of an organisation (its own entry or a
// branch) agrees with the line, or -1.
func (ix *Index) atPostcode(o int32, pc string) int32 {
	return ix.unitWhere(o, func(e *entry) bool { return e.postcode == pc })
}

func (ix *Index) inTown(o int32, town string) int32 {
	return ix.unitWhere(o, func(e *entry) bool { return ix.townOf(e, town) })
}

// branchIn says whether one of an organisation's registered branches (not
// its own address) is in a town.
func (ix *Index) branchIn(o int32, town string) bool {
	for _, u := range ix.branches[o] {
		if ix.townOf(&ix.entries[u], town) {
			return true
		}
	}
	return false
}

func (ix *Index) townOf(e *entry, town string) bool {
	return e.locality == town || e.branch == town ||
		e.municipality != "" && townKey(ix.places.Name(orNO(e.country), e.municipality)) == town
}

func (ix *Index) inMunicipality(o int32, code string) int32 {
	return ix.unitWhere(o, func(e *entry) bool {
		return e.municipality != "" && (e.municipality == code || ix.places.Current(orNO(e.country), e.municipality) == code)
	})
}

func (ix *Index) unitWhere(o int32, ok func(e *entry) bool) int32 {
	for _, u := range ix.units(o) {
		if ok(&ix.entries[u]) {
			return u
		}
	}
	return -1
}

// othersFar says whether every candidate of set not in sub lies outside
// the buyer's region (Norway: its county) at every unit: only then does the
// buyer's municipality tell them apart. Where regions are not known (other
// countries, units without a municipality) it does not.
func (ix *Index) othersFar(q *query, set, sub []cand) bool {
	region := func(country, code string) string {
		if orNO(country) == "NO" && len(code) == 4 {
			return code[:2]
		}
		return ""
	}
	home := region(q.Country, q.home)
	if home == "" {
		return false
	}
	for _, c := range set {
		if slices.ContainsFunc(sub, func(x cand) bool { return x.org == c.org }) {
			continue
		}
		if ix.unitWhere(c.org, func(e *entry) bool {
			r := region(e.country, ix.places.Current(orNO(e.country), e.municipality))
			return r == "" || r == home
		}) >= 0 {
			return false
		}
	}
	return true
}

func orNO(c string) string {
	if c == "" {
		return "NO"
	}
	return c
}

// spelledAs says whether an organisation or one of its branches is
// registered under the name exactly as the payee spells it.
func (ix *Index) spelledAs(o int32, spell string) bool {
	return spell != "" && ix.unitWhere(o, func(e *entry) bool { return spellKey(e.name) == spell }) >= 0
}

// formAgrees: +1 the written form is the registered one, -1 another of the
// same family, -2 one of another family (a "Ltd" for an AS), 0 no form
// written or none registered.
func (ix *Index) formAgrees(o int32, written formSet) int {
	reg := ix.entries[o].forms
	switch {
	case written == 0 || reg == 0:
		return 0
	case written&reg != 0:
		return 1
	case written.families()&reg.families() != 0:
		return -1
	}
	return -2
}

// step is one clue that may tell candidates apart, in order of strength.
type step struct {
	clue string
	has  bool               // the query carries the clue
	for_ func(c *cand) bool // it speaks for a candidate
}

// decide chooses among the organisations a name may stand for: one is a
// match; several are narrowed clue by clue (legal form, postcode, town,
// branch, the payee's municipality, the spelling, the buyer's
// municipality) until one remains — unless a clue not needed speaks for
// another of them. fuzzy candidates must also be close enough.
func (ix *Index) decide(q *query, cs []cand, how string, fuzzy bool) Match {
	steps := ix.steps(q)
	set := cs
	var used []string
	if len(set) > 1 {
		for _, st := range steps {
			if !st.has {
				continue
			}
			var sub []cand
			for k := range set {
				if st.for_(&set[k]) {
					sub = append(sub, set[k])
				}
			}
			if st.clue == ClueForm && len(sub) == 0 {
				// No candidate has the written form: keep those whose form
				// is unknown rather than another.
				for k := range set {
					if ix.formAgrees(set[k].org, q.p.forms) == 0 {
						sub = append(sub, set[k])
					}
				}
			}
			if st.clue == ClueHome && len(sub) > 0 && !ix.othersFar(q, set, sub) {
				// The buyer's municipality is a weak clue: a firm there is
				// likelier than one in another part of the country, not than
				// a neighbour's.
				continue
			}
			if len(sub) > 0 && len(sub) < len(set) {
				set = sub
				used = append(used, st.clue)
			}
			if len(set) == 1 {
				break
			}
		}
	}
	unresolved := func(reason string) Match {
		return Match{Reason: reason, Candidates: ix.candidates(q, cs)}
	}
	if len(set) > 1 {
		if fuzzy {
			return unresolved(fmt.Sprintf("ambiguous: %q and %q are equally close", ix.entries[set[0].org].name, ix.entries[set[1].org].name))
		}
		return unresolved(fmt.Sprintf("ambiguous: %d registered organisations share the name", len(set)))
	}
	w := set[0]
	o := &ix.entries[w.org]
	// A strong clue not used that speaks for another candidate and not for
	// this one: the clues disagree.
	for _, st := range steps {
		if !st.has || st.clue == ClueSpelling || st.clue == ClueHome || slices.Contains(used, st.clue) || st.for_(&w) {
			continue
		}
		for k := range cs {
			if cs[k].org != w.org && st.for_(&cs[k]) {
				return unresolved(fmt.Sprintf("ambiguous: the name and %s point to %q, the %s to %q", strings.Join(orName(used), ", "),
					o.name, clueWord(st.clue), ix.entries[cs[k].org].name))
			}
		}
	}
	form := ix.formAgrees(w.org, q.p.forms)
	if form == -2 {
		return unresolved(fmt.Sprintf("the name says %s, the register has %q (%s)", q.p.forms, o.name, o.forms))
	}
	place := q.postcode != "" && ix.atPostcode(w.org, q.postcode) >= 0 || q.town != "" && ix.inTown(w.org, q.town) >= 0 ||
		q.p.branch != "" && ix.inTown(w.org, q.p.branch) >= 0
	if fuzzy && w.score < fuzzyAccept && !(place && w.score >= fuzzyAcceptPlace) {
		return unresolved(fmt.Sprintf("no registered name is close enough (best %q, %.2f)", o.name, w.score))
	}
	if form == -1 && len(cs) == 1 && !fuzzy {
		// One organisation of the name, under another legal form of the
		// same country: taken, unless a close name has the written form.
		if alt, ok := ix.closeWithForm(q, w.org); ok {
			return unresolved(fmt.Sprintf("ambiguous: %q is registered as %s, %q as %s", o.name, o.forms, alt, q.p.forms))
		}
	}
	m := Match{ID: o.id, Method: cityspend.MatchExactName, Score: w.score, Clues: used}
	if fuzzy {
		m.Method = cityspend.MatchFuzzy
		m.Score = min(w.score, 0.99)
	}
	var why []string
	if fuzzy {
		why = append(why, fmt.Sprintf("close to %q (%.2f)", o.name, w.score))
	} else {
		why = append(why, how)
	}
	if w.via != w.org && ix.entries[w.via].key != o.key {
		m.Clues = append(m.Clues, ClueSubunit)
		why = append(why, fmt.Sprintf("the name of its branch %s %q", ix.entries[w.via].id.ID, ix.entries[w.via].name))
	}
	if len(used) > 0 {
		why = append(why, fmt.Sprintf("told apart from %d other organisations by %s", len(cs)-1, ix.describe(q, w, used)))
		m.Score -= 0.01
		if slices.Contains(used, ClueSpelling) {
			m.Score -= 0.02
		}
		if slices.Contains(used, ClueHome) {
			m.Score -= 0.05
		}
	} else if fuzzy && place {
		why = append(why, ix.describe(q, w, placeClues(q)))
	}
	if form == -1 {
		why = append(why, fmt.Sprintf("legal form written %s, registered %s", q.p.forms, o.forms))
		m.Score -= 0.05
	}
	m.Reason = strings.Join(why, "; ")
	m.Score = math.Round(max(m.Score, 0.5)*1000) / 1000
	return m
}

func orName(used []string) []string {
	out := make([]string, len(used))
	for i, u := range used {
		out[i] = clueWord(u)
	}
	return out
}

// clueWord names a clue in a reason.
func clueWord(c string) string {
	switch c {
	case ClueForm:
		return "legal form"
	case ClueHome:
		return "buyer's municipality"
	case ClueSubunit:
		return "branch"
	}
	return c
}

func placeClues(q *query) []string {
	var out []string
	if q.postcode != "" {
		out = append(out, CluePostcode)
	}
	if q.town != "" {
		out = append(out, ClueTown)
	}
	if q.p.branch != "" {
		out = append(out, ClueBranch)
	}
	return out
}

// steps are the clues in order of strength, for one query.
func (ix *Index) steps(q *query) []step {
	return []step{
		{ClueForm, q.p.forms != 0, func(c *cand) bool { return ix.formAgrees(c.org, q.p.forms) == 1 }},
		{CluePostcode, q.postcode != "", func(c *cand) bool { return ix.atPostcode(c.org, q.postcode) >= 0 }},
		{ClueTown, q.town != "", func(c *cand) bool { return ix.inTown(c.org, q.town) >= 0 }},
		// A branch suffix speaks first for a registered branch in that town,
		// then for any unit there.
		{ClueBranch, q.p.branch != "", func(c *cand) bool { return ix.branchIn(c.org, q.p.branch) }},
		{ClueBranch, q.p.branch != "", func(c *cand) bool { return ix.inTown(c.org, q.p.branch) >= 0 }},
		{ClueMunicipality, q.muni != "", func(c *cand) bool { return ix.inMunicipality(c.org, q.muni) >= 0 }},
		{ClueSpelling, q.spell != "", func(c *cand) bool { return ix.spelledAs(c.org, q.spell) }},
		{ClueHome, q.home != "", func(c *cand) bool { return ix.inMunicipality(c.org, q.home) >= 0 }},
	}
}

// describe says what the clues used rest on for the chosen organisation.
func (ix *Index) describe(q *query, w cand, used []string) string {
	var out []string
	for _, ev := range ix.evidence(q, w) {
		if ev.For && slices.Contains(used, ev.Clue) {
			out = append(out, ev.String())
		}
	}
	if len(out) == 0 {
		return strings.Join(orName(used), ", ")
	}
	return strings.Join(out, ", ")
}

// closeWithForm finds, for a name whose one organisation has another legal
// form than the written one, a close name with the written form.
func (ix *Index) closeWithForm(q *query, not int32) (string, bool) {
	for _, c := range ix.fuzzyCands(q, sortedKey(q.p.tokens)) {
		if c.org != not && c.score >= fuzzyAccept && ix.formAgrees(c.org, q.p.forms) == 1 {
			return ix.entries[c.org].name, true
		}
	}
	return "", false
}

// evidence lists the clues for and against one candidate.
func (ix *Index) evidence(q *query, c cand) []Evidence {
	var out []Evidence
	o := &ix.entries[c.org]
	switch {
	case c.score >= 1:
		out = append(out, Evidence{Clue: ClueName, For: true, Value: "same"})
	case c.score >= 0.97:
		out = append(out, Evidence{Clue: ClueName, For: true, Value: "reordered"})
	default:
		out = append(out, Evidence{Clue: ClueName, For: c.score >= fuzzyAccept, Value: "close"})
	}
	if c.via != c.org && ix.entries[c.via].key != o.key {
		v := &ix.entries[c.via]
		out = append(out, Evidence{Clue: ClueSubunit, For: true, Value: v.name, Branch: v.id.ID})
	}
	switch ix.formAgrees(c.org, q.p.forms) {
	case 1:
		out = append(out, Evidence{Clue: ClueForm, For: true, Value: (q.p.forms & o.forms).String()})
	case -1, -2:
		out = append(out, Evidence{Clue: ClueForm, For: false, Value: o.forms.String(), Other: q.p.forms.String()})
	}
	unit := func(u int32) string {
		if u != c.org {
			return ix.entries[u].id.ID
		}
		return ""
	}
	if q.postcode != "" {
		if u := ix.atPostcode(c.org, q.postcode); u >= 0 {
			out = append(out, Evidence{Clue: CluePostcode, For: true, Value: q.Postcode, Branch: unit(u)})
		} else if o.postcode != "" {
			out = append(out, Evidence{Clue: CluePostcode, For: false, Value: q.Postcode})
		}
	}
	for _, t := range []struct{ clue, key, as string }{{ClueTown, q.town, q.Town}, {ClueBranch, q.p.branch, q.p.branch}} {
		if t.key == "" {
			continue
		}
		if u := ix.inTown(c.org, t.key); u >= 0 {
			out = append(out, Evidence{Clue: t.clue, For: true, Value: t.as, Branch: unit(u)})
		} else {
			out = append(out, Evidence{Clue: t.clue, For: false, Value: t.as})
		}
	}
	if q.muni != "" {
		if u := ix.inMunicipality(c.org, q.muni); u >= 0 {
			out = append(out, Evidence{Clue: ClueMunicipality, For: true, Value: q.muni, Branch: unit(u)})
		} else {
			out = append(out, Evidence{Clue: ClueMunicipality, For: false, Value: q.muni})
		}
	}
	if ix.spelledAs(c.org, q.spell) {
		out = append(out, Evidence{Clue: ClueSpelling, For: true})
	}
	if q.home != "" {
		if u := ix.inMunicipality(c.org, q.home); u >= 0 {
			out = append(out, Evidence{Clue: ClueHome, For: true, Value: q.home, Branch: unit(u)})
		}
	}
	for _, t := range append(append([]string{}, q.Columns...), q.Texts...) {
		for _, n := range FindNumbers(t, q.Country) {
			if i, ok := ix.byID[n.ID]; ok && ix.entries[i].owner == c.org {
				out = append(out, Evidence{Clue: ClueNumber, For: true, Value: n.ID.ID, Other: clip(t, 40)})
			}
		}
	}
	return out
}

// candidates are the organisations an unresolved name may stand for, most
// likely first (by the evidence for them, then the name), with the
// evidence.
func (ix *Index) candidates(q *query, cs []cand) []Candidate {
	type ranked struct {
		c    Candidate
		for_ int
	}
	var rs []ranked
	for _, c := range cs {
		if c.score < reviewFloor {
			continue
		}
		o := &ix.entries[c.org]
		r := ranked{c: Candidate{Org: o.id, Name: o.name, LegalForm: o.form, Postcode: o.postcode, Locality: o.locality,
			Municipality: o.municipality, Score: math.Round(c.score*1000) / 1000, Evidence: ix.evidence(q, c)}}
		for _, e := range r.c.Evidence {
			if e.For {
				r.for_++
			} else {
				r.for_--
			}
		}
		rs = append(rs, r)
	}
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].for_ != rs[j].for_ {
			return rs[i].for_ > rs[j].for_
		}
		if rs[i].c.Score != rs[j].c.Score {
			return rs[i].c.Score > rs[j].c.Score
		}
		return rs[i].c.Org.ID < rs[j].c.Org.ID
	})
	if len(rs) > maxShown {
		rs = rs[:maxShown]
	}
	out := make([]Candidate, len(rs))
	for i, r := range rs {
		out[i] = r.c
	}
	return out
}

// fuzzy resolves by names that share a word or a word's ends with the
// payee's: the closest is taken when it is close enough and no other is
// about as close, unless the clues tell those apart.
func (ix *Index) fuzzy(q *query, sorted string) Match {
	cs := ix.fuzzyCands(q, sorted)
	if len(cs) == 0 {
		return Match{Reason: "no registered name is close"}
	}
	best := cs[0]
	if best.score < fuzzyAcceptPlace {
		m := Match{Reason: fmt.Sprintf("no registered name is close enough (best %q, %.2f)", ix.entries[best.org].name, best.score)}
		m.Candidates = ix.candidates(q, cs)
		return m
	}
	var near []cand
	for _, c := range cs {
		if best.score-c.score < fuzzyMargin {
			near = append(near, c)
		}
	}
	m := ix.decide(q, near, "", true)
	if m.Method == cityspend.MatchNone {
		m.Candidates = ix.candidates(q, cs)
	}
	return m
}

// fuzzyCands scores the organisations whose names share a word or a
// word's ends with the payee's, best first.
func (ix *Index) fuzzyCands(q *query, sorted string) []cand {
	toks := q.p.tokens
	key := q.key
	gs := grams(toks)
	sort.Slice(gs, func(i, j int) bool { return len(ix.byGram[gs[i]]) < len(ix.byGram[gs[j]]) })
	// Count, for every unit, how many of the name's grams it shares (grams
	// common to tens of thousands of units are left out), in a scratch
	// array of one counter per unit.
	sc := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(sc)
	if len(sc.count) < len(ix.entries) {
		sc.count = make([]uint8, len(ix.entries))
	}
	defer sc.reset()
	var most uint8
	for _, g := range gs {
		post := ix.byGram[g]
		if len(post) > maxPosting {
			continue
		}
		for _, i := range post {
			if sc.count[i] == 0 {
				sc.touched = append(sc.touched, i)
			}
			if sc.count[i] < 255 {
				sc.count[i]++
			}
			most = max(most, sc.count[i])
		}
	}
	if most == 0 {
		return nil
	}
	shared := sc.count
	cands := sc.cands[:0]
	for _, i := range sc.touched {
		if shared[i]+1 >= most { // the best-sharing units and those one gram behind
			cands = append(cands, i)
		}
	}
	sc.cands = cands
	if len(cands) > maxCandidates {
		sort.Slice(cands, func(a, b int) bool {
			if shared[cands[a]] != shared[cands[b]] {
				return shared[cands[a]] > shared[cands[b]]
			}
			return cands[a] < cands[b]
		})
		cands = cands[:maxCandidates]
	}
	var out []cand
	for _, i := range cands {
		e := &ix.hot[i]
		if e.owner < 0 {
			continue
		}
		s := tokenSimilarity(key, e.key)
		if s < fuzzyAccept && s > fuzzyAcceptPlace-0.15 {
			s = max(s, joinedSimilarity(key, e.key)) // for names split into words differently
		}
		if s < reviewFloor {
			continue
		}
		c := cand{org: e.owner, via: i, score: s}
		dup := false
		for k := range out {
			if out[k].org == c.org {
				dup = true
				if c.score > out[k].score {
					out[k] = c
				}
			}
		}
		if !dup {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].score != out[b].score {
			return out[a].score > out[b].score
		}
		return out[a].org < out[b].org
	})
	return out
}

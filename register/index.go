// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/zeebo/xxh3"

	"github.com/cityspend/cityspend"
)

// entry is what the index keeps of a registered organisation; postcodes,
// municipalities and schemes are interned, as they repeat.
type entry struct {
	id           cityspend.Identifier
	name         string
	key          string // normalised name; its words are the tokens
	postcode     string
	municipality string
}

// Index finds registered organisations by identifier and by name, exactly
// or approximately. It holds every organisation of the loaded registers.
type Index struct {
	entries  []entry
	byID     map[cityspend.Identifier]int32
	byKey    map[string][]int32
	bySorted map[string][]int32
	byGram   map[uint64][]int32 // hashes of each word, and of the first and last four letters of longer words
	intern   map[string]string
	scratch  sync.Pool
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
		byGram: map[uint64][]int32{}, intern: map[string]string{}}
	ix.scratch.New = func() any { return &scratch{} }
	return ix
}

// LoadIndex indexes every organisation in the store.
func LoadIndex(ctx context.Context, st cityspend.RegisterStore) (*Index, error) {
	ix := NewIndex()
	if err := st.OrganisationNames(ctx, func(id cityspend.Identifier, name, postcode, municipality string) error {
		ix.add(id, name, postcode, municipality)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("index registers: %w", err)
	}
	ix.intern = nil
	return ix, nil
}

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

// Len is the number of organisations indexed.
func (ix *Index) Len() int { return len(ix.entries) }

// Add indexes one organisation.
func (ix *Index) Add(o *cityspend.Organisation) {
	ix.add(o.ID, o.Name, o.Address.Postcode, o.Address.Municipality)
}

func (ix *Index) add(id cityspend.Identifier, name, postcode, municipality string) {
	toks := NameTokens(name)
	id.Scheme = ix.in(id.Scheme)
	e := entry{id: id, name: name, key: strings.Join(toks, " "), postcode: ix.in(postcode), municipality: ix.in(municipality)}
	if i, ok := ix.byID[id]; ok { // a re-added unit replaces the old one
		ix.entries[i] = e
		return
	}
	n := int32(len(ix.entries))
	ix.entries = append(ix.entries, e)
	ix.byID[id] = n
	if e.key == "" {
		return
	}
	ix.byKey[e.key] = append(ix.byKey[e.key], n)
	if sorted := sortedKey(toks); sorted != e.key {
		ix.bySorted[sorted] = append(ix.bySorted[sorted], n)
	}
	for _, g := range grams(toks) {
		ix.byGram[g] = append(ix.byGram[g], n)
	}
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

// Lookup returns the indexed organisation with an identifier.
func (ix *Index) Lookup(id cityspend.Identifier) (name string, ok bool) {
	i, ok := ix.byID[id]
	if !ok {
		return "", false
	}
	return ix.entries[i].name, true
}

// Query is a name to resolve, with the hints that narrow it.
type Query struct {
	Name         string
	Postcode     string
	Municipality string
}

// Match is the outcome of a name lookup.
type Match struct {
	ID     cityspend.Identifier
	Method string // MatchExactName, MatchFuzzy, or MatchNone
	Score  float64
	Reason string
}

// Thresholds of fuzzy matching: a candidate is taken when it scores at least
// fuzzyAccept and beats every other organisation by fuzzyMargin; with an
// agreeing postcode, fuzzyAcceptPostcode is enough.
const (
	fuzzyAccept         = 0.92
	fuzzyAcceptPostcode = 0.86
	fuzzyMargin         = 0.03
)

// Resolve finds the registered organisation a name stands for. An exact
// normalised name that several units share is narrowed by postcode and
// municipality; if that does not leave one, the name stays unresolved.
func (ix *Index) Resolve(q Query) Match {
	toks := NameTokens(q.Name)
	key := strings.Join(toks, " ")
	if key == "" {
		return Match{Reason: "no name"}
	}
	sorted := sortedKey(toks)
	for _, pass := range []struct {
		ids    []int32
		score  float64
		reason string
	}{{ix.byKey[key], 1.0, "name"}, {ix.reordered(key, sorted), 0.97, "name, words reordered"}} {
		if len(pass.ids) == 0 {
			continue
		}
		if m, ok := ix.pick(pass.ids, q, pass.score, pass.reason); ok {
			return m
		} else if m.Reason != "" {
			return m
		}
	}
	return ix.fuzzy(key, sorted, toks, q)
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

// pick chooses among units sharing a name: one unit is a match; several are
// narrowed by postcode, then municipality.
func (ix *Index) pick(ids []int32, q Query, score float64, reason string) (Match, bool) {
	ids = uniqueIDs(ix, ids)
	if len(ids) == 1 {
		return Match{ID: ix.entries[ids[0]].id, Method: cityspend.MatchExactName, Score: score, Reason: "same " + reason}, true
	}
	for _, hint := range []struct {
		val  string
		get  func(e *entry) string
		what string
	}{{q.Postcode, func(e *entry) string { return e.postcode }, "postcode"}, {q.Municipality, func(e *entry) string { return e.municipality }, "municipality"}} {
		if hint.val == "" {
			continue
		}
		var same []int32
		for _, i := range ids {
			if hint.get(&ix.entries[i]) == hint.val {
				same = append(same, i)
			}
		}
		if len(same) == 1 {
			return Match{ID: ix.entries[same[0]].id, Method: cityspend.MatchExactName, Score: score - 0.01,
				Reason: fmt.Sprintf("same %s and %s among %d units of that name", reason, hint.what, len(ids))}, true
		}
	}
	return Match{Reason: fmt.Sprintf("ambiguous: %d registered units share the name", len(ids))}, false
}

func uniqueIDs(ix *Index, ids []int32) []int32 {
	if len(ids) < 2 {
		return ids
	}
	seen := map[int32]bool{}
	out := ids[:0:0]
	for _, i := range ids {
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out
}

// fuzzy scores the units that share a word or a word's ends with the name.
func (ix *Index) fuzzy(key, sorted string, toks []string, q Query) Match {
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
		return Match{Reason: "no registered name is close"}
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
	type scored struct {
		i     int32
		score float64 // name similarity
		place int     // 2 same postcode, 1 same municipality, 0 neither
	}
	var best, second scored
	best.i, second.i = -1, -1
	better := func(a, b scored) bool { // a ranks above b
		if d := a.score - b.score; d > fuzzyMargin || d < -fuzzyMargin {
			return d > 0
		}
		if a.place != b.place {
			return a.place > b.place
		}
		return a.score > b.score
	}
	for _, i := range cands {
		e := &ix.entries[i]
		s := tokenSimilarity(key, e.key)
		if s < fuzzyAccept && s > fuzzyAcceptPostcode-0.15 {
			s = max(s, joinedSimilarity(key, e.key)) // for names split into words differently
		}
		c := scored{i: i, score: s}
		switch {
		case q.Postcode != "" && e.postcode == q.Postcode:
			c.place = 2
		case q.Municipality != "" && e.municipality == q.Municipality:
			c.place = 1
		}
		switch {
		case best.i < 0 || better(c, best):
			second, best = best, c
		case second.i < 0 || better(c, second):
			second = c
		}
	}
	if best.i < 0 {
		return Match{Reason: "no registered name is close"}
	}
	b := &ix.entries[best.i]
	threshold := fuzzyAccept
	if best.place == 2 {
		threshold = fuzzyAcceptPostcode
	}
	if best.score < threshold {
		return Match{Reason: fmt.Sprintf("no registered name is close enough (best %q, %.2f)", b.name, best.score)}
	}
	// The runner-up must be clearly worse: by name, or, when the names are
	// about as close, by place (a postcode beats a municipality beats none).
	clear := second.i < 0 || best.score-second.score >= fuzzyMargin || best.place > second.place
	if !clear {
		return Match{Reason: fmt.Sprintf("ambiguous: %q and %q are equally close", b.name, ix.entries[second.i].name)}
	}
	why := fmt.Sprintf("close to %q (%.2f)", b.name, best.score)
	switch {
	case best.place == 2:
		why += ", same postcode"
	case best.place == 1:
		why += ", same municipality"
	}
	return Match{ID: b.id, Method: cityspend.MatchFuzzy, Score: min(best.score, 0.99), Reason: why}
}

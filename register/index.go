package register

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/cityspend/cityspend"
)

// entry is what the index keeps of a registered organisation.
type entry struct {
	id           cityspend.Identifier
	name         string
	key          string // normalised name
	sorted       string // its words in order
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
	byGram   map[string][]int32 // "t:"+word, "p:"+first four letters, "s:"+last four
}

// maxPosting is the most entries a gram may list and still be used to find
// candidates; commoner grams ("bygg", "as") do not narrow anything.
const maxPosting = 20000

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{byID: map[cityspend.Identifier]int32{}, byKey: map[string][]int32{}, bySorted: map[string][]int32{}, byGram: map[string][]int32{}}
}

// LoadIndex indexes every organisation in the store.
func LoadIndex(ctx context.Context, st cityspend.Store) (*Index, error) {
	ix := NewIndex()
	if err := st.Organisations(ctx, func(o *cityspend.Organisation) error {
		ix.Add(o)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("index registers: %w", err)
	}
	return ix, nil
}

// Len is the number of organisations indexed.
func (ix *Index) Len() int { return len(ix.entries) }

// Add indexes one organisation.
func (ix *Index) Add(o *cityspend.Organisation) {
	toks := NameTokens(o.Name)
	e := entry{id: o.ID, name: o.Name, key: strings.Join(toks, " "), sorted: sortedKey(toks), postcode: o.Address.Postcode,
		municipality: o.Address.Municipality}
	if i, ok := ix.byID[o.ID]; ok { // a re-added unit replaces the old one
		ix.entries[i] = e
		return
	}
	n := int32(len(ix.entries))
	ix.entries = append(ix.entries, e)
	ix.byID[o.ID] = n
	if e.key == "" {
		return
	}
	ix.byKey[e.key] = append(ix.byKey[e.key], n)
	if e.sorted != e.key {
		ix.bySorted[e.sorted] = append(ix.bySorted[e.sorted], n)
	}
	for _, g := range grams(toks) {
		ix.byGram[g] = append(ix.byGram[g], n)
	}
}

// grams are the keys that find a name when one word has a typo: every word,
// and the first and last four letters of longer words.
func grams(toks []string) []string {
	out := make([]string, 0, len(toks)*3)
	seen := map[string]bool{}
	add := func(g string) {
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	for _, t := range toks {
		add("t:" + t)
		if len(t) >= 5 {
			add("p:" + t[:4])
			add("s:" + t[len(t)-4:])
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
	cands := map[int32]bool{}
	for _, g := range gs {
		post := ix.byGram[g]
		if len(post) == 0 || len(post) > maxPosting {
			continue
		}
		if len(cands) > 0 && len(cands)+len(post) > 4*maxPosting {
			break
		}
		for _, i := range post {
			cands[i] = true
		}
	}
	if len(cands) == 0 {
		return Match{Reason: "no registered name is close"}
	}
	type scored struct {
		i     int32
		score float64
		pc    bool
	}
	var best, second scored
	best.i, second.i = -1, -1
	for i := range cands {
		e := &ix.entries[i]
		s := max(jaroWinkler(key, e.key), jaroWinkler(sorted, e.sorted))
		pc := q.Postcode != "" && e.postcode == q.Postcode
		if pc {
			s += 0.02
		} else if q.Municipality != "" && e.municipality == q.Municipality {
			s += 0.01
		}
		c := scored{i, s, pc}
		switch {
		case c.score > best.score:
			second, best = best, c
		case c.score > second.score:
			second = c
		}
	}
	if best.i < 0 {
		return Match{Reason: "no registered name is close"}
	}
	b := &ix.entries[best.i]
	margin := best.score - second.score
	threshold := fuzzyAccept
	if best.pc {
		threshold = fuzzyAcceptPostcode
	}
	if best.score >= threshold && (second.i < 0 || margin >= fuzzyMargin) {
		why := fmt.Sprintf("close to %q (%.2f)", b.name, min(best.score, 1))
		if best.pc {
			why += ", same postcode"
		}
		return Match{ID: b.id, Method: cityspend.MatchFuzzy, Score: min(best.score, 0.99), Reason: why}
	}
	if best.score >= threshold {
		return Match{Reason: fmt.Sprintf("ambiguous: %q and %q are equally close", b.name, ix.entries[second.i].name)}
	}
	return Match{Reason: fmt.Sprintf("no registered name is close enough (best %q, %.2f)", b.name, best.score)}
}

// SPDX-License-Identifier: EUPL-1.2

package peers

import (
	"fmt"
	"sort"
	"testing"

	"github.com/cityspend/cityspend"
)

func entry(id, group string, local, low, high float64, co2 *float64) Entry {
	e := Entry{BuyerID: id, Group: group, Figures: []Figure{{Key: LocalShare, Value: ptr(local), Low: low, High: high}}}
	f := Figure{Key: CO2ePerMillion, Missing: MissingFactors}
	if co2 != nil {
		f = Figure{Key: CO2ePerMillion, Value: co2, Low: *co2, High: *co2}
	}
	return e.with(f)
}

func (e Entry) with(f Figure) Entry { e.Figures = append(e.Figures, f); return e }

func rankOf(e Entry, key string) string {
	f := e.Figure(key)
	switch {
	case f.Rank != nil:
		return fmt.Sprintf("%d (%d–%d) of %d", f.Rank.Rank, f.Rank.Best, f.Rank.Worst, f.Rank.Of)
	case f.NotRanked != "":
		return f.NotRanked
	}
	return "-"
}

// Ranks are within a peer group; the interval counts the peers certainly
// ahead (their lowest above one's highest) and those possibly ahead; lower
// is better for CO2e; a figure without a value is not ranked, a buyer alone
// in its group or without one has no rank.
func TestRanks(t *testing.T) {
	es := []Entry{
		entry("a", "NO-large", 0.40, 0.38, 0.45, ptr(20.0)), // ahead of b for sure, maybe of c
		entry("b", "NO-large", 0.30, 0.30, 0.31, ptr(10.0)),
		entry("c", "NO-large", 0.35, 0.20, 0.60, nil),
		entry("d", "NO-small", 0.10, 0.10, 0.10, ptr(5.0)),
		entry("e", "NO-unknown", 0.50, 0.50, 0.50, ptr(5.0)),
		entry("f", "NO-unknown", 0.60, 0.60, 0.60, ptr(6.0)),
	}
	rankAll(es)
	want := map[string][2]string{
		"a": {"1 (1–2) of 3", "2 (2–2) of 2"},
		"b": {"3 (2–3) of 3", "1 (1–1) of 2"},
		"c": {"2 (1–3) of 3", "-"},
		"d": {"no_peers", "no_peers"},
		"e": {"no_peer_group", "no_peer_group"},
		"f": {"no_peer_group", "no_peer_group"},
	}
	for _, e := range es {
		if got := [2]string{rankOf(e, LocalShare), rankOf(e, CO2ePerMillion)}; got != want[e.BuyerID] {
			t.Errorf("%s: %v, want %v", e.BuyerID, got, want[e.BuyerID])
		}
	}
	// Where an unpublished buyer would stand: placed among the group's
	// others, which keep their ranks.
	c := &Comparison{Buyers: es}
	own := Standing(c, entry("x", "NO-large", 0.50, 0.50, 0.50, ptr(1.0)))
	if got := rankOf(own, LocalShare) + " / " + rankOf(own, CO2ePerMillion); got != "1 (1–2) of 4 / 1 (1–1) of 3" {
		t.Errorf("standing %s", got)
	}
	if got := rankOf(c.Buyers[0], LocalShare); got != "1 (1–2) of 3" {
		t.Errorf("the standing changed a published rank: %s", got)
	}
}

func TestPerPerson(t *testing.T) {
	for _, tc := range []struct {
		a    int64
		n    int64
		want int64
	}{{100, 3, 33}, {200, 3, 67}, {150, 100, 2}, {149, 100, 1}, {-150, 100, -2}, {0, 7, 0}} {
		if got := perPerson(amount(tc.a), tc.n); int64(got) != tc.want {
			t.Errorf("perPerson(%d, %d) = %d, want %d", tc.a, tc.n, got, tc.want)
		}
	}
}

func amount(n int64) cityspend.Amount { return cityspend.Amount(n) }

// A body is compared once: this installation's own URL among its feeds, or
// two installations publishing one municipality, do not rank a city twice;
// this installation's entry is kept, and two buyers of one municipality in
// one installation both stay.
func TestMergeOnce(t *testing.T) {
	at := func(e Entry, country, municipality, url string) Entry {
		e.Country, e.Municipality, e.Name = country, municipality, "Kommune "+municipality
		if url != "" {
			e.Source = &Source{URL: url}
		}
		return e
	}
	const self, a, b = "https://here.example/api/v1/benchmarks", "https://a.example/api/v1/benchmarks", "https://b.example/api/v1/benchmarks"
	local := &Comparison{Buyers: []Entry{
		at(entry("oslo", "NO-oslo", 0.40, 0.40, 0.40, nil), "NO", "0301", ""),
		at(entry("bydel", "NO-oslo", 0.20, 0.20, 0.20, nil), "NO", "0301", ""),
		at(entry("nomun", "NO-unknown", 0.20, 0.20, 0.20, nil), "NO", "", ""),
	}}
	remote := []Entry{
		at(entry("oslo", "NO-oslo", 0.40, 0.40, 0.40, nil), "NO", "0301", self), // its own feed
		at(entry("nomun", "NO-unknown", 0.20, 0.20, 0.20, nil), "NO", "", self), // its own feed
		at(entry("0301", "NO-oslo", 0.10, 0.10, 0.10, nil), "no", "0301", a),    // another's copy
		at(entry("bergen", "NO-big3", 0.50, 0.50, 0.50, nil), "NO", "4601", a),
		at(entry("trd", "NO-big3", 0.30, 0.30, 0.30, nil), "NO", "5001", a),
		at(entry("tr", "NO-big3", 0.35, 0.35, 0.35, nil), "NO", "5001", b), // Trondheim again
		at(entry("stav", "NO-big3", 0.45, 0.45, 0.45, nil), "NO", "1103", b),
	}
	m := Merge(local, remote)
	var got []string
	for _, e := range m.Buyers {
		got = append(got, e.BuyerID+"@"+sourceURL(e))
	}
	want := []string{"bergen@" + a, "stav@" + b, "trd@" + a, "bydel@", "oslo@", "nomun@"}
	sort.Strings(got)
	sort.Strings(want)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("merged %v, want %v", got, want)
	}
	for _, e := range m.Buyers {
		if e.Group == "NO-big3" {
			if r := e.Figure(LocalShare).Rank; r == nil || r.Of != 3 {
				t.Errorf("%s ranked %v, want of 3", e.BuyerID, r)
			}
		}
	}
	// An unpublished city's standing is not among copies of itself.
	own := at(entry("tr-own", "NO-big3", 0.90, 0.90, 0.90, nil), "NO", "5001", "")
	if got := rankOf(Standing(m, own), LocalShare); got != "1 (1–1) of 3" {
		t.Errorf("standing %s, want 1 (1–1) of 3", got)
	}
}

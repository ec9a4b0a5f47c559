// SPDX-License-Identifier: EUPL-1.2

package peers

import (
	"fmt"
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

// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"fmt"
	"slices"

	"github.com/cityspend/cityspend"
)

// Evaluation is the quality of name resolution on a labelled set.
type Evaluation struct {
	Names     int      `json:"names"`
	Resolved  int      `json:"resolved"`
	Correct   int      `json:"correct"`
	Precision float64  `json:"precision"` // correct / resolved
	Recall    float64  `json:"recall"`    // correct / names
	Wrong     []string `json:"wrong,omitempty"`
	Missed    []string `json:"missed,omitempty"`
	// ByClue counts, for each clue (ClueForm, CluePostcode, …; ClueName
	// for the name alone), the names resolved with it and how many of
	// them rightly.
	ByClue map[string]ClueCount `json:"by_clue,omitempty"`
	// ByKind is precision and recall for each kind of case, where the set
	// names them (its kind column).
	ByKind map[string]KindCount `json:"by_kind,omitempty"`
}

// KindCount is the figures of one kind of case.
type KindCount struct {
	Names     int     `json:"names"`
	Resolved  int     `json:"resolved"`
	Correct   int     `json:"correct"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
}

// ClueCount is how often a clue decided, and rightly.
type ClueCount struct {
	Resolved  int     `json:"resolved"`
	Correct   int     `json:"correct"`
	Precision float64 `json:"precision"`
}

// Evaluate resolves each labelled name against the index by its name and
// hints alone (postcode, town, municipality, the other text of its line,
// the buyer's municipality), storing nothing, and compares with the label.
// country is the country of numbers written without a prefix where a name
// does not give its own.
func Evaluate(ix *Index, names []cityspend.TruthName, country string) Evaluation {
	ev := Evaluation{ByClue: map[string]ClueCount{}, ByKind: map[string]KindCount{}}
	for _, n := range names {
		kc := ev.ByKind[n.Kind]
		kc.Names++
		ev.ByKind[n.Kind] = kc
		c := country
		if n.Country != "" {
			c = n.Country
		}
		want, ok := cityspend.NormalizeOrgNumber(n.OrgNumber, c)
		if !ok {
			want = cityspend.Identifier{Scheme: cityspend.SchemeNOBRC, ID: n.OrgNumber}
		}
		ev.Names++
		q := Query{Name: n.Name, Postcode: n.Postcode, Municipality: n.Municipality, Town: n.Town, Home: n.Home, Country: c}
		if n.Text != "" {
			q.Texts = []string{n.Text}
		}
		m := ix.Resolve(q)
		if m.Method == cityspend.MatchNone {
			if len(ev.Missed) < 50 {
				ev.Missed = append(ev.Missed, fmt.Sprintf("%q (%s): %s", n.Name, n.OrgNumber, m.Reason))
			}
			continue
		}
		ev.Resolved++
		right := m.ID == want
		kc.Resolved++
		if right {
			kc.Correct++
		}
		ev.ByKind[n.Kind] = kc
		if right {
			ev.Correct++
		} else if len(ev.Wrong) < 50 {
			ev.Wrong = append(ev.Wrong, fmt.Sprintf("%q → %s, want %s (%s)", n.Name, m.ID, want.ID, m.Reason))
		}
		clues := slices.Compact(slices.Sorted(slices.Values(m.Clues)))
		if len(clues) == 0 {
			clues = []string{ClueName}
		}
		for _, cl := range clues {
			cc := ev.ByClue[cl]
			cc.Resolved++
			if right {
				cc.Correct++
			}
			ev.ByClue[cl] = cc
		}
	}
	if ev.Resolved > 0 {
		ev.Precision = float64(ev.Correct) / float64(ev.Resolved)
	}
	if ev.Names > 0 {
		ev.Recall = float64(ev.Correct) / float64(ev.Names)
	}
	for k, cc := range ev.ByClue {
		cc.Precision = float64(cc.Correct) / float64(cc.Resolved)
		ev.ByClue[k] = cc
	}
	if _, unnamed := ev.ByKind[""]; unnamed {
		ev.ByKind = nil // the set does not name its kinds (or not all)
	}
	for k, kc := range ev.ByKind {
		if kc.Resolved > 0 {
			kc.Precision = float64(kc.Correct) / float64(kc.Resolved)
		}
		kc.Recall = float64(kc.Correct) / float64(kc.Names)
		ev.ByKind[k] = kc
	}
	return ev
}

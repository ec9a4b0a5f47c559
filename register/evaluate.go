// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"fmt"

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
}

// Evaluate resolves each labelled name against the index by its name and
// hints alone, storing nothing, and compares with the label.
func Evaluate(ix *Index, names []cityspend.TruthName, country string) Evaluation {
	var ev Evaluation
	for _, n := range names {
		want, ok := cityspend.NormalizeOrgNumber(n.OrgNumber, country)
		if !ok {
			want = cityspend.Identifier{Scheme: cityspend.SchemeNOBRC, ID: n.OrgNumber}
		}
		ev.Names++
		m := ix.Resolve(Query{Name: n.Name, Postcode: n.Postcode, Municipality: n.Municipality})
		if m.Method == cityspend.MatchNone {
			if len(ev.Missed) < 50 {
				ev.Missed = append(ev.Missed, fmt.Sprintf("%q (%s): %s", n.Name, n.OrgNumber, m.Reason))
			}
			continue
		}
		ev.Resolved++
		if m.ID == want {
			ev.Correct++
		} else if len(ev.Wrong) < 50 {
			ev.Wrong = append(ev.Wrong, fmt.Sprintf("%q → %s, want %s (%s)", n.Name, m.ID, want.ID, m.Reason))
		}
	}
	if ev.Resolved > 0 {
		ev.Precision = float64(ev.Correct) / float64(ev.Resolved)
	}
	if ev.Names > 0 {
		ev.Recall = float64(ev.Correct) / float64(ev.Names)
	}
	return ev
}

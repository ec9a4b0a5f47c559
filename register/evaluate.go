// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"fmt"
	"io"
	"strings"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/ingest/tabular"
)

// TruthName is one labelled name: a name as written and the organisation it
// stands for, with the optional hints a ledger line may carry.
type TruthName struct {
	Name, OrgNumber, Postcode, Municipality string
}

// ReadTruth reads a labelled set: a CSV with a header and the columns name
// and org_number, optionally postcode and municipality; other columns are
// ignored. Rows repeating the same name, organisation and hints count once.
func ReadTruth(path string) ([]TruthName, error) {
	t, err := tabular.Open(path, tabular.Options{})
	if err != nil {
		return nil, err
	}
	defer t.Close()
	head, _, err := t.Next(nil)
	if err != nil {
		return nil, fmt.Errorf("%s: no header: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head.Fields {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, c := range []string{"name", "org_number"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s: no %q column (a truth file needs name and org_number)", path, c)
		}
	}
	seen := map[TruthName]bool{}
	var out []TruthName
	for {
		rec, _, err := t.Next(nil)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(rec.Fields) {
				return strings.TrimSpace(rec.Fields[i])
			}
			return ""
		}
		n := TruthName{Name: get("name"), OrgNumber: get("org_number"), Postcode: get("postcode"), Municipality: get("municipality")}
		if n.Name == "" || n.OrgNumber == "" || seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, n)
	}
}

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
func Evaluate(ix *Index, names []TruthName, country string) Evaluation {
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

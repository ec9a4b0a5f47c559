// SPDX-License-Identifier: EUPL-1.2

package classify

import (
	"context"
	"sort"

	"github.com/cityspend/cityspend"
)

// Confusion counts lines of one true division classified as another.
type Confusion struct {
	True      string `json:"true_division"`
	Predicted string `json:"predicted_division"`
	Lines     int    `json:"lines"`
}

// Evaluation is the accuracy of the classifier on a labelled set.
type Evaluation struct {
	Lines      int     `json:"lines"`
	Classified int     `json:"classified"`
	Coverage   float64 `json:"coverage"` // by amount when the file has amounts, else by count
	// CoverageConfident is the coverage of the rows classified with a
	// confidence of at least ConfidentAt (the review threshold), and
	// ConfidentAccuracy the division accuracy on those rows.
	CoverageConfident float64          `json:"coverage_confident"`
	ConfidentAt       float64          `json:"confident_at"`
	ConfidentAccuracy float64          `json:"confident_division_accuracy"`
	DivisionAccuracy  float64          `json:"division_accuracy"`
	GroupAccuracy     float64          `json:"group_accuracy"`
	ByRule            map[string]int   `json:"lines_by_rule"`
	Confusions        []Confusion      `json:"confusions"`
	Spend             cityspend.Amount `json:"spend,omitempty"`
	// Misses are examples of rows classified in another division, for a
	// person to see why (up to 3 per confusion).
	Misses []Miss `json:"misses,omitempty"`
}

// Miss is a labelled row the classifier put in another division.
type Miss struct {
	Line        int    `json:"line"`
	Description string `json:"description"`
	Supplier    string `json:"supplier,omitempty"`
	Account     string `json:"account,omitempty"`
	AccountText string `json:"account_text,omitempty"`
	True        string `json:"true_cpv"`
	Predicted   string `json:"predicted_cpv"`
	Rule        string `json:"rule"`
	Reason      string `json:"reason"`
}

// Evaluate classifies each labelled row as a new line of a buyer, with
// everything the database knows (rules, decisions, the trained model, the
// buyer's suppliers and accounts), without storing it, and compares the
// result with the label at division (2 digits) and group (3 digits).
// Accuracy counts the classified rows; coverage says how much was classified.
func Evaluate(ctx context.Context, st Store, buyerID string, rows []cityspend.TruthLine) (*Evaluation, error) {
	b, err := st.Buyer(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, cityspend.Errorf(cityspend.EINVALID, "the truth file has no labelled rows")
	}
	if _, err := st.AssignItems(ctx, b.ID); err != nil {
		return nil, err
	}
	items, err := st.Items(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	c, err := Load(ctx, st, b, items)
	if err != nil {
		return nil, err
	}
	// What the database knows about the row's supplier and account.
	payees, err := st.Payees(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	byOrg, byName := map[string]string{}, map[string]string{}
	for _, p := range payees {
		if id, ok := cityspend.NormalizeOrgNumber(p.Payee.OrgNumber, b.Country); ok {
			byOrg[id.ID] = p.Resolution.SupplierID
		}
		if n := cityspend.NormalizeName(p.Payee.Name); n != "" {
			byName[n] = p.Resolution.SupplierID
		}
	}
	sups, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: b.ID})
	if err != nil {
		return nil, err
	}
	nace := map[string]string{}
	for _, s := range sups {
		nace[s.SupplierID] = s.NACE
	}
	accounts, err := st.Accounts(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	accountText := map[string]string{}
	for _, a := range accounts {
		accountText[a.Code] = a.Text
	}

	ev := &Evaluation{ByRule: map[string]int{}, ConfidentAt: ReviewBelow}
	var all, classified, confident cityspend.Amount
	confidentN, confidentOK := 0, 0
	confusions := map[[2]string]int{}
	var misses []Miss
	divOK, groupOK := 0, 0
	for _, r := range rows {
		sid := ""
		if id, ok := cityspend.NormalizeOrgNumber(r.OrgNumber, b.Country); ok {
			sid = byOrg[id.ID]
			if sid == "" {
				sid = "org:" + id.String()
			}
		}
		if sid == "" {
			sid = byName[cityspend.NormalizeName(r.Name)]
		}
		at := r.AccountText
		if at == "" {
			at = accountText[r.Account]
		}
		it := cityspend.Item{SupplierID: sid, SupplierName: r.Name, NACE: nace[sid], AccountCode: r.Account, AccountText: at, Unit: r.Unit,
			Text: ItemText(r.Description)}
		cat := c.Classify(it)
		ev.Lines++
		w := cityspend.Amount(1)
		if r.HasAmount {
			w = r.Amount
			if w < 0 {
				w = -w
			}
		}
		all += w
		if cat.CPV == "" {
			ev.ByRule["unclassified"]++
			continue
		}
		ev.ByRule[cat.Rule]++
		ev.Classified++
		classified += w
		if cat.Confidence >= ReviewBelow {
			confident += w
			confidentN++
			if cat.CPV[:2] == r.CPV[:2] {
				confidentOK++
			}
		}
		if cat.CPV[:2] == r.CPV[:2] {
			divOK++
		} else {
			k := [2]string{r.CPV[:2], cat.CPV[:2]}
			confusions[k]++
			if confusions[k] <= 3 {
				misses = append(misses, Miss{Line: r.Line, Description: r.Description, Supplier: r.Name, Account: r.Account, AccountText: at, True: r.CPV,
					Predicted: cat.CPV, Rule: cat.Rule, Reason: cat.Reason})
			}
		}
		if cat.CPV[:3] == r.CPV[:3] {
			groupOK++
		}
	}
	ev.Coverage = cityspend.Share(classified, all)
	ev.CoverageConfident = cityspend.Share(confident, all)
	if confidentN > 0 {
		ev.ConfidentAccuracy = float64(confidentOK) / float64(confidentN)
	}
	if rows[0].HasAmount {
		ev.Spend = all
	}
	if ev.Classified > 0 {
		ev.DivisionAccuracy = float64(divOK) / float64(ev.Classified)
		ev.GroupAccuracy = float64(groupOK) / float64(ev.Classified)
	}
	for k, n := range confusions {
		ev.Confusions = append(ev.Confusions, Confusion{True: k[0], Predicted: k[1], Lines: n})
	}
	sort.Slice(ev.Confusions, func(i, j int) bool {
		if ev.Confusions[i].Lines != ev.Confusions[j].Lines {
			return ev.Confusions[i].Lines > ev.Confusions[j].Lines
		}
		return ev.Confusions[i].True+ev.Confusions[i].Predicted < ev.Confusions[j].True+ev.Confusions[j].Predicted
	})
	if len(ev.Confusions) > 10 {
		ev.Confusions = ev.Confusions[:10]
	}
	if ev.Confusions == nil {
		ev.Confusions = []Confusion{}
	}
	// The misses of the most frequent confusions first.
	rank := map[[2]string]int{}
	for i, c := range ev.Confusions {
		rank[[2]string{c.True, c.Predicted}] = i + 1
	}
	for _, m := range misses {
		if rank[[2]string{m.True[:2], m.Predicted[:2]}] > 0 {
			ev.Misses = append(ev.Misses, m)
		}
	}
	sort.SliceStable(ev.Misses, func(i, j int) bool {
		return rank[[2]string{ev.Misses[i].True[:2], ev.Misses[i].Predicted[:2]}] < rank[[2]string{ev.Misses[j].True[:2], ev.Misses[j].Predicted[:2]}]
	})
	return ev, nil
}

// SPDX-License-Identifier: EUPL-1.2

package compliance

import (
	"context"
	"sort"
	"strings"

	"github.com/cityspend/cityspend"
)

// People review the findings: they list them, look at the lines a finding
// rests on, and confirm, dismiss or reopen it, saying why.

// FindingList is a buyer's findings through a filter.
type FindingList struct {
	Findings []cityspend.Finding // those of the kind and status asked for
	Kinds    []string            // every kind found, in the order found
	Counts   map[string]int      // the findings of each kind, unfiltered
}

// List lists a buyer's findings of a kind and a status ("": any).
func List(ctx context.Context, st cityspend.ComplianceStore, buyerID, kind, status string) (FindingList, error) {
	fs, err := st.Findings(ctx, buyerID)
	if err != nil {
		return FindingList{}, err
	}
	l := FindingList{Counts: map[string]int{}}
	for _, f := range fs {
		if l.Counts[f.Kind] == 0 {
			l.Kinds = append(l.Kinds, f.Kind)
		}
		l.Counts[f.Kind]++
		if (kind == "" || f.Kind == kind) && (status == "" || f.Status == status) {
			l.Findings = append(l.Findings, f)
		}
	}
	return l, nil
}

// Review is a buyer's findings through a filter with the names of their
// suppliers, as people review them.
type Review struct {
	FindingList
	Suppliers map[string]string // supplier id → name
}

// ReviewList lists a buyer's findings of a kind and a status ("": any)
// with their suppliers' names.
func ReviewList(ctx context.Context, st ReviewStore, buyerID, kind, status string) (Review, error) {
	l, err := List(ctx, st, buyerID, kind, status)
	if err != nil {
		return Review{}, err
	}
	names, err := SupplierNames(ctx, st, buyerID)
	return Review{FindingList: l, Suppliers: names}, err
}

// SupplierNames are the names of a buyer's suppliers, by id.
func SupplierNames(ctx context.Context, st cityspend.SupplierStore, buyerID string) (map[string]string, error) {
	rows, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: buyerID})
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, x := range rows {
		m[x.SupplierID] = x.Name
	}
	return m, nil
}

// Finding reads one of a buyer's findings (ENOTFOUND when the buyer has
// none of that id).
func Finding(ctx context.Context, st cityspend.ComplianceStore, buyerID, id string) (cityspend.Finding, error) {
	return st.Finding(ctx, buyerID, id)
}

// Evidence is a finding with its supplier's name and the ledger lines it
// rests on.
type Evidence struct {
	Finding  cityspend.Finding
	Supplier string // the name, "" when the buyer's suppliers do not name it
	// Lines are the lines of the finding's evidence; the red flags (kinds
	// R0…) rest on tender data, not on lines, and have none.
	Lines []cityspend.Payment
}

// FindingEvidence reads one of a buyer's findings with its evidence.
func FindingEvidence(ctx context.Context, st ReviewStore, b cityspend.Buyer, id string) (Evidence, error) {
	f, err := Finding(ctx, st, b.ID, id)
	if err != nil {
		return Evidence{}, err
	}
	e := Evidence{Finding: f}
	if f.SupplierID != "" {
		// Its supplier's row alone, not every supplier's.
		rows, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: b.ID, SupplierID: f.SupplierID})
		if err != nil {
			return Evidence{}, err
		}
		for _, x := range rows {
			e.Supplier = x.Name
		}
	}
	if !strings.HasPrefix(f.Kind, "R0") {
		ids, err := Authority(ctx, st, b)
		if err != nil {
			return Evidence{}, err
		}
		if e.Lines, err = st.PaymentsByID(ctx, ids, f.Evidence); err != nil {
			return Evidence{}, err
		}
	}
	return e, nil
}

// Decide records a person's decision about a finding: confirmed,
// dismissed, or new again; who decides and why are kept in the audit
// trail.
func Decide(ctx context.Context, st cityspend.ComplianceStore, d cityspend.FindingDecision) error {
	if _, err := Finding(ctx, st, d.BuyerID, d.FindingID); err != nil {
		return err
	}
	d.Why = strings.TrimSpace(d.Why)
	switch d.Status {
	case cityspend.StatusConfirmed, cityspend.StatusDismissed, cityspend.StatusNew:
	default:
		return cityspend.Errorf(cityspend.EINVALID, "status %q: use confirmed, dismissed or new", d.Status)
	}
	if d.Who == "" || d.Why == "" {
		return cityspend.Errorf(cityspend.EINVALID, "say who decides and why: both are kept in the audit trail")
	}
	return st.PutFindingDecision(ctx, d)
}

// FindingGroup is the findings of one supplier in one category (either
// may be "": the category across suppliers, a contract, tender data), with
// the money at risk and its weight by confidence.
type FindingGroup struct {
	SupplierID string
	Category   string
	Amount     cityspend.Amount // the largest finding's money at risk (they overlap)
	Risk       float64          // the sum of the findings' Risk
	Findings   []cityspend.Finding
}

// Group groups findings by supplier and category and ranks the groups,
// and the findings in each, by money at risk weighted by confidence
// (cityspend.Finding.Risk), the largest first.
func Group(fs []cityspend.Finding) []FindingGroup {
	idx := map[[2]string]int{}
	var out []FindingGroup
	for _, f := range fs {
		k := [2]string{f.SupplierID, f.Category}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, FindingGroup{SupplierID: f.SupplierID, Category: f.Category})
		}
		g := &out[i]
		g.Findings = append(g.Findings, f)
		g.Risk += f.Risk()
		if a := f.Amount; a > g.Amount || -a > g.Amount {
			g.Amount = max(a, -a)
		}
	}
	for i := range out {
		sort.SliceStable(out[i].Findings, func(a, b int) bool { return out[i].Findings[a].Risk() > out[i].Findings[b].Risk() })
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Risk > out[b].Risk })
	return out
}

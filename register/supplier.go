// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"context"
	"strings"

	"github.com/cityspend/cityspend"
)

// SupplierRecord is what a buyer knows of one of its suppliers: its row
// (spend, place, type, sector), the payees resolved to it, and its
// registered organisation with the history of its entry.
type SupplierRecord struct {
	Supplier cityspend.SupplierRow
	Payees   []cityspend.PayeeRecord
	Org      *cityspend.Organisation // nil: not in a loaded register
	History  []cityspend.HistoryEntry
}

// Supplier reads what a buyer knows of one of its suppliers.
func Supplier(ctx context.Context, st Store, buyerID, supplierID string) (SupplierRecord, error) {
	if supplierID == "" {
		return SupplierRecord{}, cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no supplier %q", buyerID, supplierID)
	}
	rows, err := st.Suppliers(ctx, cityspend.SupplierFilter{BuyerID: buyerID, SupplierID: supplierID})
	if err != nil {
		return SupplierRecord{}, err
	}
	if len(rows) != 1 || rows[0].SupplierID != supplierID {
		return SupplierRecord{}, cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no supplier %s", buyerID, supplierID)
	}
	v := SupplierRecord{Supplier: rows[0]}
	payees, err := st.Payees(ctx, buyerID)
	if err != nil {
		return SupplierRecord{}, err
	}
	for _, pr := range payees {
		if pr.Resolution.SupplierID == supplierID {
			v.Payees = append(v.Payees, pr)
		}
	}
	if v.Supplier.Org != nil {
		// An organisation the registers no longer hold is shown without.
		if o, err := st.Organisation(ctx, *v.Supplier.Org); err == nil {
			v.Org = &o
			if v.History, err = st.OrganisationHistory(ctx, o.ID); err != nil {
				return SupplierRecord{}, err
			}
		}
	}
	return v, nil
}

// Override records a person's decision about one of a buyer's payees — the
// organisation it is (an organisation number), or none ("": it stays
// unresolved) — with who decided and why, and resolves the buyer's payees
// again. It returns the supplier the payee now belongs to.
func (r *Resolver) Override(ctx context.Context, buyerID string, payeeID int64, orgNumber, who, why string) (string, error) {
	b, err := r.st.Buyer(ctx, buyerID)
	if err != nil {
		return "", err
	}
	why = strings.TrimSpace(why)
	if why == "" || who == "" {
		return "", cityspend.Errorf(cityspend.EINVALID, "say why: it is kept in the audit trail with your name")
	}
	payees, err := r.st.Payees(ctx, b.ID)
	if err != nil {
		return "", err
	}
	var p *cityspend.PayeeRecord
	for i := range payees {
		if int64(payees[i].ID) == payeeID {
			p = &payees[i]
		}
	}
	if p == nil {
		return "", cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no payee %d", b.ID, payeeID)
	}
	o := cityspend.Override{BuyerID: b.ID, Payee: p.Payee, Who: who, Why: why}
	if n := strings.TrimSpace(orgNumber); n != "" {
		id, ok := cityspend.NormalizeOrgNumber(n, b.Country)
		if !ok {
			return "", cityspend.Errorf(cityspend.EINVALID, "%q is not an organisation number", n)
		}
		o.SupplierID = "org:" + id.String()
	}
	if err := r.st.PutOverride(ctx, o); err != nil {
		return "", err
	}
	if _, err := r.ResolveBuyer(ctx, b.ID); err != nil {
		return "", err
	}
	if o.SupplierID != "" {
		return o.SupplierID, nil
	}
	return p.SupplierKey, nil
}

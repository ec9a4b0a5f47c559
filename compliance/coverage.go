// SPDX-License-Identifier: EUPL-1.2

package compliance

import (
	"context"

	"github.com/cityspend/cityspend"
)

// Contract coverage: how much of the spend went through a contract, by
// category, organisational unit and supplier; the contracts; the tender
// data.

// Contracts lists a buyer's contracts with their spend.
func Contracts(ctx context.Context, st cityspend.ContractStore, buyerID string) ([]cityspend.ContractRow, error) {
	return st.Contracts(ctx, buyerID)
}

// CoverageRow is the spend of a category, unit or supplier on and off
// contract.
type CoverageRow struct {
	Key     string // the CPV group, unit or supplier id
	Name    string // the supplier's name (suppliers only)
	On, Off cityspend.Amount
	Share   float64 // on contract
	Total   cityspend.Amount
}

// Coverage is the contract coverage of a filter's spend.
type Coverage struct {
	// Total and On are the spend and the spend on contract of the
	// categories listed, Share their ratio.
	Total, On cityspend.Amount
	Share     float64
	// The largest CoverageRows categories, units and suppliers.
	Categories, Units, Suppliers []CoverageRow
	// HasContract: the buyer has loaded contracts at all.
	HasContract bool
}

// CoverageRows is how many categories, units and suppliers Coverage lists.
const CoverageRows = 30

// ContractCoverage measures the contract coverage of a filter's spend.
func ContractCoverage(ctx context.Context, st CoverageStore, f cityspend.SpendFilter) (*Coverage, error) {
	names, err := SupplierNames(ctx, st, f.BuyerID)
	if err != nil {
		return nil, err
	}
	v := &Coverage{}
	for _, dim := range []cityspend.Dimension{cityspend.ByCPVGroup, cityspend.ByOrgUnit, cityspend.BySupplier} {
		cells, err := st.SpendCross(ctx, f, dim, cityspend.ByOnContract)
		if err != nil {
			return nil, err
		}
		rows := map[string]*CoverageRow{}
		var order []string
		for _, c := range cells {
			x := rows[c.A]
			if x == nil {
				x = &CoverageRow{Key: c.A}
				rows[c.A] = x
				order = append(order, c.A)
			}
			if c.B == "on" {
				x.On += c.Spend
			} else {
				x.Off += c.Spend
			}
			x.Total += c.Spend
		}
		var list []CoverageRow
		for _, k := range order {
			x := rows[k]
			x.Share = cityspend.Share(x.On, x.Total)
			switch dim {
			case cityspend.ByCPVGroup:
				v.Total += x.Total
				v.On += x.On
			case cityspend.BySupplier:
				x.Name = names[k]
			}
			list = append(list, *x)
			if len(list) == CoverageRows {
				break
			}
		}
		switch dim {
		case cityspend.ByCPVGroup:
			v.Categories = list
		case cityspend.ByOrgUnit:
			v.Units = list
		default:
			v.Suppliers = list
		}
	}
	v.Share = cityspend.Share(v.On, v.Total)
	cs, err := st.Contracts(ctx, f.BuyerID)
	if err != nil {
		return nil, err
	}
	v.HasContract = len(cs) > 0
	return v, nil
}

// Tender reads a contracting process of a buyer from its tender data.
func Tender(ctx context.Context, st cityspend.TenderStore, buyerID, ocid string) (cityspend.Tender, error) {
	ts, err := st.Tenders(ctx, buyerID, ocid)
	if err != nil {
		return cityspend.Tender{}, err
	}
	if len(ts) == 0 {
		return cityspend.Tender{}, cityspend.Errorf(cityspend.ENOTFOUND, "buyer %s has no tender %s", buyerID, ocid)
	}
	return ts[0], nil
}

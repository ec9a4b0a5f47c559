// SPDX-License-Identifier: EUPL-1.2

package tables

import (
	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/cube"
)

// CubeTables are the names of the spend cube's tables.
var CubeTables = []string{"categories", "breakdown", "fragmentation", "price_volume"}

// IsCubeTable reports whether name is one of CubeTables.
func IsCubeTable(name string) bool {
	for _, n := range CubeTables {
		if n == name {
			return true
		}
	}
	return false
}

// FromCube returns the named table of a cube.
func FromCube(c *cube.Result, name string) (*Table, error) {
	var cols []Column
	var rs [][]any
	switch name {
	case "categories":
		cols = []Column{{"cpv", "col.code", Text}, {"label", "col.category", Text}, colSpend, colShare, colSuppliers, colLines}
		for _, n := range c.Children {
			rs = append(rs, []any{n.Code, n.Label, n.Spend, n.Share, n.Suppliers, n.Lines})
		}
	case "breakdown":
		cols = []Column{{"key", "col.key", Text}, {"label", "col.label", Text}, colSpend, colShare, colSuppliers, colLines}
		for _, g := range c.Breakdown {
			rs = append(rs, []any{g.Key, g.Label, g.Spend, g.Share, g.Suppliers, g.Lines})
		}
	case "fragmentation":
		cols = []Column{{"cpv", "col.code", Text}, {"label", "col.category", Text}, colSpend, colSuppliers,
			{"top_supplier_share", "cat.topshare", Share}, {"hhi", "col.hhi", Ratio}, {"consolidation_candidate", "cat.candidate", Text}}
		for _, f := range c.Fragmentation {
			cand := "no"
			if f.Candidate {
				cand = "yes"
			}
			rs = append(rs, []any{f.Code, f.Label, f.Spend, f.Suppliers, f.TopShare, f.HHI, cand})
		}
	case "price_volume":
		cols = []Column{{"cpv", "col.code", Text}, {"label", "col.category", Text}, {"unit_code", "cat.unit", Text}, colLines,
			{"quantity", "cat.quantity", Text}, colSpend, {"min_unit_price", "cat.minprice", Money}, {"median_unit_price", "cat.medprice", Money},
			{"max_unit_price", "cat.maxprice", Money}, {"mean_unit_price", "cat.meanprice", Money}}
		for _, p := range c.Prices {
			rs = append(rs, []any{p.CPV, p.Label, p.UnitCode, p.Lines, p.Quantity, p.Spend, p.MinPrice, p.MedPrice, p.MaxPrice, p.MeanPrice})
		}
	default:
		return nil, cityspend.Errorf(cityspend.ENOTFOUND, "no cube table %q; they are %v", name, CubeTables)
	}
	return inMemory(name, cols, rs), nil
}

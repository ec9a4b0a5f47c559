// SPDX-License-Identifier: EUPL-1.2

package tables

import (
	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/indicator"
)

// AnalysisTables are the names of the tables of one analysis, in the order
// of the annual report.
var AnalysisTables = []string{"trend", "bands", "municipalities", "business_types", "sectors", "divisions", "market_gaps",
	"top_suppliers", "account_groups", "excluded"}

// IsAnalysisTable reports whether name is one of AnalysisTables.
func IsAnalysisTable(name string) bool {
	for _, n := range AnalysisTables {
		if n == name {
			return true
		}
	}
	return false
}

var (
	colSpend     = Column{"spend", "col.spend", Money}
	colShare     = Column{"share", "col.share", Share}
	colSuppliers = Column{"suppliers", "col.suppliers", Count}
	colLines     = Column{"lines", "col.lines", Count}
)

// FromAnalysis returns the named table of an analysis.
func FromAnalysis(a *indicator.Analysis, name string) (*Table, error) {
	var cols []Column
	var rs [][]any
	switch name {
	case "bands":
		cols = []Column{{"band", "col.place", Text}, colSpend, colShare, colSuppliers, {"top_n_share", "col.topnshare", Share}}
		for _, b := range indicator.Bands {
			x := a.Bands[b]
			rs = append(rs, []any{b, x.Spend, x.Share, x.Suppliers, a.TopNPopulation.Bands[b].Share})
		}
	case "business_types":
		cols = []Column{{"business_type", "col.type", Text}, colSpend, colShare, colSuppliers, {"top_n_share", "col.topnshare", Share}}
		for _, t := range cityspend.BusinessTypes {
			x := a.BusinessTypes[t]
			rs = append(rs, []any{t, x.Spend, x.Share, x.Suppliers, a.TopNPopulation.BusinessTypes[t].Share})
		}
	case "municipalities":
		cols = []Column{{"code", "col.code", Text}, {"name", "col.municipality", Text}, {"band", "col.place", Text}, colSpend, colShare, colSuppliers}
		for _, m := range a.Municipalities {
			rs = append(rs, []any{m.Code, m.Name, m.Band, m.Spend, m.Share, m.Suppliers})
		}
	case "sectors":
		cols = []Column{{"section", "col.code", Text}, {"name", "col.sector", Text}, colSpend, colShare, colSuppliers,
			{"local_spend", "col.localspend", Money}, {"local_share", "col.localshare", Share}, {"local_region_share", "col.regionshare", Share}}
		for _, s := range a.Sectors {
			rs = append(rs, []any{s.Section, s.Name, s.Spend, s.Share, s.Suppliers, s.LocalSpend, s.LocalShare, s.RegionShare})
		}
	case "divisions":
		cols = []Column{{"section", "col.sector", Text}, {"division", "col.division", Text}, colSpend, colSuppliers,
			{"local_spend", "col.localspend", Money}, {"local_share", "col.localshare", Share}}
		for _, s := range a.Sectors {
			for _, d := range s.Divisions {
				rs = append(rs, []any{s.Section, d.Division, d.Spend, d.Suppliers, d.LocalSpend, d.LocalShare})
			}
		}
	case "market_gaps":
		cols = []Column{{"rank", "col.rank", Count}, {"section", "col.sector", Text}, {"division", "col.division", Text}, {"name", "col.name", Text},
			colSpend, {"local_share", "col.localshare", Share}, {"leaking", "col.leaking", Money}}
		for i, g := range a.MarketGaps {
			rs = append(rs, []any{i + 1, g.Section, g.Division, g.Name, g.Spend, g.LocalShare, g.Leaking})
		}
	case "top_suppliers":
		cols = []Column{{"rank", "col.rank", Count}, {"supplier_id", "col.key", Text}, {"name", "col.supplier", Text}, {"org_number", "col.orgno", Text},
			{"place", "col.place", Text}, {"business_type", "col.type", Text}, {"nace_section", "col.sector", Text}, colSpend, colLines, colShare}
		for _, t := range a.TopSuppliers {
			rs = append(rs, []any{t.Rank, t.SupplierID, t.Name, t.OrgNumber, t.Place, t.BusinessType, t.NACESection, t.Spend, t.Lines, t.Share})
		}
	case "account_groups", "excluded":
		cols = []Column{{"key", "col.account", Text}, {"label", "col.label", Text}, colSpend, colShare, colLines, colSuppliers}
		gs := a.ByAccountGroup
		if name == "excluded" {
			cols[0] = Column{"reason", "col.reason", Text}
			gs = a.Excluded
		}
		for _, g := range gs {
			rs = append(rs, []any{g.Key, g.Label, g.Spend, g.Share, g.Lines, g.Suppliers})
		}
	case "trend":
		cols = []Column{{"year", "col.year", Count}, {"label", "col.label", Text}, {"total_spend", "col.spend", Money}, colSuppliers,
			{"L0", "band.L0", Share}, {"L0_L1", "col.regionshare", Share}, {"sme_share", "col.sme", Share},
			{"change_L0_pp", "col.changel0", Ratio}, {"change_L0_L1_pp", "col.changel0l1", Ratio}, {"change_sme_pp", "col.changesme", Ratio},
			{"extra_retained_locally", "col.retained", Money}}
		for _, t := range a.Trend {
			rs = append(rs, []any{t.Year, t.Label, t.TotalSpend, t.Suppliers, t.LocalShare.L0, t.LocalShare.L0L1, t.SMEShare,
				t.ChangeL0PP, t.ChangeL0L1PP, t.ChangeSMEPP, t.ExtraRetainedLocally})
		}
	default:
		return nil, cityspend.Errorf(cityspend.ENOTFOUND, "no table %q; the tables are %v, suppliers and lines", name, AnalysisTables)
	}
	return inMemory(name, cols, rs), nil
}

// Suppliers is the supplier list as a table.
func Suppliers(list []cityspend.SupplierRow) *Table {
	cols := []Column{{"supplier_id", "col.key", Text}, {"name", "col.supplier", Text}, {"org_scheme", "col.scheme", Text}, {"org_number", "col.orgno", Text},
		{"match_method", "col.match", Text}, {"place", "col.place", Text}, {"place_reason", "col.reason", Text}, {"municipality", "col.municipality", Text},
		{"postcode", "col.postcode", Text}, {"business_type", "col.type", Text}, {"size", "col.size", Text}, {"employees", "col.employees", Count},
		{"nace", "col.nace", Text}, {"nace_section", "col.sector", Text}, colSpend, colLines}
	rs := make([][]any, 0, len(list))
	for _, s := range list {
		var scheme, id string
		if s.Org != nil {
			scheme, id = s.Org.Scheme, s.Org.ID
		}
		rs = append(rs, []any{s.SupplierID, s.Name, scheme, id, s.Method, s.Place, s.PlaceReason, s.Municipality, s.Postcode,
			s.BusinessType(), s.Size, int64(s.Employees), s.NACE, s.NACESection, s.Spend, s.Lines})
	}
	return inMemory("suppliers", cols, rs)
}

// LineColumns are the columns of the ledger-lines table.
var LineColumns = []Column{{"date", "col.date", Text}, {"supplier_id", "col.key", Text}, {"supplier_name", "col.supplier", Text},
	{"org_number", "col.orgno", Text}, {"account", "col.account", Text}, {"account_text", "col.label", Text}, {"org_unit", "col.orgunit", Text},
	{"description", "col.description", Text}, {"amount", "col.amount", Money}, {"vat", "col.vat", Money}, {"currency", "col.currency", Text},
	{"invoice_no", "col.invoice", Text}, {"contract_ref", "col.contract", Text}, {"cpv", "col.cpv", Text}, {"source_file", "col.source", Text},
	{"line", "col.line", Count}}

// LineRow is one ledger line as a row of LineColumns.
func LineRow(p cityspend.Payment) []any {
	date := ""
	if d := p.Date(); !d.IsZero() {
		date = d.Format("2006-01-02")
	}
	return []any{date, p.SupplierKey, p.Supplier.Name, p.Supplier.OrgNumber, p.AccountCode, p.AccountText, p.OrgUnit, p.Description,
		p.Amount, p.VAT, p.Currency, p.InvoiceNo, p.ContractRef, p.CPV, p.SourceFile, int64(p.Line)}
}

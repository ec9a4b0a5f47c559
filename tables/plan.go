// SPDX-License-Identifier: EUPL-1.2

package tables

import (
	"strings"
	"time"

	"github.com/cityspend/cityspend"
)

// planColumns are the columns of the plan table (METHODS §6).
var planColumns = []Column{{"id", "col.key", Text}, {"title", "col.title", Text}, {"status", "col.status", Text},
	{"published", "col.published", Text}, {"type", "col.type", Text}, {"cpv", "col.cpv", Text}, {"estimated_value", "col.value", Money},
	{"currency", "col.currency", Text}, {"value_basis", "col.basis", Text}, {"regime", "col.regime", Text}, {"threshold", "col.band", Text},
	{"procedure", "col.procedure", Text}, {"need_date", "col.needdate", Text}, {"market_dialogue", "col.dialogue", Text},
	{"notice", "col.notice", Text}, {"award", "col.award", Text}, {"contract_start", "col.start", Text},
	{"duration_months", "col.months", Count}, {"options", "col.options", Text}, {"contract_id", "col.contract", Text},
	{"contract_expiry", "col.expiry", Text}, {"suppliers", "col.suppliers", Text}, {"unit", "col.orgunit", Text}, {"owner", "col.owner", Text},
	{"lots", "col.lots", Count}, {"framework", "col.framework", Text}, {"environmental", "col.environmental", Text},
	{"climate_weight_pct", "col.climate", Count}, {"social", "col.social", Text}, {"innovation", "col.innovation", Text},
	{"circular", "col.circular", Text}, {"sme_suitable", "col.sme", Text}, {"partners", "col.partners", Text},
	{"funding", "col.funding", Text}, {"action", "col.action", Text}, {"source", "col.source", Text}}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// Plan is a buyer's plan items as a table; name is "plan" or "pipeline".
func Plan(name, currency string, items []cityspend.PlanItem) *Table {
	rs := make([][]any, 0, len(items))
	for _, it := range items {
		rs = append(rs, []any{it.ID, it.Title, it.Status, yes(it.Published), it.Type, strings.Join(it.CPV, " "), it.Value, currency, it.Basis,
			it.Regime, it.Threshold, it.Procedure, day(it.NeedDate), day(it.MarketDialogue), day(it.Notice), day(it.Award), day(it.ContractStart),
			int64(it.Months), it.Options, it.ContractID, day(it.ContractExpiry), strings.Join(it.Suppliers, "; "), it.Unit, it.Owner,
			int64(it.Lots), yes(it.Framework), yes(it.Environmental), int64(it.ClimateWeight), yes(it.Social), yes(it.Innovation),
			yes(it.Circular), yes(it.SME), it.Partners, it.Funding, it.Action, it.Source})
	}
	return inMemory(name, planColumns, rs)
}

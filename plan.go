// SPDX-License-Identifier: EUPL-1.2

package cityspend

import "time"

// Plan item statuses, in their usual order.
const (
	PlanIdea           = "idea"
	PlanPlanned        = "planned"
	PlanMarketDialogue = "market_dialogue"
	PlanPublished      = "tender_published"
	PlanAwarded        = "awarded"
	PlanCancelled      = "cancelled"
)

// PlanStatuses lists the statuses.
var PlanStatuses = []string{PlanIdea, PlanPlanned, PlanMarketDialogue, PlanPublished, PlanAwarded, PlanCancelled}

// PlanItem is one planned purchase of a buyer's procurement plan
// (METHODS §6).
type PlanItem struct {
	BuyerID string `json:"buyer"`
	ID      string `json:"id"` // stable: generated items keep the id of their source

	Title   string   `json:"title"`
	Need    string   `json:"need,omitempty"`
	Unit    string   `json:"unit,omitempty"` // the owning unit
	Type    string   `json:"type"`           // goods, services, works
	CPV     []string `json:"cpv,omitempty"`  // 8-digit codes
	Value   Amount   `json:"estimated_value"`
	Basis   string   `json:"value_basis"` // how the value was estimated
	Months  int      `json:"duration_months,omitempty"`
	Options string   `json:"options,omitempty"`

	ContractID     string    `json:"contract_id,omitempty"` // the current contract
	ContractExpiry time.Time `json:"contract_expiry,omitzero"`
	Suppliers      []string  `json:"suppliers,omitempty"` // current supplier(s), by name

	Regime    string `json:"regime"`    // NO, EU, UK
	Threshold string `json:"threshold"` // the threshold band: below, national, eea, eu, uk
	Procedure string `json:"procedure"` // the procedure family that applies

	Lots      int  `json:"lots,omitempty"`
	Framework bool `json:"framework"`

	NeedDate       time.Time `json:"need_date,omitzero"` // when the new contract must start
	MarketDialogue time.Time `json:"market_dialogue,omitzero"`
	Notice         time.Time `json:"notice,omitzero"`
	Award          time.Time `json:"award,omitzero"`
	ContractStart  time.Time `json:"contract_start,omitzero"`

	Environmental bool   `json:"environmental"`
	ClimateWeight int    `json:"climate_weight_pct,omitempty"` // Norway: ≥ 30 % or set as requirements
	Social        bool   `json:"social"`
	Innovation    bool   `json:"innovation"`
	Circular      bool   `json:"circular"`
	SME           bool   `json:"sme_suitable"`
	Partners      string `json:"partners,omitempty"` // joint procurement
	Funding       string `json:"funding,omitempty"`

	Status    string `json:"status"`
	Owner     string `json:"owner,omitempty"`
	Published bool   `json:"published"`
	// PublishedAt is when the item was first published in the pipeline.
	PublishedAt time.Time `json:"published_at,omitzero"`

	Action     string   `json:"action,omitempty"`     // decide_extension, retender, tender, …
	Source     string   `json:"source"`               // expiring_contract, recurring_spend, manual
	SourceRef  string   `json:"source_ref,omitempty"` // contract id, category group
	Links      []string `json:"links,omitempty"`      // findings and pages behind it
	Edited     bool     `json:"edited"`               // a person changed it: generation leaves it alone
	MergedInto string   `json:"merged_into,omitempty"`

	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// PlanChange records a change to a plan item.
type PlanChange struct {
	ItemID string    `json:"item"`
	Field  string    `json:"field"`
	Old    string    `json:"old"`
	New    string    `json:"new"`
	Who    string    `json:"who"`
	At     time.Time `json:"at"`
}

// Late reports whether an item's notice date has passed while it is still
// being prepared (idea, planned or in market dialogue).
func (it PlanItem) Late(now time.Time) bool {
	switch it.Status {
	case PlanIdea, PlanPlanned, PlanMarketDialogue:
		return !it.Notice.IsZero() && it.Notice.Before(now)
	}
	return false
}

package indicator

import (
	"context"

	"github.com/cityspend/cityspend"
)

// LM3 is the Local Multiplier 3 of the New Economics Foundation, from the
// supplier survey (METHODS §1).
type LM3 struct {
	R1                cityspend.Amount `json:"R1"`
	R2                cityspend.Amount `json:"R2"`
	R3                cityspend.Amount `json:"R3"`
	Value             float64          `json:"lm3"`
	RespendPerUnit    float64          `json:"respend_per_local_unit"` // R3 / R2
	Respondents       int              `json:"respondents"`
	Imputed           int              `json:"imputed"`
	ImputedSpendShare float64          `json:"imputed_share_of_R2"`
	NotImputed        int              `json:"not_imputed"` // local suppliers with no respondent to impute from
	SocialValue       SocialValue      `json:"social_value"`
}

// SocialValue sums the survey's optional social-value items.
type SocialValue struct {
	JobsCreated     int `json:"jobs_created"`
	Apprenticeships int `json:"apprenticeships"`
	LivingWageFirms int `json:"real_living_wage_employers"`
	StaffLocal      int `json:"staff_living_locally"`
	StaffDeprived   int `json:"staff_living_in_deprived_areas"`
}

// lm3For computes LM3 from the buyer's survey of the year, or nil when there
// is none.
func lm3For(ctx context.Context, st cityspend.Store, b cityspend.Buyer, year int, rows []cityspend.SupplierSpend) (*LM3, error) {
	return nil, nil
}

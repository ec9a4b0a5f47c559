// SPDX-License-Identifier: EUPL-1.2

package indicator

import (
	"context"
	"math/big"
	"strconv"

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
// is none. rows are the year's suppliers in scope.
//
//	R1  = total spend in scope
//	R2  = spend with suppliers in the municipality (L0)
//	r_i = (local wages_i + local purchases_i) / turnover_i, from supplier i's answers,
//	      local wages = wage bill × local staff / staff, local purchases = purchases × local share
//	R3  = Σ over local suppliers of spend_i × r_i
//	LM3 = (R1 + R2 + R3) / R1
//
// A local supplier without answers gets the spend-weighted mean r of the
// respondents of the same sector and size class, else of the same sector,
// else of all respondents.
func lm3For(ctx context.Context, st cityspend.SurveyStore, b cityspend.Buyer, year int, rows []cityspend.SupplierSpend) (*LM3, error) {
	answers, err := st.SurveyResponses(ctx, b.ID, year)
	if err != nil {
		return nil, err
	}
	if len(answers) == 0 {
		return nil, nil
	}
	return ComputeLM3(rows, answers), nil
}

// ComputeLM3 computes LM3 from suppliers' spend and their survey answers.
func ComputeLM3(rows []cityspend.SupplierSpend, answers []cityspend.SurveyResponse) *LM3 {
	byID := map[string]*cityspend.SurveyResponse{}
	for i := range answers {
		byID[answers[i].SupplierID] = &answers[i]
	}
	m := &LM3{}
	type resp struct {
		spend   cityspend.Amount
		r       *big.Rat
		section string
		size    string
	}
	var respondents []resp
	var local []cityspend.SupplierSpend
	for _, row := range rows {
		m.R1 += row.Spend
		if row.Place != cityspend.PlaceLocal {
			continue
		}
		m.R2 += row.Spend
		local = append(local, row)
		if a := byID[row.SupplierID]; a != nil {
			respondents = append(respondents, resp{row.Spend, respend(a), row.NACESection, row.Size})
			m.Respondents++
			m.SocialValue.JobsCreated += a.JobsCreated
			m.SocialValue.Apprenticeships += a.Apprenticeships
			m.SocialValue.StaffLocal += a.StaffLocal
			m.SocialValue.StaffDeprived += a.StaffDeprived
			if a.RealLivingWage {
				m.SocialValue.LivingWageFirms++
			}
		}
	}
	// weighted mean r of the respondents that pass keep.
	mean := func(keep func(resp) bool) *big.Rat {
		num, den := new(big.Rat), new(big.Rat)
		for _, x := range respondents {
			if !keep(x) || x.spend <= 0 {
				continue
			}
			w := new(big.Rat).SetInt64(int64(x.spend))
			num.Add(num, new(big.Rat).Mul(w, x.r))
			den.Add(den, w)
		}
		if den.Sign() == 0 {
			return nil
		}
		return num.Quo(num, den)
	}
	r3 := new(big.Rat)
	var imputedSpend cityspend.Amount
	for _, row := range local {
		var r *big.Rat
		if a := byID[row.SupplierID]; a != nil {
			r = respend(a)
		} else {
			r = mean(func(x resp) bool { return x.section == row.NACESection && x.size == row.Size })
			if r == nil {
				r = mean(func(x resp) bool { return x.section == row.NACESection })
			}
			if r == nil {
				r = mean(func(resp) bool { return true })
			}
			if r == nil {
				m.NotImputed++
				continue
			}
			m.Imputed++
			imputedSpend += row.Spend
		}
		r3.Add(r3, new(big.Rat).Mul(new(big.Rat).SetInt64(int64(row.Spend)), r))
	}
	m.R3 = roundRat(r3)
	if m.R1 != 0 {
		v, _ := new(big.Rat).SetFrac64(int64(m.R1+m.R2+m.R3), int64(m.R1)).Float64()
		m.Value = round4(v)
	}
	m.RespendPerUnit = round4(cityspend.Share(m.R3, m.R2))
	m.ImputedSpendShare = round4(cityspend.Share(imputedSpend, m.R2))
	return m
}

// respend is a respondent's r: the share of its turnover that stays local
// as wages of local staff and purchases from local suppliers, capped at 1.
func respend(a *cityspend.SurveyResponse) *big.Rat {
	if a.Turnover <= 0 {
		return new(big.Rat)
	}
	wages := new(big.Rat)
	if a.StaffTotal > 0 {
		wages.SetFrac64(int64(a.WageBill)*int64(a.StaffLocal), int64(a.StaffTotal))
	}
	purchases := new(big.Rat).SetFrac64(int64(a.NonWageCosts)*int64(a.NonWageLocalPct), 10000)
	r := new(big.Rat).Add(wages, purchases)
	r.Quo(r, new(big.Rat).SetInt64(int64(a.Turnover)))
	if r.Cmp(big.NewRat(1, 1)) > 0 {
		r.SetInt64(1)
	}
	return r
}

// roundRat rounds a rational amount to the minor unit, half away from zero.
func roundRat(r *big.Rat) cityspend.Amount {
	num, den := new(big.Int).Set(r.Num()), r.Denom()
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(new(big.Int).Abs(rem), big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(int64(num.Sign())))
	}
	return cityspend.Amount(q.Int64())
}

func round4(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 4, 64), 64)
	return v
}

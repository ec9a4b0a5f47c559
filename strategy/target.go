// SPDX-License-Identifier: EUPL-1.2

package strategy

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/cityspend/cityspend"
)

// Measure evaluates a buyer's targets in a year and counts the year's
// contracts with sustainability criteria.
func Measure(ctx context.Context, st Store, b cityspend.Buyer, year int) ([]Progress, *Criteria, error) {
	ps, err := Evaluate(ctx, st, b, year)
	if err != nil {
		return nil, nil, err
	}
	crit, err := CriteriaShares(ctx, st, b, year)
	if err != nil {
		return nil, nil, err
	}
	return ps, crit, nil
}

// FromForm reads a buyer's target from its form: indicator, note,
// baseline and target (a decimal comma or point; a share is given as a
// fraction, or as a per cent with "%" or above 1), baseline_year and
// target_year. hasBaseline reports whether the form gives a baseline
// value (without one the data's value is the baseline).
func FromForm(buyerID string, f url.Values) (t cityspend.StrategyTarget, hasBaseline bool, err error) {
	t = cityspend.StrategyTarget{BuyerID: buyerID, Indicator: f.Get("indicator"), Note: strings.TrimSpace(f.Get("note"))}
	num := func(name string) (float64, bool, error) {
		raw := strings.TrimSpace(strings.ReplaceAll(f.Get(name), ",", "."))
		if raw == "" {
			return 0, false, nil
		}
		pct := strings.HasSuffix(raw, "%")
		v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(raw, "%")), 64)
		if err != nil {
			return 0, false, cityspend.Errorf(cityspend.EINVALID, "%s %q is not a number", name, f.Get(name))
		}
		if pct || UnitOf(t.Indicator) == UnitShare && v > 1 {
			v /= 100 // shares are typed as per cents
		}
		return v, true, nil
	}
	var hasTarget bool
	if t.BaselineValue, hasBaseline, err = num("baseline"); err != nil {
		return t, false, err
	}
	if t.TargetValue, hasTarget, err = num("target"); err != nil {
		return t, false, err
	}
	if !hasTarget {
		return t, false, cityspend.Errorf(cityspend.EINVALID, "give the target value")
	}
	if t.BaselineYear, err = strconv.Atoi(f.Get("baseline_year")); err == nil {
		t.TargetYear, err = strconv.Atoi(f.Get("target_year"))
	}
	if err != nil {
		return t, false, cityspend.Errorf(cityspend.EINVALID, "the years are numbers")
	}
	return t, hasBaseline, nil
}

// Set adds or changes a target, once it checks out (see Validate).
func Set(ctx context.Context, st cityspend.StrategyStore, t cityspend.StrategyTarget, hasBaseline bool) error {
	if err := Validate(t); err != nil {
		return err
	}
	return st.PutTarget(ctx, t, hasBaseline)
}

// SPDX-License-Identifier: EUPL-1.2

package climate

import (
	"cmp"
	"context"
	"slices"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata/factors"
)

// InstallDefaults stores the shipped sets, and the shipped concordances
// between schemes that have none yet (a user's own are kept). Footprints
// do not need it: Load applies the shipped sets and concordances the store
// lacks from memory, and Factors lists the shipped sets the same way.
func InstallDefaults(ctx context.Context, st cityspend.ClimateStore) error {
	for _, name := range factors.ShippedSets {
		if err := st.PutFactors(ctx, name, factors.Shipped(name)); err != nil {
			return err
		}
	}
	have, err := st.Concordances(ctx)
	if err != nil {
		return err
	}
	add := missingConcordances(have)
	if len(add) == 0 {
		return nil
	}
	return st.PutConcordances(ctx, add)
}

// missingConcordances are the shipped concordances between the schemes
// that have no rows in have (a user's own rows between two schemes replace
// the shipped ones).
func missingConcordances(have []cityspend.Concordance) []cityspend.Concordance {
	pairs := map[[2]string]bool{}
	for _, c := range have {
		pairs[[2]string{c.FromScheme, c.ToScheme}] = true
	}
	var add []cityspend.Concordance
	for _, c := range factors.DefaultConcordances() {
		if !pairs[[2]string{c.FromScheme, c.ToScheme}] {
			add = append(add, c)
		}
	}
	return add
}

// Factors lists a set's factors ("": every set's) as footprints use them:
// a shipped set comes from memory while the store has none of its own, so
// listing it writes nothing. The order is the store's: by set, scheme and
// code.
func Factors(ctx context.Context, st cityspend.ClimateStore, set string) ([]cityspend.EmissionFactor, error) {
	fs, err := st.Factors(ctx, set)
	if err != nil || (set != "" && factors.Shipped(set) == nil) {
		return fs, err
	}
	stored := map[string]bool{}
	for _, f := range fs {
		stored[f.Set] = true
	}
	added := false
	for _, name := range factors.ShippedSets {
		if (set == "" || set == name) && !stored[name] {
			fs, added = append(fs, factors.Shipped(name)...), true
		}
	}
	if !added {
		return fs, nil
	}
	slices.SortStableFunc(fs, func(a, b cityspend.EmissionFactor) int {
		return cmp.Or(cmp.Compare(a.Set, b.Set), cmp.Compare(a.Scheme, b.Scheme), cmp.Compare(a.Code, b.Code))
	})
	return fs, nil
}

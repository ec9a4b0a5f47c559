// SPDX-License-Identifier: EUPL-1.2

package climate

import (
	"context"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata/factors"
)

// InstallDefaults stores the shipped set, and the shipped concordances
// between schemes that have none yet (a user's own are kept). Footprints
// do not need it: Load applies the shipped set and concordances the store
// lacks from memory. It stores them where they are listed with the stored
// sets (`cityspend climate factors`).
func InstallDefaults(ctx context.Context, st cityspend.ClimateStore) error {
	if err := st.PutFactors(ctx, factors.DefaultSet, factors.Defaults()); err != nil {
		return err
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

// SPDX-License-Identifier: EUPL-1.2

package climate

import (
	"context"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/refdata/factors"
)

// InstallDefaults stores the shipped set, and the shipped concordances
// between schemes that have none yet (a user's own are kept).
func InstallDefaults(ctx context.Context, st cityspend.Store) error {
	if err := st.PutFactors(ctx, factors.DefaultSet, factors.Defaults()); err != nil {
		return err
	}
	have, err := st.Concordances(ctx)
	if err != nil {
		return err
	}
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
	if len(add) == 0 {
		return nil
	}
	return st.PutConcordances(ctx, add)
}

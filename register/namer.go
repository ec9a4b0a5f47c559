// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"context"
	"strings"

	"github.com/cityspend/cityspend"
)

// Namer finds the supplier a file names without an organisation number (a
// contract register's supplier column): among the buyer's own payees
// already resolved to an organisation first, as the buyer's ledger knows
// them, then in the loaded registers.
type Namer struct {
	known map[string]string // normalised payee name → supplier id
	ix    *Index
}

// NewNamer reads the buyer's resolved payees and indexes the registers.
func NewNamer(ctx context.Context, st Store, buyerID string) (*Namer, error) {
	payees, err := st.Payees(ctx, buyerID)
	if err != nil {
		return nil, err
	}
	known := map[string]string{}
	for _, p := range payees {
		if strings.HasPrefix(p.Resolution.SupplierID, "org:") {
			known[cityspend.NormalizeName(p.Payee.Name)] = p.Resolution.SupplierID
		}
	}
	ix, err := LoadIndex(ctx, st)
	if err != nil {
		return nil, err
	}
	return &Namer{known: known, ix: ix}, nil
}

// Supplier returns the supplier id ("org:…") of a name, and whether one was
// found.
func (n *Namer) Supplier(name string) (string, bool) {
	if id, ok := n.known[cityspend.NormalizeName(name)]; ok {
		return id, true
	}
	if m := n.ix.Resolve(Query{Name: name}); m.Method != cityspend.MatchNone {
		return "org:" + m.ID.String(), true
	}
	return "", false
}

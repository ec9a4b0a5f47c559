// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"context"
	"strings"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/gen"
)

func TestNamer(t *testing.T) {
	ctx := context.Background()
	const filler = 500
	st, _ := world(t, 5, 2000, filler)
	res, err := NewResolver(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.ResolveBuyer(ctx, "3909"); err != nil {
		t.Fatal(err)
	}
	// A payee the registers know by its name, decided by hand to be another
	// organisation: the buyer's own decision comes first.
	ps, err := st.Payees(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]int{}
	for _, p := range ps {
		names[cityspend.NormalizeName(p.Payee.Name)]++
	}
	var decided cityspend.PayeeRecord
	for _, p := range ps {
		if p.Resolution.Method == cityspend.MatchExactName && names[cityspend.NormalizeName(p.Payee.Name)] == 1 {
			decided = p
			break
		}
	}
	if decided.Payee.Name == "" {
		t.Fatal("no payee resolved by a name of its own")
	}
	const other = "org:NO-BRC:923609016"
	if err := st.PutOverride(ctx, cityspend.Override{BuyerID: "3909", Payee: decided.Payee, SupplierID: other, Who: "kari", Why: "the invoice"}); err != nil {
		t.Fatal(err)
	}
	if _, err := res.ResolveBuyer(ctx, "3909"); err != nil {
		t.Fatal(err)
	}
	// A unit of the register that is none of the buyer's payees.
	payee := map[string]bool{}
	for _, p := range ps {
		payee[p.Resolution.SupplierID] = true
	}
	var unit *gen.Supplier
	u := gen.NewUniverse(5)
	err = gen.Units(ctx, u, int64(len(u.Suppliers))+filler, func(s *gen.Supplier) error {
		if unit == nil && !payee["org:NO-BRC:"+s.Org] && res.Index().Resolve(Query{Name: s.Name}).ID.ID == s.Org {
			unit = s
		}
		return nil
	})
	if err != nil || unit == nil {
		t.Fatalf("no register unit outside the payees: %v", err)
	}

	n, err := NewNamer(ctx, st, "3909")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, want string
	}{
		{decided.Payee.Name, other},
		{strings.ToLower(decided.Payee.Name), other}, // names are compared normalised
		{unit.Name, "org:NO-BRC:" + unit.Org},
		{"Finnes Ikke Noe Sted Xyzzy", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := n.Supplier(tt.name)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Supplier(%q) = %q, %v; want %q", tt.name, got, ok, tt.want)
			}
		})
	}
}

// SPDX-License-Identifier: EUPL-1.2

package register

import (
	"context"
	"testing"

	"github.com/cityspend/cityspend"
)

// A supplier's record: its row, its payees, its registered organisation
// and that entry's history; and a person's override of a payee, with who
// and why, applied at once.
func TestSupplierRecordAndOverride(t *testing.T) {
	ctx := context.Background()
	st, _ := world(t, 5, 1500, 0)
	res, err := NewResolver(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.ResolveBuyer(ctx, "3909"); err != nil {
		t.Fatal(err)
	}
	ps, err := st.Payees(ctx, "3909")
	if err != nil {
		t.Fatal(err)
	}
	var byName cityspend.PayeeRecord
	for _, p := range ps {
		if p.Resolution.Method == cityspend.MatchExactName {
			byName = p
			break
		}
	}
	if byName.ID == 0 {
		t.Fatal("no payee resolved by its name")
	}
	sid := byName.Resolution.SupplierID
	rec, err := Supplier(ctx, st, "3909", sid)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Supplier.SupplierID != sid || rec.Org == nil || "org:"+rec.Org.ID.String() != sid || len(rec.Payees) == 0 {
		t.Errorf("record %+v", rec)
	}
	for _, p := range rec.Payees {
		if p.Resolution.SupplierID != sid {
			t.Errorf("another supplier's payee %+v", p)
		}
	}
	if _, err := Supplier(ctx, st, "3909", "org:NO-BRC:000000000"); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("no such supplier: %v", err)
	}

	pid := int64(byName.ID)
	for _, tt := range []struct {
		name, org, who, why string
		payee               int64
		want                string
	}{
		{"no reason", "923609016", "kari", " ", pid, cityspend.EINVALID},
		{"nobody", "923609016", "", "checked", pid, cityspend.EINVALID},
		{"no such payee", "923609016", "kari", "checked", 999999, cityspend.ENOTFOUND},
		{"not an organisation number", "123456789", "kari", "checked", pid, cityspend.EINVALID},
	} {
		if _, err := res.Override(ctx, "3909", tt.payee, tt.org, tt.who, tt.why); cityspend.ErrorCode(err) != tt.want {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.want)
		}
	}
	if _, err := res.Override(ctx, "0000", pid, "923609016", "kari", "checked"); cityspend.ErrorCode(err) != cityspend.ENOTFOUND {
		t.Errorf("no such buyer: %v", err)
	}
	target, err := res.Override(ctx, "3909", pid, " 923 609 016 ", "kari", " checked the invoice ")
	if err != nil || target != "org:NO-BRC:923609016" {
		t.Fatalf("override: %q %v", target, err)
	}
	ps, _ = st.Payees(ctx, "3909")
	for _, p := range ps {
		if p.ID == byName.ID && (p.Resolution.Method != cityspend.MatchManual || p.Resolution.SupplierID != target) {
			t.Errorf("the override is not applied: %+v", p.Resolution)
		}
	}
	// Kept unresolved: the payee is its own supplier again.
	target, err = res.Override(ctx, "3909", pid, "", "kari", "not this firm")
	if err != nil || target != byName.SupplierKey {
		t.Errorf("unresolved: %q %v, want %q", target, err, byName.SupplierKey)
	}
}

// SPDX-License-Identifier: EUPL-1.2

package cityspend

import "testing"

func TestRolesAndEmail(t *testing.T) {
	if !RoleAtLeast(RoleAdmin, RoleViewer) || !RoleAtLeast(RoleAnalyst, RoleAnalyst) || RoleAtLeast(RoleViewer, RoleAnalyst) ||
		RoleAtLeast("", RoleViewer) || RoleAtLeast("king", RoleViewer) {
		t.Error("RoleAtLeast")
	}
	for in, want := range map[string]string{" Kari.Nordmann@Larvik.Kommune.NO ": "kari.nordmann@larvik.kommune.no", "a@b.no": "a@b.no"} {
		if got, err := NormalizeEmail(in); err != nil || got != want {
			t.Errorf("%q: %q %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "kari", "kari@larvik", "Kari <kari@larvik.no>", "a b@c.no"} {
		if _, err := NormalizeEmail(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
	var nobody *User
	if nobody.RoleAt("3909") != "" {
		t.Error("a nil user has no role")
	}
	u := User{Email: "s@firma.no", Name: "S", SupplierID: "org:NO-BRC:923609016", Grants: []Grant{{"3909", RoleViewer}}}
	if u.Validate() == nil {
		t.Error("a supplier's user with a buyer role")
	}
}

// SPDX-License-Identifier: EUPL-1.2

package auth_test

import (
	"context"
	"testing"

	"github.com/cityspend/cityspend"
	"github.com/cityspend/cityspend/auth"
	"github.com/cityspend/cityspend/duckdb"
)

// A buyer publishes its dashboards when it says yes, and stops.
func TestPublishes(t *testing.T) {
	ctx := context.Background()
	st, err := duckdb.Open(ctx, ":memory:", duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.CreateBuyer(ctx, cityspend.Buyer{ID: "3909", Name: "Larvik kommune", Country: "NO", Currency: "NOK", FiscalStart: 1}); err != nil {
		t.Fatal(err)
	}
	check := func(what string, want bool) {
		t.Helper()
		if got, err := auth.Publishes(ctx, st, "3909"); err != nil || got != want {
			t.Errorf("%s: publishes %v %v, want %v", what, got, err, want)
		}
	}
	check("by default", false)
	for _, v := range []string{"no", "true", "1", "YES"} {
		if err := st.SetSetting(ctx, "3909", cityspend.SettingPublish, v); err != nil {
			t.Fatal(err)
		}
		check("set to "+v, false)
	}
	if err := auth.SetPublishes(ctx, st, "3909", true); err != nil {
		t.Fatal(err)
	}
	check("published", true)
	if v, _ := st.Setting(ctx, "3909", cityspend.SettingPublish); v != "yes" {
		t.Errorf("the setting is %q, the command line writes yes", v)
	}
	if err := auth.SetPublishes(ctx, st, "3909", false); err != nil {
		t.Fatal(err)
	}
	check("stopped", false)
	if v, _ := st.Setting(ctx, "3909", cityspend.SettingPublish); v != "" {
		t.Errorf("stopping leaves %q", v)
	}
}
